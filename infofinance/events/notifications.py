"""The attendees' e-mails (docs/design/events.md §7.4, docs/notifications.md): the confirmation
request of a guest, the ticket (with `invite.ics` and the QR code), the waiting-list notice, a
seat offered and its lapse, a cancellation (with `cancel.ics`), a change of the event told to
everyone registered or waiting, the reminders a day and an hour before, and the follow-up with
the materials after it.

Each is sent in the registration's language through `core.mail.send_stable`: a Message-ID made
of what the message is about, the data-rights link at the end. Single messages run as
subscribers of the services' events (apps.py subscribes `SUBSCRIPTIONS`), in the worker, after
the change was committed; each handler re-reads the registration and sends only while its
state still matches (an offer already taken is not mailed, a cancelled registration gets no
reminder). A retried task sends the same message again, never a different one.

Fan-outs (a change of the event) and scheduled mail (reminders, follow-ups) record each
recipient right after sending to them, conditionally on the mark not being set yet: a crash
between a send and its mark repeats that one message (same Message-ID) on the next run, every
earlier one is recorded and not sent again."""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from infofinance.core.mail import send_stable
from infofinance.core.urls import reverse_in

from . import calendar_links, dates, ics, limits, selectors, tickets
from .models import (
    CancelReason,
    Event,
    EventChange,
    EventStatus,
    Registration,
    Source,
    Status,
)

logger = logging.getLogger("infofinance.events")

ICS_PUBLISH = "text/calendar; method=PUBLISH; charset=utf-8"
ICS_CANCEL = "text/calendar; method=CANCEL; charset=utf-8"

SUBJECTS = {
    "confirm": _("Confirm your seat: %(title)s"),
    "ticket": _("Your ticket: %(title)s"),
    "waiting": _("You are on the waiting list: %(title)s"),
    "offer": _("A seat is free for you: %(title)s"),
    "offer_expired": _("The seat offered to you has gone: %(title)s"),
    "cancelled": _("Registration cancelled: %(title)s"),
    "reminder-24h": _("Tomorrow: %(title)s"),
    "reminder-1h": _("In an hour: %(title)s"),
    "followup": _("Thank you for coming: %(title)s"),
    f"change-{EventStatus.POSTPONED}": _("Postponed: %(title)s"),
    f"change-{EventStatus.RESCHEDULED}": _("New date: %(title)s"),
    f"change-{EventStatus.MOVED_ONLINE}": _("Now online: %(title)s"),
    f"change-{EventStatus.CANCELLED}": _("Event cancelled: %(title)s"),
    f"change-{EventStatus.SCHEDULED}": _("Back on schedule: %(title)s"),
}


# -- composing ------------------------------------------------------------------------------


def _registration(registration_id: int) -> Registration | None:
    return selectors.registration_by_pk(registration_id)


def _mailable(registration: Registration) -> bool:
    # An erased registration keeps an `…@invalid` placeholder: nobody to tell.
    return bool(registration.email) and not registration.email.endswith("@invalid")


def _language(registration: Registration) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return registration.language if registration.language in codes else settings.LANGUAGE_CODE


def _ticket_url(registration: Registration, language: str) -> str:
    token = tickets.manage_token(registration)
    return settings.SITE_URL + reverse_in(language, "events:ticket", token=token)


def _ics_url(registration: Registration, language: str) -> str:
    token = tickets.manage_token(registration)
    return settings.SITE_URL + reverse_in(language, "events:ticket_ics", token=token)


def _context(registration: Registration, page, language: str, **extra) -> dict:
    event = registration.event
    when = dates.when(event, language)
    confirmed = registration.status == Status.CONFIRMED
    context = {
        "registration": registration,
        "event": event,
        "page": page,
        "name": registration.name,
        "title": page.title,
        "when": when.text,
        "venue_line": when.venue_line,
        "place": ics.location(event, language),
        "map_url": event.map_url if event.is_in_person else "",
        "page_url": ics.page_url(page),
        "ticket_url": _ticket_url(registration, language),
        "code": tickets.format_code(registration.ticket_code),
        "join_url": event.online_url if confirmed and event.is_online else "",
        "guest": registration.source == Source.GUEST,
    }
    context.update(extra)
    return context


