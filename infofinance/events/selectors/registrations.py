"""Reads about seats and registrations (docs/design/events.md §5)."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from ..models import Event, EventStatus, Registration, Status

__all__ = [
    "active_registration",
    "attendees",
    "counts",
    "due_followups",
    "due_reminders",
    "held_filter",
    "mine",
    "registration_by_token",
    "seats_held",
    "seats_left",
    "seats_left_many",
    "waiting_position",
]

QUIET_STATUSES = (EventStatus.POSTPONED, EventStatus.CANCELLED)  # no reminder, no follow-up


def held_filter(now: datetime, prefix: str = "") -> Q:
    """The registrations holding a seat at `now`: confirmed, or a guest's hold or an offer not
    lapsed yet (`prefix`: the path to the registration, for filters across a relation)."""
    return (
        Q(**{f"{prefix}status": Status.CONFIRMED})
        | Q(**{f"{prefix}status": Status.PENDING, f"{prefix}hold_expires_at__gt": now})
        | Q(**{f"{prefix}status": Status.OFFERED, f"{prefix}offer_expires_at__gt": now})
    )


def seats_held(*, event: Event, now: datetime) -> int:
    """Counted under the event's lock by every transition that adds a holder."""
    return event.registrations.filter(held_filter(now)).count()


def seats_left(*, event: Event, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return max(0, event.capacity - seats_held(event=event, now=now))


def seats_left_many(*, event_ids, now: datetime | None = None) -> dict[int, int]:
    """{event id: seats left} for a list of cards, in one query."""
    ids = [int(pk) for pk in event_ids]
    if not ids:
        return {}
    now = now or timezone.now()
    rows = (
        Event.objects.filter(pk__in=ids)
        .annotate(held=Count("registrations", filter=held_filter(now, "registrations__")))
        .values_list("pk", "capacity", "held")
    )
    return {pk: max(0, capacity - held) for pk, capacity, held in rows}


def registration_by_token(*, token: str) -> Registration | None:
    """The registration whose manage link carries `token`; None for a tampered or unknown one."""
    from ..tickets import token_digest

    if not token or len(token) > 100:
        return None
    return (
        Registration.objects.select_related("event", "event__source_page")
        .filter(token_digest=token_digest(token))
        .first()
    )


def active_registration(*, event: Event, user) -> Registration | None:
    """A signed-in reader's active registration for `event` (the page's viewer part)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from ..models import ACTIVE

    return event.registrations.filter(user_id=user.pk, status__in=ACTIVE).order_by("id").first()


def waiting_position(*, registration: Registration) -> int | None:
    """1 for the first person waiting; None when not waiting."""
    if registration.status != Status.WAITING or registration.waiting_since is None:
        return None
    since = registration.waiting_since
    ahead = Registration.objects.filter(
        Q(waiting_since__lt=since) | Q(waiting_since=since, id__lt=registration.pk),
        event_id=registration.event_id,
        status=Status.WAITING,
    ).count()
    return ahead + 1


def mine(*, user) -> QuerySet[Registration]:
    """A reader's registrations, the next event first, then the past ones, latest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    return (
        Registration.objects.filter(user_id=user.pk)
        .select_related("event", "event__source_page")
        .order_by("-event__starts_at", "-id")
    )


def attendees(
    *,
    event: Event,
    status: str | None = None,
    checked_in: bool | None = None,
    source: str | None = None,
    q: str = "",
) -> QuerySet[Registration]:
    """The event's registrations for staff, in the order they came; `q` matches the name,
    the e-mail address or the ticket code (typed with or without its hyphen)."""
    from ..tickets import normalise_code

    rows = event.registrations.select_related("user", "checked_in_by")
    if status:
        rows = rows.filter(status=status)
    if checked_in is not None:
        rows = rows.filter(checked_in_at__isnull=not checked_in)
    if source:
        rows = rows.filter(source=source)
    q = (q or "").strip()
    if q:
        match = Q(name__icontains=q) | Q(email__icontains=q)
        code = normalise_code(q)
        if code:
            match |= Q(ticket_code=code)
        rows = rows.filter(match)
    return rows.order_by("created_at", "id")


def counts(*, event: Event, now: datetime | None = None) -> dict[str, Any]:
    """The figures of the staff pages, in one query."""
    now = now or timezone.now()
    figures = event.registrations.aggregate(
        confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
        pending=Count("id", filter=Q(status=Status.PENDING, hold_expires_at__gt=now)),
        waiting=Count("id", filter=Q(status=Status.WAITING)),
        offered=Count("id", filter=Q(status=Status.OFFERED, offer_expires_at__gt=now)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
        cancelled=Count("id", filter=Q(status=Status.CANCELLED)),
    )
    held = figures["confirmed"] + figures["pending"] + figures["offered"]
    figures["capacity"] = event.capacity
    figures["seats_left"] = max(0, event.capacity - held)
    return figures


def due_reminders(*, kind: str, now: datetime, limit: int = 500) -> QuerySet[Registration]:
    """Confirmed registrations whose reminder `kind` ("24h" or "1h") is due and not sent:
    24 h — from a day to an hour before the start, for those confirmed more than a day before
    it (the others just got their ticket); 1 h — within the last hour before the start."""
    rows = Registration.objects.filter(status=Status.CONFIRMED).exclude(
        event__status__in=QUIET_STATUSES
    )
    if kind == "24h":
        rows = rows.filter(
            reminded_24h_at__isnull=True,
            event__starts_at__lte=now + timedelta(hours=24),
            event__starts_at__gt=now + timedelta(hours=1),
            confirmed_at__lt=F("event__starts_at") - timedelta(hours=24),
        )
    elif kind == "1h":
        rows = rows.filter(
            reminded_1h_at__isnull=True,
            event__starts_at__lte=now + timedelta(hours=1),
            event__starts_at__gt=now,
        )
    else:
        raise ValueError(f"unknown reminder kind {kind!r}")
    return rows.select_related("event").order_by("id")[:limit]


def due_followups(*, now: datetime, limit: int = 500) -> QuerySet[Registration]:
    """Confirmed registrations of events that ended 2 hours to 7 days ago, not followed up."""
    return (
        Registration.objects.filter(
            status=Status.CONFIRMED,
            followed_up_at__isnull=True,
            event__ends_at__lte=now - timedelta(hours=2),
            event__ends_at__gt=now - timedelta(days=7),
        )
        .exclude(event__status__in=QUIET_STATUSES)
        .select_related("event")
        .order_by("id")[:limit]
    )
