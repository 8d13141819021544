"""The markets in the Wagtail admin: the pages answer a market editor and refuse staff without
the permissions; a release entered in its own zone is stored in UTC through the service and
keeps a revision; service errors come back on the form; the "as shown at" page; the upload of
an import file with its errors by line; prices saved through services.record_price."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from infofinance.markets import admin_views
from infofinance.markets.models import Price, Release, ReleaseRevision
from infofinance.markets.services import save_release
from infofinance.markets.setup import MARKET_EDITORS
from tests.markets_support import make_indicator, make_instrument, make_release

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def make_staff(email, *groups):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password="x-Secret-123", is_staff=True
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_staff("thitruong@infofinance.example", MARKET_EDITORS)


@pytest.fixture
def editor_client(editor, staff_login):
    return staff_login(Client(), editor)


@pytest.fixture
def outsider_client(db, staff_login):
    """Staff who may enter the admin (Wagtail's access_admin) but have no markets permission."""
    from django.contrib.auth.models import Permission

    user = make_staff("khac@infofinance.example")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return staff_login(Client(), user)


@pytest.fixture
def cpi(db):
    return make_indicator(pages=False, code="us-cpi", release_zone="America/New_York")


@pytest.fixture
def release(cpi):
    return make_release(
        cpi,
        period=date(2026, 1, 1),
        scheduled_at=datetime(2026, 2, 11, 13, 30, tzinfo=UTC),
        forecast="3.0",
        previous="2.9",
    )


def admin_urls(release, price=None):
    urls = [
        reverse("markets_indicators:index"),
        reverse("markets_indicators:add"),
        reverse("markets_indicators:edit", args=[release.indicator_id]),
        reverse("markets_releases:index"),
        reverse("markets_releases:add"),
        reverse("markets_releases:edit", args=[release.pk]),
        reverse("markets_releases:revisions", args=[release.pk]),
        reverse("markets_instruments:index"),
        reverse("markets_prices:index"),
        reverse("markets_prices:add"),
        reverse("markets_import_sources:index"),
        reverse("markets_import_sources:add"),
        reverse("markets_import_releases"),
    ]
    if price is not None:
        urls.append(reverse("markets_prices:edit", args=[price.pk]))
    return urls


def test_the_pages_answer_a_market_editor_and_refuse_others(
    editor_client, outsider_client, release
):
    instrument = make_instrument(pages=False)
    price = Price.objects.create(
        instrument=instrument, at=datetime(2026, 12, 1, 3, tzinfo=UTC), close=Decimal("2650.5")
    )
    for url in admin_urls(release, price):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert refused(outsider_client.get(url)), url
    anonymous = Client().get(reverse("markets_releases:index"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_markets_menu_lists_the_import(editor_client):
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("markets_import_releases") in body
    assert reverse("markets_releases:index") in body


def test_the_release_list_filters(editor_client, cpi, release):
    other = make_indicator(
        pages=False, code="vn-cpi", country="VN", release_zone="Asia/Ho_Chi_Minh"
    )
    make_release(other, period=date(2026, 1, 1), scheduled_at=datetime(2026, 2, 6, 2, tzinfo=UTC))
    index = reverse("markets_releases:index")
    by_country = editor_client.get(index, {"country": "VN"})
    assert by_country.status_code == 200
    assert "vn-cpi" in by_country.content.decode() and "us-cpi" not in by_country.content.decode()
    by_status = editor_client.get(index, {"status": "released"})
    assert "us-cpi" not in by_status.content.decode()
    by_indicator = editor_client.get(index, {"indicator": cpi.pk})
    assert "us-cpi" in by_indicator.content.decode()
    assert "vn-cpi" not in by_indicator.content.decode()
    by_date = editor_client.get(
        index, {"scheduled_from": "2026-02-10", "scheduled_to": "2026-02-12"}
    )
    assert "us-cpi" in by_date.content.decode() and "vn-cpi" not in by_date.content.decode()
    bad = editor_client.get(index, {"status": "nonsense", "scheduled_from": "soon"})
    assert bad.status_code == 200


def form_data(indicator, **values):
    data = {
        "indicator": indicator.pk,
        "period_kind": "",
        "period_start": "2026-02-01",
        "scheduled_local": "2026-03-11T08:30",
        "entered_zone": "America/New_York",
        "status": "scheduled",
        "importance": "",
        "actual": "",
        "forecast": "2.8",
        "previous": "3.1",
        "revised_previous": "",
        "note": "",
    }
    data.update(values)
    return data


def test_a_release_entered_in_its_zone_is_stored_in_utc_with_a_revision(editor_client, editor, cpi):
    response = editor_client.post(reverse("markets_releases:add"), form_data(cpi))
    assert response.status_code == 302, response.content.decode()[:2000]
    release = Release.objects.get(indicator=cpi, period_start=date(2026, 2, 1))
    assert release.scheduled_at == datetime(2026, 3, 11, 12, 30, tzinfo=UTC)  # EDT
    assert release.importance == cpi.importance and release.country == cpi.country
    revision = ReleaseRevision.objects.get(release=release)
    assert revision.actor == editor and revision.values["forecast"] == "2.8"


def test_a_release_edit_keeps_a_revision(editor_client, editor, release):
    edit = reverse("markets_releases:edit", args=[release.pk])
    page = editor_client.get(edit)
    assert 'value="2026-02-11T08:30"' in page.content.decode()  # 13:30 UTC in New York (EST)
    response = editor_client.post(
        edit,
        form_data(
            release.indicator,
            period_start="2026-01-01",
            scheduled_local="2026-02-11T08:30",
            actual="3.2",
            forecast="3.0",
            previous="2.9",
            revised_previous="3.0",
            note="BLS revised December",
        ),
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.actual == Decimal("3.2") and release.revised_previous == Decimal("3.0")
    assert release.status == "released"
    assert release.scheduled_at == datetime(2026, 2, 11, 13, 30, tzinfo=UTC)  # unchanged
    revision = ReleaseRevision.objects.get(release=release)
    assert revision.actor == editor and revision.note == "BLS revised December"
    assert revision.values["revised_previous"] == "3"
    # The same form again changes nothing and keeps no new revision.
    editor_client.post(
        edit,
        form_data(
            release.indicator,
            period_start="2026-01-01",
            scheduled_local="2026-02-11T08:30",
            status="released",
            actual="3.2",
            forecast="3.0",
            previous="2.9",
            revised_previous="3.0",
        ),
    )
    assert ReleaseRevision.objects.filter(release=release).count() == 1


def test_service_errors_come_back_on_the_form(editor_client, cpi):
    response = editor_client.post(
        reverse("markets_releases:add"),
        form_data(cpi, scheduled_local="2030-01-10T08:30", actual="3.0", entered_zone="UTC"),
    )
    assert response.status_code == 200
    assert "actual" in response.context["form"].errors
    skipped = editor_client.post(
        reverse("markets_releases:add"), form_data(cpi, scheduled_local="2026-03-08T02:30")
    )
    assert "scheduled_local" in skipped.context["form"].errors
    unknown_zone = editor_client.post(
        reverse("markets_releases:add"), form_data(cpi, entered_zone="Moon/Base")
    )
    assert "entered_zone" in unknown_zone.context["form"].errors
    comma = editor_client.post(reverse("markets_releases:add"), form_data(cpi, forecast="2,8"))
    assert "forecast" in comma.context["form"].errors
    assert not Release.objects.exists()


def test_the_as_shown_at_page_reconstructs_a_revised_previous(editor_client, release):
    save_release(release, values={"previous": "2.9"})  # a first revision (a no-op: no row)
    save_release(release, values={"forecast": "3.1"})
    first = ReleaseRevision.objects.get(release=release)
    ReleaseRevision.objects.filter(pk=first.pk).update(at=datetime(2026, 2, 1, 0, 0, tzinfo=UTC))
    save_release(release, values={"revised_previous": "3.05"})
    ReleaseRevision.objects.filter(release=release).exclude(pk=first.pk).update(
        at=datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
    )
    url = reverse("markets_releases:revisions", args=[release.pk])
    before = editor_client.get(url, {"at": "2026-02-15T12:00"})
    after = editor_client.get(url, {"at": "2026-03-02T12:00"})
    earlier = editor_client.get(url, {"at": "2026-01-01T12:00"})
    assert before.context["shown"]["revised_previous"] is None
    assert before.context["shown"]["forecast"] == Decimal("3.1")
    assert after.context["shown"]["revised_previous"] == Decimal("3.05")
    assert 'data-value="3.05"' in after.content.decode()
    assert earlier.context["shown"] is None
    assert len(after.context["rows"]) == 2
    assert editor_client.get(url, {"at": "not a time"}).status_code == 200


def test_an_upload_with_errors_lists_them_by_line(editor_client, cpi):
    data = (
        b"\xef\xbb\xbfindicator;period;scheduled;forecast\r\n"
        b"us-cpi;2026-02;2026-03-11 08:30;2,8\r\n"
        b"us-nope;2026-02;2026-03-11 08:30;2.8\r\n"
    )
    response = editor_client.post(
        reverse("markets_import_releases"),
        {"file": SimpleUploadedFile("r.csv", data, "text/csv"), "format": "csv"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-line="2"' in body and 'data-line="3"' in body
    assert not Release.objects.exists()


def test_an_upload_is_imported(editor_client, editor, cpi):
    data = b"indicator,period,scheduled,forecast\r\nus-cpi,2026-02,2026-03-11 08:30,2.8\r\n"
    response = editor_client.post(
        reverse("markets_import_releases"),
        {"file": SimpleUploadedFile("r.csv", data, "text/csv"), "format": "csv"},
    )
    assert response.status_code == 200
    assert response.context["done"].created == 1
    release = Release.objects.get()
    assert release.scheduled_at == datetime(2026, 3, 11, 12, 30, tzinfo=UTC)
    assert ReleaseRevision.objects.get(release=release).actor == editor


def test_an_upload_too_large_is_refused(editor_client, cpi, monkeypatch):
    monkeypatch.setattr(admin_views, "IMPORT_MAX_BYTES", 10)
    response = editor_client.post(
        reverse("markets_import_releases"),
        {"file": SimpleUploadedFile("r.csv", b"x" * 100, "text/csv"), "format": "csv"},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Release.objects.exists()


def test_a_price_is_saved_through_record_price(editor_client, editor, monkeypatch):
    instrument = make_instrument(pages=False)
    calls = []

    def record_price(
        instrument, *, at, close, open=None, high=None, low=None, source="", actor=None
    ):
        calls.append(
            {
                "instrument": instrument,
                "at": at,
                "close": close,
                "open": open,
                "source": source,
                "actor": actor,
            }
        )
        return Price.objects.create(instrument=instrument, at=at, close=close, source=source)

    monkeypatch.setattr(admin_views.services, "record_price", record_price)
    response = editor_client.post(
        reverse("markets_prices:add"),
        {
            "instrument": instrument.pk,
            "at": "2026-12-07T09:00",
            "close": "2650.25",
            "open": "",
            "high": "",
            "low": "",
            "source": "LBMA",
        },
    )
    assert response.status_code == 302
    assert calls == [
        {
            "instrument": instrument,
            "at": datetime(2026, 12, 7, 2, 0, tzinfo=UTC),  # 09:00 in Vietnam
            "close": Decimal("2650.25"),
            "open": None,
            "source": "LBMA",
            "actor": editor,
        }
    ]


def test_the_import_offers_releases_and_prices(editor_client):
    response = editor_client.get(reverse("markets_import_releases"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="content" value="releases"' in body and 'name="content" value="prices"' in body


def test_an_upload_of_prices_is_imported(editor_client, editor):
    instrument = make_instrument(pages=False, code="xau-usd")
    data = b"\xef\xbb\xbfinstrument;at;close\r\nxau-usd;2026-12-01 16:00;2650.5\r\n"
    response = editor_client.post(
        reverse("markets_import_releases"),
        {
            "content": "prices",
            "file": SimpleUploadedFile("p.csv", data, "text/csv"),
            "format": "csv",
        },
    )
    assert response.status_code == 200
    done = response.context["done"]
    assert done.created == 1 and done.content == "prices" and done.actor == editor
    price = Price.objects.get(instrument=instrument)
    assert price.at == datetime(2026, 12, 1, 9, tzinfo=UTC) and price.close == Decimal("2650.5")
    assert 'data-testid="markets-recent-imports"' in response.content.decode()


def test_an_upload_of_prices_with_errors_lists_them_by_line(editor_client):
    make_instrument(pages=False, code="xau-usd")
    data = b"instrument,at,close\r\nxau-usd,2026-12-01 16:00,-1\r\nxau-eur,2026-12-01 16:00,1\r\n"
    response = editor_client.post(
        reverse("markets_import_releases"),
        {
            "content": "prices",
            "file": SimpleUploadedFile("p.csv", data, "text/csv"),
            "format": "csv",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-line="2"' in body and 'data-line="3"' in body
    assert not Price.objects.exists()


def test_a_prices_import_needs_the_price_permissions(db, staff_login):
    from django.contrib.auth.models import Permission

    user = make_staff("lich@infofinance.example")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "add_releaseimport",
                "add_release",
                "change_release",
            ]
        )
    )
    client = staff_login(Client(), user)
    make_instrument(pages=False, code="xau-usd")
    data = b"instrument,at,close\r\nxau-usd,2026-12-01 16:00,1\r\n"
    response = client.post(
        reverse("markets_import_releases"),
        {
            "content": "prices",
            "file": SimpleUploadedFile("p.csv", data, "text/csv"),
            "format": "csv",
        },
    )
    assert response.status_code == 200
    assert "content" in response.context["form"].errors
    assert not Price.objects.exists()
