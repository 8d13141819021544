"""The calendar's iCalendar feed (docs/design/markets.md §2, §5): `lich.ics` under the Vietnamese
index and `calendar.ics` under the English one, parsed by `icalendar`; the same filters as the
page; the past 30 days and the next 180; a UID per release that stays when the release moves;
DTSTART in UTC; the summary and description in the feed's language.

The requests go through the URLs readers subscribe to (`/lich-kinh-te/lich.ics`,
`/en/economic-calendar/calendar.ics`, registered with the markets' feeds)."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from django.http import Http404
from django.test import RequestFactory
from freezegun import freeze_time

from infofinance.markets import views
from infofinance.markets.models import ICS_NAMES
from tests.markets_support import index_pages, make_indicator, make_release

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
VI, EN = "vi", "en"


class Client:
    """`get(language, query)`: the feed of that language, at its URL."""

    def __init__(self, client):
        self.client = client

    def get(self, language, query=None):
        page = index_pages()[("calendar", language)]
        return self.client.get(page.url + ICS_NAMES[language], query or {})


@pytest.fixture
def client(client):
    return Client(client)


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def _setup():
    us = make_indicator(importance=3)
    vn = make_indicator(
        country="VN",
        currency="VND",
        importance=2,
        name_vi="CPI Việt Nam",
        name_en="Vietnam CPI",
        release_zone="Asia/Ho_Chi_Minh",
    )
    pmi = make_indicator(category="manufacturing", importance=1, name_en="US PMI", name_vi="PMI Mỹ")
    released = make_release(
        us,
        period=date(2026, 11, 1),
        scheduled_at=NOW - timedelta(days=2),
        actual="3.2",
        forecast="3.1",
        previous="3.0",
        status="released",
    )
    make_release(vn, period=date(2026, 11, 1), scheduled_at=NOW + timedelta(days=3))
    make_release(pmi, period=date(2026, 11, 1), scheduled_at=NOW + timedelta(days=1))
    make_release(us, period=date(2026, 10, 1), scheduled_at=NOW - timedelta(days=31))  # too old
    make_release(us, period=date(2027, 6, 1), scheduled_at=NOW + timedelta(days=181))  # too far
    return us, vn, pmi, released


@freeze_time(NOW)
def test_the_feed_parses_and_spans_30_days_back_and_180_ahead(client, structure):
    us, _vn, _pmi, released = _setup()
    found = events(client.get(VI))
    assert len(found) == 3
    (first,) = [event for event in found if str(event["uid"]).startswith(f"release-{released.pk}@")]
    assert first.decoded("dtstart") == NOW - timedelta(days=2)
    assert first.decoded("dtstart").tzinfo is not None
    assert first.decoded("dtstart").utcoffset() == timedelta(0)
    assert b"DTSTART:20261205T050000Z" in client.get(VI).content
    summary = str(first["summary"])
    assert "Hoa Kỳ" in summary and us.name_vi in summary and "Th11 2026" in summary
    description = str(first["description"])
    assert "3,2%" in description and "3,1%" in description
    assert "http" in description and us.pages_by_language["vi"].url in description
    assert str(first["url"]).endswith(us.pages_by_language["vi"].url)


@freeze_time(NOW)
def test_english_feed_in_english(client, structure):
    us, _vn, _pmi, released = _setup()
    found = events(client.get(EN))
    (first,) = [event for event in found if str(event["uid"]).startswith(f"release-{released.pk}@")]
    assert "United States" in str(first["summary"]) and "Nov 2026" in str(first["summary"])
    description = str(first["description"])
    assert "Actual: 3.2%" in description and "Forecast: 3.1%" in description
    assert us.pages_by_language["en"].url in description


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("path", "query", "count"),
    [
        (VI, {"nuoc": "vn"}, 1),
        (VI, {"nuoc": "us,vn", "muc": "2"}, 2),
        (VI, {"muc": "3"}, 1),
        (VI, {"nhom": "manufacturing"}, 1),
        (EN, {"country": "us"}, 2),
        (EN, {"importance": "3", "country": "us,vn"}, 1),
        (EN, {"country": "zz", "importance": "9"}, 3),  # unknown values ignored
    ],
)
def test_the_filters_apply(client, structure, path, query, count):
    _setup()
    assert len(events(client.get(path, query))) == count


@freeze_time(NOW)
def test_the_uid_stays_when_the_release_moves(client, structure):
    _us, _vn, pmi, _released = _setup()
    release = pmi.releases.get()
    before = [e for e in events(client.get(VI)) if f"release-{release.pk}@" in str(e["uid"])]
    release.scheduled_at += timedelta(hours=5)
    release.save()
    after = [e for e in events(client.get(VI)) if f"release-{release.pk}@" in str(e["uid"])]
    assert str(before[0]["uid"]) == str(after[0]["uid"])
    assert after[0].decoded("dtstart") == before[0].decoded("dtstart") + timedelta(hours=5)


@freeze_time(NOW)
def test_each_language_has_its_own_file_name(structure):
    pages = index_pages()
    request = RequestFactory().get("/")
    with pytest.raises(Http404):
        views.calendar_ics(pages[("calendar", "vi")], request, "calendar")
    with pytest.raises(Http404):
        views.calendar_ics(pages[("calendar", "en")], request, "lich")
    assert views.calendar_ics(pages[("calendar", "vi")], request, "lich").status_code == 200
    assert views.calendar_ics(pages[("calendar", "en")], request, "calendar").status_code == 200
