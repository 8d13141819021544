"""The Brokers Hub never contradicts itself: every status line comes from the licences and
warnings, warned brokers have no badge and no direct "visit" button, regulator pages group
brokers by licence status, and the directory's links carry only its own parameters."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from infofinance.brokers import badges
from infofinance.brokers.models import Broker, Licence, Regulator
from infofinance.brokers.services import refresh_broker, save_broker
from infofinance.text.collation import sort_by_name

pytestmark = pytest.mark.django_db

LICENSED = {"vi": "Có giấy phép", "en": "Licensed"}
# Licence state → (what the supervision line says, in each language).
STATES = {
    "active": {"en": "Licensed (FCA)", "vi": "Có giấy phép (FCA)"},
    "expired": {"en": "Licence expired: not supervised", "vi": "Giấy phép đã hết hạn"},
    "suspended": {"en": "Licence suspended: not supervised", "vi": "Giấy phép bị đình chỉ"},
    "revoked": {"en": "Licence revoked: not supervised", "vi": "Giấy phép bị thu hồi"},
    "clone": {"en": "Clone warning", "vi": "Cảnh báo mạo danh"},
    "flagged": {"en": "Under a regulator's warning", "vi": "Đang bị cơ quan quản lý cảnh báo"},
    "clone_domain": {"en": "Clone warning", "vi": "Cảnh báo mạo danh"},
    "none": {"en": "Not licensed", "vi": "Không có giấy phép"},
}


@pytest.fixture
def fca():
    return Regulator.objects.create(
        name="Financial Conduct Authority", abbreviation="FCA", country="GB", tier=1
    )


def make(fca, state, name="Solid Markets", score=9):
    broker = Broker.objects.create(
        name=name,
        website="https://solid.example" if state != "clone_domain" else "https://solid-vn.example",
        country="GB",
        market_score=score,
        business_score=score,
        risk_score=score,
        software_score=score,
        market_note_vi="Chênh lệch giá hẹp.",
    )
    if state != "none":
        status = "active" if state in {"active", "flagged", "clone_domain"} else state
        expiry = timezone.localdate() + timedelta(days=-5 if state == "expired" else 400)
        Licence.objects.create(
            broker=broker,
            regulator=fca,
            number=f"N-{name}",
            status="active" if state == "expired" else status,
            expiry_date=expiry,
            approved_domains="solid.example",
            regulator_flagged=state == "flagged",
            flag_date=timezone.localdate() if state == "flagged" else None,
            flag_note_vi="Trang mạo danh dùng số giấy phép này." if state == "flagged" else "",
        )
    return refresh_broker(broker.pk)


def path(language, name, slug=""):
    prefix = {"vi": "/tra-cuu-san/", "en": "/en/broker/"}[language]
    if not slug:
        return prefix
    return prefix + (f"{slug}/{name}/" if name else f"{slug}/")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("state", list(STATES))
def test_the_supervision_line_follows_the_licences(client, structure, fca, state, language):
    broker = make(fca, state)
    html = client.get(path(language, "", broker.slug)).text
    line = re.search(r'class="supervision supervision--(\w+)">([^<]+)<', html)
    assert STATES[state][language] in unescape(line.group(2))
    assert (line.group(1) == "ok") == (state == "active")
    if state != "active":
        # No "Licensed" next to a warning, and no badge, and no direct button to its site.
        assert f">{LICENSED[language]}<" not in html and f">{LICENSED[language]} (" not in html
        assert 'class="badge' not in html
        assert 'class="button" href="https://' not in html
        assert path(language, "roi-trang" if language == "vi" else "leave", broker.slug) in html
        listing = client.get(path(language, "")).text
        assert STATES[state][language] in unescape(listing)
    else:
        assert 'class="button" href="https://solid.example"' in html
        assert "badge--recommended" in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_warning_page_names_the_regulator_date_and_text(client, structure, fca, language):
    broker = make(fca, "flagged")
    leave = path(language, "roi-trang" if language == "vi" else "leave", broker.slug)
    response = client.get(leave)
    html = response.text
    assert response.status_code == 200
    assert "FCA" in html and timezone.localdate().isoformat() in html
    assert "Trang mạo danh dùng số giấy phép này." in html
    if language == "en":
        assert 'lang="vi"' in html  # the regulator's words exist in Vietnamese only
    assert 'href="https://solid.example" rel="nofollow noopener' in html
    assert 'name="robots" content="noindex' in html


def test_badges_follow_the_published_rule():
    def facts(**kw):
        base = {"total_score": Decimal("9"), "has_warnings": False, "has_current_licence": True}
        return badges.BadgeFacts(**{**base, **kw})

    assert badges.badge_for(facts()) == "recommended"
    assert badges.badge_for(facts(has_warnings=True)) == ""
    assert badges.badge_for(facts(has_current_licence=False)) == ""
    low = {"total_score": Decimal("6")}
    assert badges.badge_for(facts(**low)) == ""
    assert badges.badge_for(facts(**low, review_count=5, review_average=Decimal("4.2"))) == (
        "favourite"
    )
    assert badges.badge_for(facts(**low, review_count=4, review_average=Decimal("5"))) == ""
    assert badges.badge_for(facts(**low, review_count=9, review_average=Decimal("1.5"))) == ""


def test_readers_reviews_move_the_favourite_badge(django_capture_on_commit_callbacks, fca):
    from infofinance.accounts.models import User
    from infofinance.reviews.services import save_review

    broker = make(fca, "active", score=6)
    assert broker.badge == ""
    for number in range(5):
        user = User.objects.create_user(f"r{number}", f"r{number}@example.com", "pw")
        with django_capture_on_commit_callbacks(execute=True):
            save_review(user=user, broker=broker, rating=5, comment="Rút tiền nhanh.")
    broker.refresh_from_db()
    assert broker.badge == "favourite"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_methodology_publishes_the_badge_rule(client, structure, language):
    html = client.get(
        "/en/broker/methodology/" if language == "en" else "/tra-cuu-san/phuong-phap-cham-diem/"
    ).text
    assert 'id="badges"' in html
    assert ("at least 5 published" in html) if language == "en" else ("ít nhất 5 đánh giá" in html)


def test_regulator_page_groups_brokers_by_licence_status(client, structure, fca):
    for number, state in enumerate(["active", "revoked", "suspended", "clone", "expired"]):
        make(fca, state, name=f"Broker {number} {state}")
    html = client.get("/en/regulators/fca/").text
    headings = re.findall(r'<h2 id="group-(\w+)"', html)
    assert headings == ["licensed", "expired", "suspended", "revoked", "clone"]
    licensed = html.split('id="group-licensed"')[1].split("<h2")[0]
    assert "Broker 0 active" in licensed and "revoked" not in licensed


@pytest.mark.parametrize("language", ["vi", "en"])
def test_score_justifications_are_shown_with_their_language(client, structure, fca, language):
    broker = make(fca, "active")
    html = client.get(path(language, "", broker.slug)).text
    assert "Chênh lệch giá hẹp." in html
    if language == "en":
        assert '<span lang="vi">Chênh lệch giá hẹp.</span>' in html and "only in Vietnamese" in html


def test_english_pages_show_english_status_labels(client, structure, fca):
    broker = make(fca, "flagged")
    html = client.get(path("en", "", broker.slug)).text.split("<main")[1]
    assert "Cảnh báo của cơ quan quản lý" not in html and "Flagged by a regulator" in html


def test_directory_links_keep_only_its_own_parameters(client, structure, fca):
    for number in range(30):
        Broker.objects.create(name=f"Broker {number:02}")
    html = client.get("/tra-cuu-san/", {"sort": "name", "utm_source": "zalo", "x": "1"}).text
    links = re.findall(r'rel="next" href="([^"]+)"', html)
    assert links and "utm_source" not in links[0] and "x=1" not in links[0]
    assert "sort=name" in links[0]


def test_score_badges_carry_no_aria_label_on_a_paragraph(client, structure, fca):
    make(fca, "active")
    html = client.get("/tra-cuu-san/").text
    assert not re.search(r"<p [^>]*aria-label=", html)


def test_country_filter_shows_names_and_names_sort_the_vietnamese_way(client, structure, fca):
    for name in ["FXProMax24", "Falconridge", "đà Nẵng FX", "Dana", "ăn Trade", "An Co"]:
        save_broker(Broker(name=name, country="VN"))
    html = client.get("/en/broker/", {"sort": "name"}).text
    assert '<option value="VN">Vietnam</option>' in html
    names = re.findall(r'class="broker-card__name"><a href="[^"]+">([^<]+)</a>', html)
    assert names == ["An Co", "ăn Trade", "Dana", "đà Nẵng FX", "Falconridge", "FXProMax24"]
    assert client.get("/tra-cuu-san/").text.count('<option value="VN">Việt Nam</option>') == 1
    assert sort_by_name(["ơ", "o", "ô", "b"]) == ["b", "o", "ô", "ơ"]


def test_compare_says_what_it_left_out(client, structure, fca):
    slugs = [make(fca, "active", name=f"Cmp {n}").slug for n in range(5)]
    html = client.get("/en/compare-brokers/", {"brokers": ",".join([*slugs, "nope"])}).text
    assert "Only the first 4 brokers are compared." in html and "Cmp 4" in html
    assert "<code>nope</code>" in html
    vi = client.get("/so-sanh-san/", {"san": ",".join(slugs[:4]), "add": "Cmp 4"}).text
    assert "Bạn chỉ có thể so sánh tối đa 4 sàn" in vi


def test_adding_a_broker_works_on_a_cached_comparison(app, structure, fca):
    from tests.test_pagecache import call

    first, second = make(fca, "active", name="Alpha One"), make(fca, "active", name="Beta Two")
    query = f"san={first.slug}"
    assert call(app, "/so-sanh-san/", query=query)[0] == 200
    assert call(app, "/so-sanh-san/", query=query)[1]["X-Cache"] == "HIT"
    status, headers, _body = call(app, "/so-sanh-san/", query=f"{query}&add=Beta+Two")
    assert status == 302
    assert headers["Location"].endswith(f"san={first.slug}%2C{second.slug}")


def test_the_brokers_admin_speaks_vietnamese(client, staff_login, django_user_model, fca):
    from wagtail.users.models import UserProfile

    make(fca, "flagged")
    user = django_user_model.objects.create_superuser("staff", "s@example.com", "pw")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "vi"})
    staff_login(client, user)
    html = client.get("/admin/snippets/brokers/broker/").text
    assert "False" not in html and "True" not in html
    assert "Tình trạng giấy phép" in html or "tình trạng giấy phép" in html
    edit = client.get(f"/admin/snippets/brokers/broker/edit/{Broker.objects.get().pk}/").text
    for english in ("regulator's warning (Vietnamese)", "Awarded by the published rule"):
        assert english not in edit
