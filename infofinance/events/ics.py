"""iCalendar documents (RFC 5545) of events: the public feed of upcoming events and the private
file of one registration (the ticket e-mail's `invite.ics`, its `cancel.ics`, the ticket page's
download). docs/design/events.md §7.3.

One UID per event, shared by the feed and every attachment (`uid`), so a calendar that has the
event from the feed and from a ticket keeps one entry, and an update or cancellation replaces
it. Times are written in UTC (`…Z`), not as TZID with a VTIMEZONE: every client converts them
to its own zone, and there is no zone table to get wrong. SEQUENCE is the event's
`schedule_version` (moved when it is rescheduled); DTSTAMP is a time the caller chooses from
the data (the confirmation, the change, the row's last update), never the time of writing, so
that a file sent twice is the same bytes. The join link of an online event is written only in
the private file."""

from datetime import UTC, datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from infofinance.core.structured_data import ORGANIZATION_NAME, absolute

from .models import Attendance, Event, EventStatus

PUBLISH, CANCEL = "PUBLISH", "CANCEL"

_STATUS: dict[str, str] = {EventStatus.POSTPONED: "TENTATIVE", EventStatus.CANCELLED: "CANCELLED"}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "infofinance.invalid"


def uid(event: Event) -> str:
    """`event-<pk>@<site host>`: the same in the feed and in every attachment."""
    return f"event-{event.pk}@{_host()}"


def utc(value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def location(event: Event, language: str) -> str:
    """The venue and its address, "Online" / "Trực tuyến", or both for a mixed event."""
    with translation.override(language):
        online = pgettext("event location", "Online")
    place = ", ".join(
        part
        for part in (
            event.venue_name,
            event.street_address,
            event.locality,
            event.region,
            event.postal_code,
        )
        if part
    )
    if event.attendance == Attendance.ONLINE or not place:
        return online
    if event.attendance == Attendance.MIXED:
        return f"{place} / {online}"
    return place


def page_url(page) -> str:
    return absolute(page.url or "")


def _organiser_name(page) -> str:
    links = getattr(page, "organiser_links", None)
    if links is not None:
        for link in links.all():
            return link.organiser.name
    return ORGANIZATION_NAME


def _organizer(page) -> icalendar.vCalAddress:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or f"no-reply@{_host()}"
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = icalendar.vText(_organiser_name(page))
    return organizer


def description(event: Event, page, language: str, *, private: bool = False) -> str:
    """The page's summary and address; the join link only in an attendee's own file."""
    lines = [page.summary.strip()] if getattr(page, "summary", "") else []
    lines.append(page_url(page))
    if private and event.online_url and event.is_online:
        with translation.override(language):
            lines.append(gettext("Join online: %(url)s") % {"url": event.online_url})
    return "\n\n".join(lines)


def vevent(
    event: Event,
    page,
    language: str,
    *,
    stamp: datetime,
    private: bool = False,
    cancelled: bool = False,
) -> icalendar.Event:
    """One VEVENT of `event` as `page` (its page in `language`) presents it. `cancelled`: the
    reader's registration ended, whatever the event's own status (METHOD:CANCEL)."""
    component = icalendar.Event()
    component.add("uid", uid(event))
    component.add("dtstamp", utc(stamp))
    component.add("sequence", event.schedule_version)
    component.add("dtstart", utc(event.starts_at))
    component.add("dtend", utc(event.ends_at))
    component.add("summary", page.title)
    component.add("description", description(event, page, language, private=private))
    component.add("location", location(event, language))
    component.add("url", page_url(page))
    status = "CANCELLED" if cancelled else _STATUS.get(event.status, "CONFIRMED")
    component.add("status", status)
    component.add("organizer", _organizer(page))
    return component


def _calendar(language: str, method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Info Finance//Events//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def feed_calendar(pages, language: str) -> bytes:
    """The public calendar of `pages` (event pages in `language`): public data only, no join
    link. Each page's facts are its shared `Event` row: `page.event` when the caller attached
    it, else read for all the pages in one query."""
    from django.db.models import prefetch_related_objects

    pages = list(pages)
    prefetch_related_objects(pages, "organiser_links__organiser")
    missing = {page.translation_key for page in pages if getattr(page, "event", None) is None}
    events = (
        {
            event.translation_key: event
            for event in Event.objects.filter(translation_key__in=missing)
        }
        if missing
        else {}
    )
    calendar = _calendar(language, PUBLISH)
    with translation.override(language):
        calendar.add("x-wr-calname", gettext("Info Finance events"))
    for page in pages:
        event = getattr(page, "event", None) or events.get(page.translation_key)
        if event is None:
            continue
        calendar.add_component(vevent(event, page, language, stamp=event.updated_at))
    return calendar.to_ical()


def registration_stamp(registration, method: str = PUBLISH) -> datetime:
    """The DTSTAMP of a registration's own file: when it was confirmed (when it ended, for
    its cancellation); fixed by the data, so every sending of the file is the same."""
    if method == CANCEL:
        return registration.cancelled_at or registration.updated_at
    return registration.confirmed_at or registration.created_at


def registration_calendar(
    registration, page, *, method: str = PUBLISH, stamp: datetime | None = None
) -> bytes:
    """The attendee's own calendar file: one VEVENT with the join link; METHOD:CANCEL when
    their registration (or the event) was cancelled. `stamp` (DTSTAMP) defaults to
    `registration_stamp`; an update after a change of the event passes the change's time."""
    event = registration.event
    language = registration.language
    calendar = _calendar(language, method)
    stamp = stamp or registration_stamp(registration, method)
    calendar.add_component(
        vevent(event, page, language, stamp=stamp, private=True, cancelled=method == CANCEL)
    )
    return calendar.to_ical()