def _send(
    kind: str,
    key: object,
    registration: Registration,
    template: str,
    subject_key: str,
    *,
    attachments=(),
    page=None,
    **extra,
) -> bool:
    """Render `events/email/<template>.txt` and send it in the registration's language, with
    the page of the event in that language (else in any). False when nothing was sent: no
    address left, no page to show."""
    if not _mailable(registration):
        return False
    language = _language(registration)
    page = page or selectors.ticket_page_for(event=registration.event, language=language)
    if page is None:
        logger.warning("event %s has no live page: %s not sent", registration.event_id, kind)
        return False
    with translation.override(language):
        context = _context(registration, page, language, **extra)
        made = [(name, build(page), mimetype) for name, build, mimetype in attachments]
        body = render_to_string(f"events/email/{template}.txt", context)
        subject = str(SUBJECTS[subject_key]) % {"title": page.title}
    send_stable(
        kind,
        key,
        subject=subject,
        body=body,
        to=[registration.email],
        language=language,
        attachments=made,
    )
    return True


def _invite(registration: Registration, *, stamp: datetime | None = None):
    """The `invite.ics` attachment (built once the page is known)."""
    return (
        "invite.ics",
        lambda page: ics.registration_calendar(registration, page, stamp=stamp),
        ICS_PUBLISH,
    )


def _cancel_file(registration: Registration, *, stamp: datetime | None = None):
    return (
        "cancel.ics",
        lambda page: ics.registration_calendar(registration, page, method=ics.CANCEL, stamp=stamp),
        ICS_CANCEL,
    )


def _qr_file(registration: Registration):
    return (
        f"ticket-{registration.ticket_code}.png",
        lambda page: tickets.qr_png(registration.ticket_code),
        "image/png",
    )


def _mail_allowed(registration: Registration) -> bool:
    """The per-recipient cap on mail that anyone can trigger by typing an address into the
    guest form (EVENTS_MAILS_PER_RECIPIENT_PER_DAY): tickets, offers and changes are not
    capped, they follow from the attendee's own steps or from staff."""
    return limits.allow_mail(registration.email)


# -- single messages (subscribers) ----------------------------------------------------------


def send_after_registration(registration_id: int, **_payload) -> None:
    """`events.registered`: the confirmation request (a guest holding a seat), the ticket (a
    reader or staff confirmed at once), or the waiting-list notice, by the current state.
    A guest who confirmed before this ran gets the ticket from `events.confirmed` instead."""
    registration = _registration(registration_id)
    if registration is None:
        return
    if registration.status == Status.PENDING:
        if registration.hold_expires_at and registration.hold_expires_at <= timezone.now():
            return  # lapsed before we ran: the job ends it, a new try mails again
        if _mail_allowed(registration):
            send_confirm_request(registration)
    elif registration.status == Status.CONFIRMED:
        # Confirmed in the same step as registered (its confirmation has its own event).
        if registration.confirmed_at == registration.created_at:
            _send_ticket(registration)
    elif registration.status == Status.WAITING and (
        registration.source != Source.GUEST or _mail_allowed(registration)
    ):
        _send(
            "event-waiting",
            registration.uuid,
            registration,
            "waiting",
            "waiting",
            position=selectors.waiting_position(registration=registration),
        )


def send_confirm_request(registration: Registration, resend: str = "") -> None:
    """The guest's link to confirm. Keyed by the hold's end too: a guest whose hold lapsed and
    who registers again gets a new hold and a new message (a copy of the first would be folded
    into it by their mail service), a retried task the same one. `resend`: a copy asked for."""
    hold = registration.hold_expires_at
    key = f"{registration.uuid}.{hold:%Y%m%dT%H%M%S}" if hold else str(registration.uuid)
    _send(
        "event-confirm",
        f"{key}.{resend}" if resend else key,
        registration,
        "confirm_request",
        "confirm",
        hold_until=dates.moment(registration.hold_expires_at, _language(registration)),
    )


def _send_ticket(registration: Registration, resend: str = "") -> bool:
    language = _language(registration)
    page = selectors.ticket_page_for(event=registration.event, language=language)
    links = {}
    if page is not None:
        links = {
            "google_url": calendar_links.google_url(registration.event, page, language),
            "outlook_url": calendar_links.outlook_url(registration.event, page, language),
            "ics_url": _ics_url(registration, language),
        }
    return _send(
        "event-ticket",
        f"{registration.uuid}.{resend}" if resend else registration.uuid,
        registration,
        "ticket",
        "ticket",
        attachments=[_invite(registration), _qr_file(registration)],
        page=page,
        **links,
    )


