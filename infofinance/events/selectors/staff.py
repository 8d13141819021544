"""The reads of the staff's pages (admin_views.py) and of the change fan-out
(notifications.py): events by pk or page, the events list, one registration of an event,
the door's recent scans, who is told of a change."""

from datetime import datetime

from django.db.models import Q

from ..models import ACTIVE, CancelReason, CheckIn, Event, EventChange, Registration, Status

__all__ = [
    "change_by_pk",
    "change_recipients",
    "event_for_page",
    "event_for_staff",
    "event_registration",
    "recent_scans",
    "registration_by_pk",
    "staff_event_list",
]


def event_for_staff(pk: int) -> Event | None:
    return Event.objects.select_related("source_page").filter(pk=pk).first()


def event_for_page(page) -> Event | None:
    """The operational event of an event page (the header button in the page editor)."""
    key = getattr(page, "translation_key", None)
    return Event.objects.filter(translation_key=key).first() if key else None


def staff_event_list(*, now: datetime, upcoming: int = 100, past: int = 20) -> list[Event]:
    """Upcoming events first (soonest on top), then the most recent past ones."""
    events = Event.objects.select_related("source_page")
    return [
        *events.filter(ends_at__gte=now).order_by("starts_at", "id")[:upcoming],
        *events.filter(ends_at__lt=now).order_by("-starts_at")[:past],
    ]


def event_registration(*, event: Event, key) -> Registration | None:
    if not key:
        return None
    return Registration.objects.filter(event=event, uuid=key).select_related("event").first()


def recent_scans(*, event: Event, limit: int) -> list[CheckIn]:
    scans = CheckIn.objects.filter(event=event).select_related(
        "registration", "registration__event"
    )
    return list(scans[:limit])


def change_recipients(change: EventChange):
    """Who is told about `change`: the registrations active when it was made (or ended by
    it), not told yet, in the order they were made."""
    told = Q(status__in=ACTIVE) | Q(
        status=Status.CANCELLED, cancel_reason=CancelReason.EVENT_CANCELLED
    )
    return (
        Registration.objects.filter(
            told,
            event_id=change.event_id,
            created_at__lte=change.created_at,
            notified_change_id__lt=change.pk,
        )
        .select_related("event")
        .order_by("id")
    )


def registration_by_pk(pk: int) -> Registration | None:
    """One registration with its event, for a mail handler (None: erased or never made)."""
    if not pk:
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


def change_by_pk(pk: int) -> EventChange | None:
    return EventChange.objects.select_related("event").filter(pk=pk).first()
