"""The events' iCalendar files (docs/design/events.md §7.3): the public feed per language and an
attendee's own file; times exact in UTC across a DST change and across midnight; SEQUENCE follows
the schedule; the join link only in the private file; the same bytes every time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from infofinance.events import ics, services
from infofinance.events.models import EventStatus, Registration
from tests.events_support import make_event, register_reader

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LONDON = ZoneInfo("Europe/London")


def only_event(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    (component,) = calendar.walk("VEVENT")
    return component


def lines(data: bytes) -> list[str]:
    # Unfolded: a long property continues on the next line after CRLF and a space.
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def feed(event, language):
    page = event.pages[language]
    return ics.feed_calendar([page], language)


def test_feed_in_each_language_has_its_title_url_and_name(structure):
    event = make_event(structure, title="Hội thảo trái phiếu", title_en="Bond seminar")
    vi, en = feed(event, "vi"), feed(event, "en")
    vi_calendar, en_calendar = icalendar.Calendar.from_ical(vi), icalendar.Calendar.from_ical(en)
    assert vi_calendar["PRODID"] == "-//Info Finance//Events//VI"
    assert en_calendar["PRODID"] == "-//Info Finance//Events//EN"
    assert vi_calendar["METHOD"] == en_calendar["METHOD"] == "PUBLISH"
    assert vi_calendar["X-WR-CALNAME"] == "Sự kiện của Info Finance"
    assert en_calendar["X-WR-CALNAME"] == "Info Finance events"
    vi_event, en_event = only_event(vi), only_event(en)
    assert vi_event["SUMMARY"] == "Hội thảo trái phiếu"
    assert en_event["SUMMARY"] == "Bond seminar"
    assert vi_event["URL"] == "http://testserver" + event.pages["vi"].url
    assert en_event["URL"] == "http://testserver" + event.pages["en"].url
    assert en_event["URL"].startswith("http://testserver/en/events/")
    # One UID for the seminar, whatever the language or the file.
    assert str(vi_event["UID"]) == str(en_event["UID"]) == f"event-{event.pk}@testserver"
    assert vi_event["LOCATION"] == "Khách sạn Melia, 44 Lý Thường Kiệt, Hà Nội"
    assert vi_event["STATUS"] == "CONFIRMED"
    assert "Buổi hội thảo về đầu tư" in vi_event["DESCRIPTION"]
    assert "A seminar on stock investing" in en_event["DESCRIPTION"]


def test_feed_never_carries_the_join_link_and_the_private_file_does(structure):
    event = make_event(structure, attendance="online")
    for language in ("vi", "en"):
        assert b"meet.example.com" not in feed(event, language)
    assert only_event(feed(event, "vi"))["LOCATION"] == "Trực tuyến"
    assert only_event(feed(event, "en"))["LOCATION"] == "Online"
    registration = register_reader(event, language="en").registration
    private = only_event(ics.registration_calendar(registration, event.pages["en"]))
    assert "Join online: https://meet.example.com/hoi-thao" in private["DESCRIPTION"]


def test_a_dst_change_during_the_event_is_exact_in_utc(structure):
    # London leaves GMT for BST at 01:00 on 28 March 2027: 00:30 GMT to 02:30 BST is one hour.
    starts = datetime(2027, 3, 28, 0, 30, tzinfo=LONDON)
    ends = datetime(2027, 3, 28, 2, 30, tzinfo=LONDON)
    event = make_event(structure, starts_at=starts, ends_at=ends, zone="Europe/London")
    data = feed(event, "en")
    assert "DTSTART:20270328T003000Z" in lines(data)
    assert "DTEND:20270328T013000Z" in lines(data)
    component = only_event(data)
    assert component.decoded("DTEND") - component.decoded("DTSTART") == timedelta(hours=1)
    assert b"VTIMEZONE" not in data and b"TZID" not in data


def test_an_event_across_midnight_in_vietnam_is_exact_in_utc(structure):
    starts = datetime(2027, 1, 15, 22, 0, tzinfo=HCM)
    ends = datetime(2027, 1, 16, 1, 30, tzinfo=HCM)
    event = make_event(structure, starts_at=starts, ends_at=ends)
    registration = register_reader(event).registration
    for data in (feed(event, "vi"), ics.registration_calendar(registration, event.pages["vi"])):
        assert "DTSTART:20270115T150000Z" in lines(data)
        assert "DTEND:20270115T183000Z" in lines(data)


def test_sequence_follows_the_schedule_version(structure):
    starts = datetime(2027, 2, 10, 9, 0, tzinfo=HCM)
    event = make_event(structure, starts_at=starts)
    assert "SEQUENCE:0" in lines(feed(event, "vi"))
    services.change_status(
        event, EventStatus.RESCHEDULED, by=None, new_starts_at=starts + timedelta(days=7)
    )
    services.change_status(
        event, EventStatus.RESCHEDULED, by=None, new_starts_at=starts + timedelta(days=8)
    )
    event.refresh_from_db()
    data = feed(event, "vi")
    assert event.schedule_version == 2
    assert "SEQUENCE:2" in lines(data)
    assert "DTSTART:20270218T020000Z" in lines(data)
    assert str(only_event(data)["UID"]) == f"event-{event.pk}@testserver"


@pytest.mark.parametrize(
    "status, expected",
    [
        (EventStatus.POSTPONED, "TENTATIVE"),
        (EventStatus.CANCELLED, "CANCELLED"),
        (EventStatus.MOVED_ONLINE, "CONFIRMED"),
    ],
)
def test_status_of_the_event(structure, status, expected):
    event = make_event(structure)
    services.change_status(event, status, by=None)
    event.refresh_from_db()
    assert only_event(feed(event, "vi"))["STATUS"] == expected


def test_the_private_file_is_the_same_bytes_every_time_and_stamped_by_the_confirmation(structure):
    event = make_event(structure)
    registration = register_reader(event).registration
    page = event.pages["vi"]
    first = ics.registration_calendar(registration, page)
    again = ics.registration_calendar(Registration.objects.get(pk=registration.pk), page)
    assert first == again
    stamp = registration.confirmed_at.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTAMP:{stamp}" in lines(first)
    calendar = icalendar.Calendar.from_ical(first)
    assert calendar["METHOD"] == "PUBLISH"
    assert only_event(first)["ORGANIZER"] == "mailto:no-reply@infofinance.example"


def test_the_cancellation_file_cancels_the_same_event(structure):
    event = make_event(structure)
    registration = register_reader(event).registration
    services.cancel(registration, reason="reader")
    registration.refresh_from_db()
    data = ics.registration_calendar(registration, event.pages["vi"], method=ics.CANCEL)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["METHOD"] == "CANCEL"
    component = only_event(data)
    assert component["STATUS"] == "CANCELLED"
    assert str(component["UID"]) == ics.uid(event)
    stamp = registration.cancelled_at.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTAMP:{stamp}" in lines(data)


def test_feed_of_several_events_reads_their_rows_in_one_query(
    structure, django_assert_max_num_queries
):
    events = [make_event(structure, english=False) for _ in range(3)]
    from infofinance.events.models import EventPage

    pages = list(EventPage.objects.filter(pk__in=[e.pages["vi"].pk for e in events]))
    # The organisers (two levels), the events, the site of the pages' URLs: not one per event.
    with django_assert_max_num_queries(4):
        data = ics.feed_calendar(pages, "vi")
    uids = {
        str(component["UID"]) for component in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    assert uids == {ics.uid(event) for event in events}
