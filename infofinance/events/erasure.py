"""The events' personal-data export and erasure (docs/design/events.md §4.6), registered with
`wiring.personal_data` in apps.py. Erasure keeps the rows (attendance counts stay true) and
drops who they were: an active registration is cancelled first through the service, so its
seat is offered to the next person waiting."""

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from infofinance.wiring.personal_data import normalise_address

from .models import ACTIVE, CancelReason, Registration


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _page_of(registration: Registration):
    page = registration.event.source_page
    return page.specific if page is not None else None


def _rows(registrations: QuerySet[Registration]) -> list[dict[str, Any]]:
    rows = []
    for reg in registrations.select_related("event", "event__source_page").order_by("id"):
        page = _page_of(reg)
        rows.append(
            {
                "event": page.title if page is not None else str(reg.event_id),
                "url": page.full_url if page is not None else "",
                "starts_at": _iso(reg.event.starts_at),
                "status": reg.status,
                "registered_at": _iso(reg.created_at),
                "confirmed_at": _iso(reg.confirmed_at),
                "cancelled_at": _iso(reg.cancelled_at),
                "checked_in_at": _iso(reg.checked_in_at),
                "name": reg.name,
                "email": reg.email,
                "language": reg.language,
                "answers": reg.answers,
                "ticket_code": reg.ticket_code,
            }
        )
    return rows


def _of_address(address: str) -> QuerySet[Registration]:
    address = normalise_address(address)
    return Registration.objects.filter(Q(email__iexact=address) | Q(user__email__iexact=address))


def export_for(user) -> list[dict[str, Any]]:
    return _rows(Registration.objects.filter(user=user))


def export_for_address(address: str) -> list[dict[str, Any]]:
    """The registrations made with `address` and those of an account with that address."""
    return _rows(_of_address(address))


def _erase(registrations: QuerySet[Registration]) -> None:
    from . import services

    with transaction.atomic():
        pks = list(registrations.values_list("pk", flat=True))
        # A seat for an event still to come is freed (and offered on); the rows of past events
        # keep their status, so attendance figures stay true.
        upcoming = Registration.objects.filter(
            pk__in=pks, status__in=ACTIVE, event__ends_at__gt=timezone.now()
        )
        for reg in upcoming:
            services.cancel(reg, reason=CancelReason.ERASED)
        for reg in Registration.objects.filter(pk__in=pks).only("pk", "uuid"):
            # One row at a time: each gets its own placeholder address (unique per event).
            Registration.objects.filter(pk=reg.pk).update(
                name="", email=f"erased-{reg.uuid}@invalid", user=None, answers={}
            )
        if pks:
            from infofinance.core.signals import content_changed

            content_changed.send(sender=Registration, pks=pks)


def erase_for(user) -> None:
    """Before the account is deleted: its registrations, and those made with its address."""
    match = Q(user=user)
    if getattr(user, "email", ""):
        match |= Q(email__iexact=normalise_address(user.email))
    _erase(Registration.objects.filter(match))


def erase_for_address(address: str) -> None:
    """The registrations made with `address` (an account's own are erased with the account)."""
    _erase(Registration.objects.filter(email__iexact=normalise_address(address)))
