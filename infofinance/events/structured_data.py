"""JSON-LD for an event page (docs/design/events.md §6.3): schema.org `Event` built from Python
data and serialized by `core.structured_data.to_script`. The join link of an online event is
never in it: `VirtualLocation.url` is the event page."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from infofinance.core.structured_data import absolute, organization

from .models import Attendance, EventStatus

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SCHEMA = "https://schema.org/"

EVENT_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.RESCHEDULED: "EventRescheduled",
    EventStatus.MOVED_ONLINE: "EventMovedOnline",
    EventStatus.CANCELLED: "EventCancelled",
}
ATTENDANCE_MODE = {
    Attendance.IN_PERSON: "OfflineEventAttendanceMode",
    Attendance.ONLINE: "OnlineEventAttendanceMode",
    Attendance.MIXED: "MixedEventAttendanceMode",
}


def local_iso(value: datetime | None) -> str:
    """ISO 8601 in Vietnam time with its offset: `2026-12-12T09:00:00+07:00`."""
    if value is None:
        return ""
    return value.astimezone(HCM).isoformat(timespec="seconds")


def place(event) -> dict:
    address = {
        "@type": "PostalAddress",
        "streetAddress": event.street_address,
        "addressLocality": event.locality,
        "addressRegion": event.region,
        "postalCode": event.postal_code,
        "addressCountry": event.country,
    }
    return {
        "@type": "Place",
        "name": event.venue_name or event.locality,
        "address": {key: value for key, value in address.items() if value},
    }


def availability(event, *, seats_left: int, now: datetime) -> str:
    """InStock while seats are free, SoldOut when full (the waiting list), PreOrder before
    registration opens, Discontinued once it closed or the event was cancelled."""
    closes = event.closes_at()
    if event.status == EventStatus.CANCELLED or (closes is not None and now >= closes):
        return "Discontinued"
    opens = event.opens_at()
    if opens is not None and now < opens:
        return "PreOrder"
    return "SoldOut" if seats_left <= 0 else "InStock"


def event_ld(
    page,
    event,
    *,
    seats_left: int,
    language: str,
    register_url: str,
    organisers=(),
    speakers=(),
    image_urls=(),
    now: datetime | None = None,
) -> dict:
    """`page`: the EventPage in its language; `event`: its facts (`Event`); `organisers`:
    Organiser rows (with their websites); `speakers`: EventSpeaker rows; `image_urls`: the
    hero image's renditions."""
    now = now or timezone.now()
    url = absolute(page.url)
    data: dict = {
        "@type": "Event",
        "@id": url + "#event",
        "name": page.title,
        "description": page.search_description or page.summary,
        "url": url,
        "inLanguage": language,
        "startDate": local_iso(event.starts_at),
        "endDate": local_iso(event.ends_at),
        "eventStatus": SCHEMA + EVENT_STATUS.get(event.status, "EventScheduled"),
        "eventAttendanceMode": SCHEMA
        + ATTENDANCE_MODE.get(event.attendance, "OfflineEventAttendanceMode"),
    }
    if event.status == EventStatus.RESCHEDULED and event.previous_starts_at:
        data["previousStartDate"] = local_iso(event.previous_starts_at)
    locations = []
    if event.is_in_person:
        locations.append(place(event))
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if image_urls:
        data["image"] = [absolute(image) for image in image_urls]
    if organisers:
        data["organizer"] = [
            {"@type": "Organization", "name": o.name, **({"url": o.website} if o.website else {})}
            for o in organisers
        ]
    else:
        data["organizer"] = organization()
    if speakers:
        data["performer"] = [{"@type": "Person", "name": speaker.name} for speaker in speakers]
    valid_from = event.registration_opens_at or page.first_published_at
    offer = {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "VND",
        "availability": SCHEMA + availability(event, seats_left=seats_left, now=now),
        "url": absolute(register_url),
    }
    if valid_from:
        offer["validFrom"] = local_iso(valid_from)
    data["offers"] = offer
    return data