def send_ticket(registration_id: int, resend: str = "", **_payload) -> None:
    """`events.confirmed`: the ticket, while the registration is confirmed. `resend` (a
    publisher's key for a ticket asked for again, e.g. by staff) makes it a new message:
    mail services fold a second message with the first one's Message-ID into it."""
    registration = _registration(registration_id)
    if registration is not None and registration.status == Status.CONFIRMED:
        _send_ticket(registration, resend=str(resend or ""))


def send_details_again(registration_id: int, resend: str = "", **_payload) -> None:
    """`events.details_requested`: someone registered again with an address that has an active
    registration. Its latest message goes again to that address (a new Message-ID, keyed by
    `resend`, so that a retried task sends the same copy), within the per-recipient cap:
    the form can be filled in by anyone who knows the address."""
    registration = _registration(registration_id)
    if registration is None or not _mail_allowed(registration):
        return
    resend = str(resend or "")
    now = timezone.now()
    if registration.status == Status.PENDING and registration.holds_seat(now):
        send_confirm_request(registration, resend=resend)
    elif registration.status == Status.CONFIRMED:
        _send_ticket(registration, resend=resend)
    elif registration.status == Status.OFFERED and registration.holds_seat(now):
        _offer_message(registration, resend=resend)
    elif registration.status == Status.WAITING:
        _send(
            "event-waiting",
            f"{registration.uuid}.{resend}",
            registration,
            "waiting",
            "waiting",
            position=selectors.waiting_position(registration=registration),
        )


def _offer_message(registration: Registration, resend: str = "") -> None:
    key = f"{registration.uuid}.{registration.offers_made}"
    _send(
        "event-offer",
        f"{key}.{resend}" if resend else key,
        registration,
        "offer",
        "offer",
        offer_until=dates.moment(registration.offer_expires_at, _language(registration)),
    )


def send_offer(registration_id: int, **_payload) -> None:
    """`events.offered`: a seat held for the first person waiting, until its deadline."""
    registration = _registration(registration_id)
    if registration is None or registration.status != Status.OFFERED:
        return  # taken, declined or lapsed before we ran
    expires = registration.offer_expires_at
    if expires is None or expires <= timezone.now():
        return
    _offer_message(registration)


def send_offer_expired(registration_id: int, **_payload) -> None:
    """`events.offer_expired`: the offered seat was not taken in time and went on."""
    registration = _registration(registration_id)
    if registration is None or registration.status != Status.EXPIRED:
        return
    if registration.cancel_reason != CancelReason.OFFER_EXPIRED:
        return
    _send(
        "event-offer-expired",
        f"{registration.uuid}.{registration.offers_made}",
        registration,
        "offer_expired",
        "offer_expired",
        offer_until=dates.moment(registration.offer_expires_at, _language(registration)),
    )


def send_cancellation(registration_id: int, **_payload) -> None:
    """`events.cancelled`: the registration ended (by its reader or staff); `cancel.ics`
    removes the event from the calendar of whoever had the ticket. A cancelled event is told
    by its change's fan-out, an erasure not at all."""
    registration = _registration(registration_id)
    if registration is None or registration.status != Status.CANCELLED:
        return
    if registration.cancel_reason in (CancelReason.EVENT_CANCELLED, CancelReason.ERASED):
        return
    attachments = [_cancel_file(registration)] if registration.confirmed_at else []
    _send(
        "event-cancelled",
        registration.uuid,
        registration,
        "cancelled",
        "cancelled",
        attachments=attachments,
        by_staff=registration.cancel_reason == CancelReason.STAFF,
    )


# -- the change of an event (fan-out) -------------------------------------------------------


def mark_change_notified(registration_id: int, change_id: int) -> bool:
    return bool(
        Registration.objects.filter(pk=registration_id, notified_change_id__lt=change_id).update(
            notified_change_id=change_id
        )
    )


