"""The banners' staff reports: the SVG chart (accessible, no inline style, plain numbers in the
markup and the staff member's language in its texts), the CSV (ISO days, plain numbers, a
byte-order mark, formula-safe cells), the admin pages per banner, per advertiser and their
index (totals, table per day, refused periods shown on the page), and their permission."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from wagtail.images import get_image_model

from infofinance.banners import admin_reports, reports
from infofinance.banners.dates import vietnam_today
from infofinance.banners.models import Advertiser, Banner, BannerDay
from infofinance.banners.selectors import DayRow
from infofinance.banners.setup import MANAGERS

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
NUMERIC_ATTRIBUTES = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "height", "stroke-width"}
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d)?")


# -- data --------------------------------------------------------------------------------------


def make_image():
    buffer = io.BytesIO()
    Image.new("RGB", (970, 90), (30, 90, 160)).save(buffer, "PNG")
    image = get_image_model()(title="Banner test", alt_text="Banner test")
    image.file = ImageFile(buffer, name="banner-test.png")
    image.save()
    return image


def make_banner(advertiser, name="Mở tài khoản", *, starts=None, days=10, image=None):
    starts = starts or datetime(2026, 1, 1, tzinfo=UTC) - timedelta(hours=7)
    return Banner.objects.create(
        name=name,
        advertiser=advertiser,
        placement="top",
        language="vi",
        desktop_image=image or make_image(),
        link="https://example.com/",
        alt_text="Mở tài khoản chứng khoán",
        starts_at=starts,
        ends_at=starts + timedelta(days=days),
    )


def count(banner, day, impressions, clicks):
    BannerDay.objects.create(banner=banner, day=day, impressions=impressions, clicks=clicks)


@pytest.fixture
def advertiser(db):
    return Advertiser.objects.create(name="Công ty Chứng khoán Sao Việt")


@pytest.fixture
def banner(advertiser):
    banner = make_banner(advertiser)
    count(banner, date(2026, 1, 1), 1234, 12)
    count(banner, date(2026, 1, 3), 10000, 123)
    return banner


def make_staff(email, *groups, language=None):
    from allauth.account.models import EmailAddress
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password="x-Secret-123", is_staff=True
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


@pytest.fixture
def manager_client(db, staff_login):
    return staff_login(Client(), make_staff("quangcao@infofinance.example", MANAGERS))


@pytest.fixture
def english_client(db, staff_login):
    user = make_staff("ads@infofinance.example", MANAGERS, language="en")
    return staff_login(Client(), user)


@pytest.fixture
def outsider_client(db, staff_login):
    """Staff who may enter the admin but have no banners permission."""
    user = make_staff("khac@infofinance.example")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return staff_login(Client(), user)


def report_urls(banner):
    return [
        reverse("banners_reports"),
        reverse("banners_report_banner", args=[banner.pk]),
        reverse("banners_report_banner_csv", args=[banner.pk]),
        reverse("banners_report_advertiser", args=[banner.advertiser_id]),
        reverse("banners_report_advertiser_csv", args=[banner.advertiser_id]),
    ]


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def csv_lines(response) -> list[str]:
    return response.content.decode("utf-8").split("\r\n")


# -- the chart -----------------------------------------------------------------------------------


DAYS = [
    DayRow(date(2026, 1, 5), 1234, 12),
    DayRow(date(2026, 1, 6), 0, 0),
    DayRow(date(2026, 1, 7), 2500, 40),
]


@pytest.mark.parametrize(
    "language, day_label, count_text, axis_word",
    [("vi", "5/1", "1.234", "Impressions"), ("en", "Jan 5", "1,234", "Impressions")],
)
def test_the_chart_is_an_accessible_svg_in_the_staff_language(
    language, day_label, count_text, axis_word
):
    with translation.override(language):
        axis_word = gettext(axis_word)
    svg = str(reports.chart_svg(DAYS, language))
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text and count_text not in title.text
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert day_label in texts
    assert axis_word in texts
    tooltips = " ".join(element.text for element in root.iter(f"{SVG}title"))
    assert count_text in tooltips  # 1234 impressions, in the staff language
    assert "style=" not in svg and "<script" not in svg.lower()


def test_the_charts_markup_numbers_are_plain_whatever_the_language():
    svg = str(reports.chart_svg(DAYS, "vi"))
    root = ET.fromstring(svg)
    checked = 0
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in NUMERIC_ATTRIBUTES or (name == "width" and element.tag != f"{SVG}svg"):
                assert PLAIN_NUMBER.fullmatch(value), (element.tag, name, value)
                checked += 1
    assert checked > 20
    assert root.get("viewBox") == f"0 0 {reports.WIDTH} {reports.HEIGHT}"
    line = root.find(f".//{SVG}polyline")
    assert all(re.fullmatch(r"\d+(\.\d)?,\d+(\.\d)?", p) for p in line.get("points").split())


def test_a_years_chart_thins_its_day_labels():
    start = date(2025, 1, 1)
    days = [DayRow(start + timedelta(days=i), i, i % 7) for i in range(366)]
    root = ET.fromstring(str(reports.chart_svg(days, "en")))
    labels = [
        t.text
        for t in root.iter(f"{SVG}text")
        if t.text and re.fullmatch(r"[A-Z][a-z]{2} \d+", t.text)
    ]
    assert 4 <= len(labels) <= (reports.WIDTH - reports.LEFT - reports.RIGHT) // 56
    assert labels[0] == "Jan 1"
    assert len(list(root.iter(f"{SVG}rect"))) == 366 + 1  # a bar a day, the legend's swatch
    assert not list(root.iter(f"{SVG}circle"))[1:]  # too many days for a dot each


def test_axes_round_up_to_whole_steps():
    assert reports.nice_axis(0) == (4, 1)
    assert reports.nice_axis(3) == (4, 1)
    assert reports.nice_axis(7) == (8, 2)
    top, step = reports.nice_axis(1234)
    assert top >= 1234 and step == 500
    assert reports.chart_svg([], "vi") == ""


# -- CSV -------------------------------------------------------------------------------------


def test_csv_rows_have_iso_days_plain_numbers_and_safe_cells():
    rows = reports.csv_rows(
        [DayRow(date(2026, 1, 5), 10000, 123), DayRow(date(2026, 1, 6), 0, 0)],
        heading=[["Banner", '=HYPERLINK("http://evil.example","x")'], ["Advertiser", "+1"]],
        language="en",
    )
    assert rows[0] == ["Banner", '\'=HYPERLINK("http://evil.example","x")']
    assert rows[1] == ["Advertiser", "'+1"]
    assert rows[2] == ["From", "2026-01-05", "To", "2026-01-06"]
    assert rows[4] == ["Day", "Impressions", "Clicks", "Click rate"]
    assert rows[5] == ["2026-01-05", "10000", "123", "0.0123"]
    assert rows[6] == ["2026-01-06", "0", "0", ""]


def test_the_banner_csv_download(manager_client, advertiser):
    evil = make_banner(advertiser, name='=HYPERLINK("http://evil.example","Bấm")')
    count(evil, date(2026, 1, 2), 10000, 123)
    url = reverse("banners_report_banner_csv", args=[evil.pk])
    response = manager_client.get(url, {"from": "2026-01-01", "to": "2026-01-03"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="banner-{evil.pk}-')
    assert response.content.startswith("\ufeff".encode())
    lines = csv_lines(response)
    evil_cell = '"\'=HYPERLINK(""http://evil.example"",""Bấm"")"'
    assert lines[0] == f"\ufeff{vi('Banner')},{evil_cell}"
    assert lines[1] == f"{vi('Advertiser')},{advertiser.name}"
    assert "2026-01-01,0,0," in lines
    assert "2026-01-02,10000,123,0.0123" in lines
    assert lines.index("2026-01-03,0,0,") == len(lines) - 2  # then the final line break


def test_the_advertiser_csv_sums_its_banners(manager_client, advertiser, banner):
    other = make_banner(advertiser, name="Khác", image=banner.desktop_image)
    count(other, date(2026, 1, 3), 5000, 77)
    response = manager_client.get(
        reverse("banners_report_advertiser_csv", args=[advertiser.pk]),
        {"from": "2026-01-01", "to": "2026-01-03"},
    )
    assert response.status_code == 200
    lines = csv_lines(response)
    assert lines[0] == f"\ufeff{vi('Advertiser')},{advertiser.name}"
    assert "2026-01-01,1234,12,0.009724" in lines
    assert "2026-01-03,15000,200,0.013333" in lines


def test_a_csv_of_a_refused_period_is_a_400(manager_client, banner):
    url = reverse("banners_report_banner_csv", args=[banner.pk])
    response = manager_client.get(url, {"from": "abc"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


# -- the pages -----------------------------------------------------------------------------------


def test_the_banner_report_shows_totals_days_chart_and_csv_link(manager_client, banner):
    url = reverse("banners_report_banner", args=[banner.pk])
    response = manager_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The default period: the banner's schedule (Jan 1 to 10, 2026, Vietnam days).
    assert 'name="from" value="2026-01-01"' in html and 'name="to" value="2026-01-10"' in html
    assert 'data-value="11234"' in html and "11.234" in html  # total impressions, in Vietnamese
    assert 'data-day="2026-01-03"' in html and "1,23%" in html  # 123 / 10000
    assert html.count('<tr data-day="') == 10
    assert '<svg class="banner-report-chart" role="img"' in html
    assert f'href="{url}csv/?from=2026-01-01&amp;to=2026-01-10"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_report_follows_the_staff_language(english_client, banner):
    response = english_client.get(reverse("banners_report_banner", args=[banner.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "11,234" in html and "1.23%" in html and "Sat, Jan 3, 2026" in html


def test_a_period_can_be_chosen(manager_client, banner):
    url = reverse("banners_report_banner", args=[banner.pk])
    response = manager_client.get(url, {"from": "2026-01-03", "to": "2026-01-04"})
    html = response.content.decode()
    assert html.count('<tr data-day="') == 2
    assert 'data-value="10000"' in html and 'data-value="11234"' not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ({"from": "abc"}, "“abc”"),
        ({"from": "2026-02-30"}, "“2026-02-30”"),
        ({"to": "<b>x</b>"}, "&lt;b&gt;x&lt;/b&gt;"),
        ({"from": "2026-01-05", "to": "2026-01-04"}, "The end of the period is before its start."),
        ({"from": "2024-01-01", "to": "2026-01-01"}, "366"),
        ({"from": "9999-12-30", "to": "9999-12-31"}, "“9999-12-31”"),
    ],
)
def test_a_refused_period_is_explained_on_the_page(manager_client, banner, query, message):
    for name in ("banners_report_banner", "banners_report_advertiser"):
        pk = banner.pk if name == "banners_report_banner" else banner.advertiser_id
        response = manager_client.get(reverse(name, args=[pk]), query)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="banners-report-errors"' in html
        assert vi(message) in html if message.startswith("The") else message in html
        assert '<svg class="banner-report-chart"' not in html and "<b>x</b>" not in html


def test_a_schedule_longer_than_the_limit_shows_its_last_days(manager_client, advertiser):
    long = make_banner(advertiser, starts=datetime(2024, 1, 1, tzinfo=UTC), days=800)
    response = manager_client.get(reverse("banners_report_banner", args=[long.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="banners-report-shortened"' in html
    assert html.count('<tr data-day="') == admin_reports.MAX_DAYS


def test_the_advertiser_report_sums_and_lists_its_banners(manager_client, advertiser, banner):
    other = make_banner(advertiser, name="Ưu đãi phí", image=banner.desktop_image)
    count(other, date(2026, 1, 3), 5000, 77)
    response = manager_client.get(reverse("banners_report_advertiser", args=[advertiser.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-value="16234"' in html  # 1234 + 10000 + 5000
    banner_url = reverse("banners_report_banner", args=[other.pk])
    assert f'href="{banner_url}?from=2026-01-01&amp;to=2026-01-10"' in html
    table = html.split('data-testid="banners-report-banners"', 1)[1]
    assert 'data-value="5000"' in table and 'data-value="11234"' in table


def test_the_index_lists_advertisers_and_recent_banners(manager_client, advertiser):
    today = vietnam_today()
    recent = make_banner(advertiser, name="Đang chạy", starts=datetime.now(UTC) - timedelta(days=3))
    old = make_banner(advertiser, name="Cũ", image=recent.desktop_image)  # January 2026
    count(recent, today - timedelta(days=1), 300, 3)
    count(recent, today - timedelta(days=40), 999, 9)  # outside the 30 days
    quiet = Advertiser.objects.create(name="Chưa quảng cáo")
    response = manager_client.get(reverse("banners_reports"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("banners_report_advertiser", args=[advertiser.pk]) in html
    assert reverse("banners_report_advertiser", args=[quiet.pk]) in html
    assert reverse("banners_report_banner", args=[recent.pk]) in html
    if old.ends_at < datetime.now(UTC) - timedelta(days=31):
        assert reverse("banners_report_banner", args=[old.pk]) + '"' not in html
    assert html.count('data-value="300"') == 2  # the advertiser's and the banner's row
    assert 'data-value="1299"' not in html


# -- permissions ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, banner):
    for url in report_urls(banner):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url


def test_staff_without_the_permission_are_refused(outsider_client, banner):
    for url in report_urls(banner):
        assert refused(outsider_client.get(url)), url


def test_banner_managers_see_every_report(manager_client, banner):
    for url in report_urls(banner):
        assert manager_client.get(url).status_code == 200, url


def test_unknown_banners_and_advertisers_are_404(manager_client, banner):
    for name in (
        "banners_report_banner",
        "banners_report_banner_csv",
        "banners_report_advertiser",
        "banners_report_advertiser_csv",
    ):
        assert manager_client.get(reverse(name, args=[987654])).status_code == 404, name


def test_the_admin_mounts_the_reports(settings):
    """wagtail_hooks registers admin_reports.urlpatterns under /admin/."""
    from django.urls import get_resolver

    resolver = get_resolver("infofinance.urls")
    assert resolver.reverse("banners_reports") == "admin/banners/reports/"
    assert resolver.reverse("banners_report_banner_csv", 1) == (
        "admin/banners/reports/banner/1/csv/"
    )