def _send_change_to(change: EventChange, registration: Registration) -> None:
    language = _language(registration)
    if change.kind == EventStatus.CANCELLED:
        had_ticket = registration.confirmed_at is not None
        attachments = [_cancel_file(registration, stamp=change.created_at)] if had_ticket else []
    elif registration.status == Status.CONFIRMED:
        attachments = [_invite(registration, stamp=change.created_at)]
    else:
        attachments = []
    _send(
        "event-change",
        f"{change.pk}.{registration.uuid}",
        registration,
        "change",
        f"change-{change.kind}",
        attachments=attachments,
        change=change,
        # Staff may write one language only: their words rather than none.
        message=change.message(language) or change.message_en,
        old_when=dates.moment(change.old_starts_at, language)
        if change.kind == EventStatus.RESCHEDULED
        else "",
    )


def send_change(change_id: int, **_payload) -> int:
    """`events.changed`: everyone registered or waiting is told, each once; a run after a
    crash carries on where the last one stopped (`notified_change_id`). A later change
    supersedes: who was told about it is not told about this one. Returns how many were sent."""
    change = selectors.change_by_pk(change_id)
    if change is None:
        return 0
    sent = 0
    # Read before sending: the marks written meanwhile are part of the query's filter.
    for registration in list(selectors.change_recipients(change)):
        _send_change_to(change, registration)
        mark_change_notified(registration.pk, change.pk)
        sent += 1
    return sent


# -- scheduled mail (jobs) ------------------------------------------------------------------

_REMINDER_MARKS = {"24h": "reminded_24h_at", "1h": "reminded_1h_at"}


def mark_sent(registration_id: int, field: str, now: datetime) -> bool:
    """Record one scheduled message, unless it is already recorded."""
    rows = Registration.objects.filter(pk=registration_id, **{f"{field}__isnull": True})
    return bool(rows.update(**{field: now}))


def _quiet(event: Event) -> bool:
    return event.status in (EventStatus.POSTPONED, EventStatus.CANCELLED)


def send_due_reminders(kind: str, now: datetime | None = None) -> int:
    """The reminders of `kind` ("24h", "1h") that are due, each sent once (at most 500 a
    run: the job runs every minute). Returns how many were sent."""
    now = now or timezone.now()
    field = _REMINDER_MARKS[kind]
    sent = 0
    for registration in selectors.due_reminders(kind=kind, now=now):
        if registration.status != Status.CONFIRMED or _quiet(registration.event):
            continue
        event = registration.event
        _send(
            f"event-reminder-{kind}",
            f"{registration.uuid}.v{event.schedule_version}",
            registration,
            "reminder",
            f"reminder-{kind}",
            reminder=kind,
        )
        mark_sent(registration.pk, field, now)
        sent += 1
    return sent


def send_all_due_reminders(now=None) -> int:
    """The job: the day-before reminders, then the hour-before ones."""
    now = now or timezone.now()
    return send_due_reminders("24h", now) + send_due_reminders("1h", now)


def _materials(page) -> list[dict]:
    from infofinance.core.structured_data import absolute

    return [
        {"title": material.title, "url": absolute(material.href)}
        for material in page.materials.select_related("document")
        if material.href
    ]


def send_due_followups(now=None) -> int:
    """After an event: thanks, its materials and photos, to each confirmed attendee, once."""
    now = now or timezone.now()
    sent = 0
    for registration in selectors.due_followups(now=now):
        if registration.status != Status.CONFIRMED or _quiet(registration.event):
            continue
        language = _language(registration)
        page = selectors.ticket_page_for(event=registration.event, language=language)
        materials = _materials(page) if page is not None else []
        photos = page is not None and page.photos.exists()
        _send(
            "event-followup",
            registration.uuid,
            registration,
            "followup",
            "followup",
            page=page,
            materials=materials,
            photos=photos,
        )
        mark_sent(registration.pk, "followed_up_at", now)
        sent += 1
    return sent


SUBSCRIPTIONS: list[tuple[str, Callable[..., Any]]] = [
    ("events.registered", send_after_registration),
    ("events.confirmed", send_ticket),
    ("events.details_requested", send_details_again),
    ("events.offered", send_offer),
    ("events.offer_expired", send_offer_expired),
    ("events.cancelled", send_cancellation),
    ("events.changed", send_change),
]
