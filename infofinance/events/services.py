"""Every write of the events app (docs/design/events.md §4).

Every change of who holds a seat runs in one transaction whose first statement is
`lock_event(pk)`, then counts the seats under that lock: never more holders than seats, on
SQLite and on PostgreSQL. Each transition re-reads its row under the lock and is conditional on
its status (a second click, a retried task or a reused link changes nothing). Domain events are
published inside the transaction and dispatched after it commits (`wiring.events`); nothing
slow (validation, token derivation, mail) happens under the lock."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from infofinance.core.signals import content_changed
from infofinance.text.dates import date_time
from infofinance.wiring import events as domain_events
from infofinance.wiring.personal_data import normalise_address

from . import selectors, tickets
from .models import (
    ACTIVE,
    CancelReason,
    CheckIn,
    CheckInResult,
    CheckInSource,
    Event,
    EventChange,
    EventPage,
    EventStatus,
    QuestionKind,
    Registration,
    Source,
    Status,
)

T = TypeVar("T")
TEXT_ANSWER_MAX = 2000
TICKET_CODE_ATTEMPTS = 5


class RegistrationError(Exception):
    """A registration refused for a reason the reader is told (`message`, localized)."""

    def __init__(self, code: str, message: Any):
        super().__init__(str(message))
        self.code = code
        self.message = message


class NotOpenYet(RegistrationError): ...


class Closed(RegistrationError): ...


class EventCancelled(RegistrationError): ...


class EventPostponed(RegistrationError): ...


class OfferExpired(RegistrationError): ...


class RuleError(Exception): ...


@dataclass(frozen=True)
class Outcome:
    kind: str  # "confirmed" | "pending" | "waiting" | "already" | "offered" | "cancelled"
    registration: Registration
    message: Any = ""


@dataclass(frozen=True)
class ScanOutcome:
    """What the door is told about one scan (`result`: a CheckInResult value). For `ok` and
    `already`, `checked_in_at` / `checked_in_by` are those of the first check-in."""

    result: str
    registration: Registration | None
    checkin: CheckIn
    checked_in_at: datetime | None = None
    checked_in_by: Any = None

    @property
    def message(self) -> str:
        return str(CheckInResult(self.result).label)


User = AbstractBaseUser | AnonymousUser


def _vietnam_time(value: datetime) -> str:
    """`21:00, 12/12/2026 (GMT+7)`, in the active language when the message is shown."""
    return f"{date_time(value)} (GMT+7)"


vietnam_time = lazy(_vietnam_time, str)


# -- the lock ----------------------------------------------------------------------------------


def lock_event(event_id: int) -> Event:
    """First statement of every capacity transaction. PostgreSQL: the UPDATE takes the row lock
    (as FOR UPDATE) until commit; only this event's writers queue. SQLite: BEGIN IMMEDIATE took
    the write lock already; under DEFERRED, writing first avoids the read→write upgrade
    SQLITE_BUSY that busy_timeout cannot retry. select_for_update() is a no-op on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '10s'")
    if not Event.objects.filter(pk=event_id).update(lock_version=F("lock_version") + 1):
        raise Event.DoesNotExist
    return Event.objects.get(pk=event_id)


def _reread(registration: Registration) -> Registration:
    return Registration.objects.select_related("event").get(pk=registration.pk)


# -- opening and answers -----------------------------------------------------------------------


def _closes_at(event: Event) -> datetime:
    """As Event.closes_at: its own time, else the start."""
    return event.registration_closes_at or event.starts_at


def is_open(event: Event, now: datetime) -> bool:
    try:
        _check_open(event, now)
    except RegistrationError:
        return False
    return True


def _check_open(event: Event, now: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise EventCancelled("cancelled", _("This event was cancelled: registration is closed."))
    if event.status == EventStatus.POSTPONED:
        raise EventPostponed(
            "postponed",
            _("This event was postponed: registration reopens when its new date is set."),
        )
    if not event.listed:
        raise Closed("closed", _("Registration for this event is closed."))
    opens = event.registration_opens_at
    if opens is not None and now < opens:
        raise NotOpenYet(
            "not_open",
            format_lazy(_("Registration opens at {time}."), time=vietnam_time(opens)),
        )
    closes = _closes_at(event)
    if now >= closes:
        raise Closed(
            "closed", format_lazy(_("Registration closed at {time}."), time=vietnam_time(closes))
        )


def _is_true(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


def validate_answers(event: Event, data: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to keep, checked against the event's questions (`Event.questions`):
    text stripped and bounded, choices among their codes, required ones given. A consent is
    kept as `{"accepted": True, "text": <what was shown>, "at": <ISO time>}`; give it as
    `{"accepted": …, "text": …}` or as a bare true value. Unknown keys are dropped. Raises
    ValidationError keyed by question key, before anything is written."""
    answers: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    now = timezone.now()
    for spec in event.questions or []:
        key, kind = spec["key"], spec.get("kind", QuestionKind.TEXT)
        required, codes = bool(spec.get("required")), list(spec.get("choices") or [])
        value = data.get(key)
        if kind == QuestionKind.TEXT:
            text = str(value or "").strip()
            if len(text) > TEXT_ANSWER_MAX:
                errors[key] = _("Keep the answer under %(limit)s characters.") % {
                    "limit": TEXT_ANSWER_MAX
                }
            elif text:
                answers[key] = text
            elif required:
                errors[key] = _("This question needs an answer.")
        elif kind == QuestionKind.CHOICE:
            code = str(value or "").strip()
            if code and code not in codes:
                errors[key] = _("Choose one of the answers offered.")
            elif code:
                answers[key] = code
            elif required:
                errors[key] = _("Choose an answer.")
        elif kind == QuestionKind.MULTIPLE:
            given = value if isinstance(value, list | tuple) else ([value] if value else [])
            chosen = {str(item).strip() for item in given if str(item).strip()}
            if chosen - set(codes):
                errors[key] = _("Choose among the answers offered.")
            elif chosen:
                answers[key] = [code for code in codes if code in chosen]
            elif required:
                errors[key] = _("Choose at least one answer.")
        elif kind == QuestionKind.CONSENT:
            accepted = _is_true(value.get("accepted") if isinstance(value, Mapping) else value)
            text = str(value.get("text", "")) if isinstance(value, Mapping) else ""
            if accepted:
                answers[key] = {"accepted": True, "text": text, "at": now.isoformat()}
            elif required:
                errors[key] = _("Tick the box to register.")
    if errors:
        raise ValidationError(errors)
    return answers


# -- registering -------------------------------------------------------------------------------


def _hold_until(now: datetime) -> datetime:
    return now + timedelta(minutes=settings.EVENTS_GUEST_HOLD_MINUTES)


def _active_of(event: Event, *, email: str, user: Any) -> Registration | None:
    match = Q(email=email)
    if user is not None and getattr(user, "pk", None):
        match |= Q(user_id=user.pk)
    return event.registrations.filter(match, status__in=ACTIVE).order_by("id").first()


def _has_free_seat(event: Event, now: datetime) -> bool:
    return selectors.seats_held(event=event, now=now) < event.capacity


def _outcome_message(registration: Registration) -> Any:
    status = registration.status
    if status == Status.CONFIRMED:
        return _("Your seat is confirmed. Your ticket is on its way by e-mail.")
    if status == Status.PENDING:
        assert registration.hold_expires_at is not None
        return format_lazy(
            _(
                "Check your e-mail and confirm your seat: we hold it for you until {time}. "
                "Without confirmation it goes to the next person."
            ),
            time=vietnam_time(registration.hold_expires_at),
        )
    if status == Status.WAITING:
        return _(
            "The event is full: you are on the waiting list. If a seat frees up, we will "
            "e-mail you and hold it for you for a few hours."
        )
    if status == Status.OFFERED:
        assert registration.offer_expires_at is not None
        return format_lazy(
            _("A seat is offered to you until {time}."),
            time=vietnam_time(registration.offer_expires_at),
        )
    return _("This registration was cancelled.")


def _already(registration: Registration, now: datetime, *, send_again: bool = False) -> Outcome:
    """An active row of this address or account: the same answer as a second click. A guest
    whose hold lapsed (and no job ran yet) gets a new hold if a seat is free, else waits.
    `send_again` (the registration form): the registrant's latest message is sent again to
    their address, never shown on the page, since whoever typed the address may not own it
    (`events.details_requested`, capped per recipient)."""
    if registration.status == Status.PENDING and not registration.holds_seat(now):
        event = registration.event
        if _has_free_seat(event, now):
            registration.hold_expires_at = _hold_until(now)
            registration.save(update_fields=["hold_expires_at", "updated_at"])
            domain_events.publish("events.registered", registration_id=registration.pk)
        else:
            _to_waiting(registration, now)
            domain_events.publish("events.registered", registration_id=registration.pk)
    elif send_again:
        domain_events.publish(
            "events.details_requested",
            registration_id=registration.pk,
            resend=uuid.uuid4().hex[:12],
        )
    already = _("You are already registered for this event.")
    if send_again:
        already = format_lazy(
            "{} {}", already, _("We have sent the details to your e-mail address again.")
        )
    return Outcome(
        "already", registration, format_lazy("{} {}", already, _outcome_message(registration))
    )


def _to_waiting(registration: Registration, now: datetime) -> None:
    registration.status = Status.WAITING
    registration.waiting_since = now
    registration.hold_expires_at = None
    registration.offer_expires_at = None
    registration.cancel_reason = ""
    registration.save(
        update_fields=[
            "status",
            "waiting_since",
            "hold_expires_at",
            "offer_expires_at",
            "cancel_reason",
            "updated_at",
        ]
    )


def _insert(registration: Registration) -> bool:
    """Save a new registration with a fresh ticket code, retried on a code collision only.
    False when the partial unique indexes refused it (this address or account is registered:
    a race around the lock, which should not happen)."""
    for _attempt in range(TICKET_CODE_ATTEMPTS):
        registration.ticket_code = tickets.new_ticket_code()
        try:
            with transaction.atomic():
                registration.save(force_insert=True)
            return True
        except IntegrityError:
            registration.pk = None
            if Registration.objects.filter(ticket_code=registration.ticket_code).exists():
                continue
            return False
    raise RuntimeError("no free ticket code after several attempts")


def _new_registration(
    event: Event, *, user: Any, name: str, email: str, language: str, answers: dict[str, Any]
) -> Registration:
    registration = Registration(
        uuid=uuid.uuid4(),
        event=event,
        user=user if user is not None and getattr(user, "pk", None) else None,
        name=name.strip()[:200],
        email=email,
        language=language if language in dict(settings.LANGUAGES) else "vi",
        answers=answers,
    )
    # Derived before the lock: the digest is all the database keeps of the link's secret.
    registration.token_digest = tickets.token_digest(tickets.manage_token(registration))
    return registration


def _place(registration: Registration, event: Event, *, confirmed: bool, source: str) -> Outcome:
    now = timezone.now()
    registration.event = event
    registration.source = source
    registration.created_at = now
    if _has_free_seat(event, now):
        if confirmed:
            registration.status, registration.confirmed_at = Status.CONFIRMED, now
        else:
            registration.status, registration.hold_expires_at = Status.PENDING, _hold_until(now)
    else:
        registration.status, registration.waiting_since = Status.WAITING, now
    if not _insert(registration):
        existing = _active_of(event, email=registration.email, user=registration.user)
        if existing is None:
            raise RuntimeError("registration refused by the database for no known reason")
        return _already(existing, now)
    domain_events.publish("events.registered", registration_id=registration.pk)
    kind = {Status.CONFIRMED: "confirmed", Status.PENDING: "pending"}.get(
        Status(registration.status), "waiting"
    )
    return Outcome(kind, registration, _outcome_message(registration))


def register(
    event: Event,
    *,
    user: Any,
    name: str,
    email: str,
    language: str,
    answers: Mapping[str, Any],
    source: str,
) -> Outcome:
    """Register `email` (a signed-in `user`'s own when blank): CONFIRMED for a reader with a
    verified address, PENDING (a seat held EVENTS_GUEST_HOLD_MINUTES until they confirm by
    e-mail) for a guest, WAITING when full. Raises ValidationError (answers, by question key)
    or a RegistrationError (not open, closed, postponed, cancelled)."""
    from infofinance.accounts.verification import has_verified_email

    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    address = normalise_address(email or (getattr(user, "email", "") if user else ""))
    if not address:
        raise ValidationError({"email": _("Enter your e-mail address.")})
    clean = validate_answers(event, answers)
    verified = source == Source.STAFF or (
        user is not None and source == Source.READER and has_verified_email(user)
    )
    draft = _new_registration(
        event, user=user, name=name, email=address, language=language, answers=clean
    )
    with transaction.atomic():
        locked = lock_event(event.pk)
        now = timezone.now()
        _check_open(locked, now)
        existing = _active_of(locked, email=address, user=draft.user)
        if existing is not None:
            return _already(existing, now, send_again=True)
        return _place(draft, locked, confirmed=verified, source=source)


def staff_add(event: Event, *, name: str, email: str, language: str, by: Any) -> Outcome:
    """A person added by staff: confirmed if a seat is free, else on the waiting list (never
    over capacity: staff raise the capacity on the page). Staff may add after registration
    closed, not to a cancelled event."""
    address = normalise_address(email)
    if not address:
        raise ValidationError({"email": _("Enter an e-mail address.")})
    draft = _new_registration(
        event, user=None, name=name, email=address, language=language, answers={}
    )
    with transaction.atomic():
        locked = lock_event(event.pk)
        if locked.status == EventStatus.CANCELLED:
            raise EventCancelled("cancelled", _("This event was cancelled."))
        existing = _active_of(locked, email=address, user=None)
        if existing is not None:
            return _already(existing, timezone.now())
        return _place(draft, locked, confirmed=True, source=Source.STAFF)


# -- transitions of one registration -------------------------------------------------------------


def confirm(registration: Registration) -> Outcome:
    """A guest's confirmation link: PENDING in its hold → CONFIRMED; a hold that lapsed takes a
    free seat if there is one, else joins the waiting list (while registration is open)."""
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = _reread(registration)
        now = timezone.now()
        if event.status == EventStatus.CANCELLED:
            raise EventCancelled("cancelled", _("This event was cancelled."))
        status = registration.status
        lapsed_hold = (status == Status.PENDING and not registration.holds_seat(now)) or (
            status == Status.EXPIRED and registration.cancel_reason == CancelReason.HOLD_EXPIRED
        )
        if status == Status.PENDING and not lapsed_hold:
            return _confirm_now(registration, now)
        if not lapsed_hold:
            return Outcome("already", registration, _outcome_message(registration))
        _check_open(event, now)
        if status == Status.EXPIRED:
            other = _active_of(event, email=registration.email, user=registration.user)
            if other is not None:
                return _already(other, now)
        if _has_free_seat(event, now):
            return _confirm_now(registration, now)
        _to_waiting(registration, now)
        domain_events.publish("events.registered", registration_id=registration.pk)
        return Outcome("waiting", registration, _outcome_message(registration))


def _confirm_now(registration: Registration, now: datetime) -> Outcome:
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.hold_expires_at = registration.offer_expires_at = None
    registration.cancel_reason = ""
    registration.save(
        update_fields=[
            "status",
            "confirmed_at",
            "hold_expires_at",
            "offer_expires_at",
            "cancel_reason",
            "updated_at",
        ]
    )
    domain_events.publish("events.confirmed", registration_id=registration.pk)
    return Outcome("confirmed", registration, _outcome_message(registration))


def cancel(registration: Registration, *, by: Any = None, reason: str = "reader") -> Outcome:
    """An active registration cancelled (by its reader, by staff, or for an erasure); the seat
    it held goes to the first person waiting. A reused link → "already"."""
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = _reread(registration)
        if registration.status not in ACTIVE:
            return Outcome("already", registration, _("This registration is already cancelled."))
        now = timezone.now()
        held = registration.holds_seat(now)
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.cancel_reason = reason
        registration.hold_expires_at = registration.offer_expires_at = None
        registration.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancel_reason",
                "hold_expires_at",
                "offer_expires_at",
                "updated_at",
            ]
        )
        if reason != CancelReason.ERASED:  # the address is about to be erased: no mail to it
            domain_events.publish("events.cancelled", registration_id=registration.pk)
        if held:
            _offer_free_seats(event, now)
        return Outcome("cancelled", registration, _("Your registration is cancelled."))


def _offer_lapsed_message(registration: Registration) -> Any:
    when = registration.offer_expires_at or timezone.now()
    return format_lazy(
        _("This offer lapsed at {time}; the seat went to the next person."),
        time=vietnam_time(when),
    )


def accept_offer(registration: Registration) -> Outcome:
    """The offered seat taken before the offer lapsed (it is held already: nothing to count).
    A lapsed offer raises OfferExpired; it is ended and its seat offered on first."""
    lapsed: Registration | None = None
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = _reread(registration)
        now = timezone.now()
        if event.status == EventStatus.CANCELLED:
            raise EventCancelled("cancelled", _("This event was cancelled."))
        if registration.status == Status.OFFERED:
            if registration.holds_seat(now):
                return _confirm_now(registration, now)
            _expire(event, [registration.pk], Status.OFFERED, CancelReason.OFFER_EXPIRED, now)
            _offer_free_seats(event, now)
            lapsed = registration
        elif (
            registration.status == Status.EXPIRED
            and registration.cancel_reason == CancelReason.OFFER_EXPIRED
        ):
            lapsed = registration
        else:
            return Outcome("already", registration, _outcome_message(registration))
    # Raised outside the block: the lapsed offer's expiry above is committed.
    raise OfferExpired("offer_expired", _offer_lapsed_message(lapsed))


def decline_offer(registration: Registration) -> Outcome:
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = _reread(registration)
        if registration.status != Status.OFFERED:
            return Outcome("already", registration, _outcome_message(registration))
        now = timezone.now()
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.cancel_reason = CancelReason.OFFER_DECLINED
        registration.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        _offer_free_seats(event, now)
        return Outcome(
            "cancelled", registration, _("You declined the seat: it goes to the next person.")
        )


def resend_ticket(registration: Registration, *, by: Any = None) -> bool:
    """Send a confirmed attendee's ticket again (staff, from the attendee list). The copy has a
    Message-ID of its own, or mail services would fold it into the first one; a retried task
    keeps the key of its payload, so it sends that copy again, not a third."""
    registration.refresh_from_db(fields=["status"])
    if registration.status != Status.CONFIRMED:
        return False
    domain_events.publish(
        "events.confirmed", registration_id=registration.pk, resend=uuid.uuid4().hex[:12]
    )
    return True


def staff_promote(registration: Registration, *, by: Any) -> Outcome:
    """A person waiting (or offered a seat) confirmed by staff, only into a free seat."""
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = _reread(registration)
        now = timezone.now()
        if registration.status == Status.CONFIRMED:
            return Outcome("already", registration, _outcome_message(registration))
        if registration.status == Status.OFFERED and registration.holds_seat(now):
            return _confirm_now(registration, now)
        if registration.status not in (Status.WAITING, Status.OFFERED, Status.PENDING):
            raise RuleError(_("Only an active registration can be given a seat."))
        if registration.holds_seat(now):  # a guest in their hold
            return _confirm_now(registration, now)
        if not _has_free_seat(event, now):
            raise RuleError(_("No seat is free: raise the capacity first."))
        return _confirm_now(registration, now)


# -- seats that free up ----------------------------------------------------------------------------


def _offer_free_seats(event: Event, now: datetime) -> list[int]:
    """Under the event's lock: each free seat offered to the next person waiting, in the order
    they joined, for `offer_hours` (never past the close of registration). Nothing while
    registration is not open."""
    if not is_open(event, now):
        return []
    free = event.capacity - selectors.seats_held(event=event, now=now)
    if free <= 0:
        return []
    expires = min(now + timedelta(hours=event.offer_hours), _closes_at(event))
    offered = []
    queue = event.registrations.filter(status=Status.WAITING).order_by("waiting_since", "id")
    for registration in queue[:free]:
        registration.status = Status.OFFERED
        registration.offer_expires_at = expires
        registration.offers_made += 1
        registration.save(update_fields=["status", "offer_expires_at", "offers_made", "updated_at"])
        domain_events.publish("events.offered", registration_id=registration.pk)
        offered.append(registration.pk)
    return offered


def _expire(event: Event, pks: Sequence[int], status: str, reason: str, now: datetime) -> list[int]:
    """Lapsed holds or offers ended (EXPIRED), conditionally on their status."""
    pks = list(
        Registration.objects.filter(pk__in=pks, event=event, status=status).values_list(
            "pk", flat=True
        )
    )
    if not pks:
        return []
    Registration.objects.filter(pk__in=pks, status=status).update(
        status=Status.EXPIRED, cancel_reason=reason, updated_at=now
    )
    if reason == CancelReason.OFFER_EXPIRED:
        for pk in pks:
            domain_events.publish("events.offer_expired", registration_id=pk)
    content_changed.send(sender=Registration, pks=pks)
    return pks


def expire_lapsed(now: datetime | None = None) -> int:
    """Guest holds and offers past their time end (EXPIRED) and their seats are offered on;
    one transaction per event. Returns how many ended. Safe to run twice."""
    now = now or timezone.now()
    lapsed = Q(status=Status.PENDING, hold_expires_at__lte=now) | Q(
        status=Status.OFFERED, offer_expires_at__lte=now
    )
    event_ids = sorted(set(Registration.objects.filter(lapsed).values_list("event_id", flat=True)))
    ended = 0
    for event_id in event_ids:
        with transaction.atomic():
            event = lock_event(event_id)
            rows = list(event.registrations.filter(lapsed).only("pk", "status"))
            holds = [r.pk for r in rows if r.status == Status.PENDING]
            offers = [r.pk for r in rows if r.status == Status.OFFERED]
            ended += len(_expire(event, holds, Status.PENDING, CancelReason.HOLD_EXPIRED, now))
            ended += len(_expire(event, offers, Status.OFFERED, CancelReason.OFFER_EXPIRED, now))
            _offer_free_seats(event, now)
    return ended


# -- the door ------------------------------------------------------------------------------------


def _scan_outcome(checkin: CheckIn) -> ScanOutcome:
    registration = checkin.registration
    if registration is not None and checkin.result in (CheckInResult.OK, CheckInResult.ALREADY):
        return ScanOutcome(
            checkin.result,
            registration,
            checkin,
            registration.checked_in_at,
            registration.checked_in_by,
        )
    return ScanOutcome(checkin.result, registration, checkin)


def check_in(event: Event, code: str, *, by: Any, nonce: str, source: str) -> ScanOutcome:
    """One scan at the door of `event`, logged whatever its result. The same `nonce` again (a
    retried request) gets the first answer and changes nothing."""
    nonce = str(nonce or uuid.uuid4())[:36]
    previous = CheckIn.objects.select_related("registration__checked_in_by").filter(nonce=nonce)
    if (found := previous.first()) is not None:
        return _scan_outcome(found)
    typed = str(code or "").strip()
    normalised = tickets.normalise_code(typed)
    source = source if source in CheckInSource.values else CheckInSource.TYPED
    try:
        with transaction.atomic():
            now = timezone.now()
            event = Event.objects.get(pk=event.pk)
            registration = (
                Registration.objects.select_related("event").filter(ticket_code=normalised).first()
                if normalised
                else None
            )
            if registration is None:
                result = CheckInResult.UNKNOWN
            elif registration.event_id != event.pk:
                result = CheckInResult.OTHER_EVENT
            elif event.status == EventStatus.CANCELLED:
                result = CheckInResult.EVENT_CANCELLED
            elif registration.status in (Status.CANCELLED, Status.EXPIRED):
                result = CheckInResult.CANCELLED
            elif registration.status != Status.CONFIRMED:
                result = CheckInResult.NOT_CONFIRMED
            else:
                marked = Registration.objects.filter(
                    pk=registration.pk, checked_in_at__isnull=True
                ).update(checked_in_at=now, checked_in_by=by, updated_at=now)
                result = CheckInResult.OK if marked else CheckInResult.ALREADY
                if marked:
                    content_changed.send(sender=Registration, pks=[registration.pk])
            checkin = CheckIn.objects.create(
                event=event,
                registration=registration,
                code=(normalised or typed)[:16],
                result=result,
                source=source,
                nonce=nonce,
                at=now,
                by=by,
            )
    except IntegrityError:
        # The same nonce logged meanwhile by a concurrent retry: its answer, nothing of ours.
        return _scan_outcome(previous.get())
    checkin = CheckIn.objects.select_related("registration__checked_in_by").get(pk=checkin.pk)
    return _scan_outcome(checkin)


# -- the event's status and facts ---------------------------------------------------------------


def _next_boundary(event: Event, now: datetime) -> datetime | None:
    moments = [event.registration_opens_at, _closes_at(event), event.starts_at, event.ends_at]
    future = [moment for moment in moments if moment is not None and moment > now]
    return min(future) if future else None


def change_status(
    event: Event,
    status: str,
    *,
    by: Any,
    message_vi: str = "",
    message_en: str = "",
    new_starts_at: datetime | None = None,
    new_ends_at: datetime | None = None,
) -> EventChange:
    """Postpone, reschedule, move online, cancel (or schedule again) an event; everyone
    registered or waiting is told (`events.changed`, a fan-out). Rescheduling moves the times,
    bumps `schedule_version` (calendar SEQUENCE, reminder Message-IDs) and re-arms the
    reminders."""
    status = EventStatus(status)
    with transaction.atomic():
        event = lock_event(event.pk)
        old_starts = event.starts_at
        now = timezone.now()
        if status == EventStatus.RESCHEDULED:
            if new_starts_at is None:
                raise RuleError(_("Give the new start time."))
            new_ends_at = new_ends_at or new_starts_at + (event.ends_at - event.starts_at)
            if new_ends_at <= new_starts_at:
                raise RuleError(_("The event must end after it starts."))
            if (new_starts_at, new_ends_at) != (event.starts_at, event.ends_at):
                event.previous_starts_at = old_starts
                event.starts_at, event.ends_at = new_starts_at, new_ends_at
                event.schedule_version += 1
                event.registrations.filter(status__in=ACTIVE).update(
                    reminded_24h_at=None, reminded_1h_at=None, followed_up_at=None
                )
                # The pages' own facts follow, so that the next publication does not move the
                # seminar back (the editor's draft revision keeps its values until edited).
                EventPage.objects.filter(translation_key=event.translation_key).update(
                    starts_at=new_starts_at, ends_at=new_ends_at
                )
        event.status = status
        event.next_boundary_at = _next_boundary(event, now)
        event.save()
        change = EventChange.objects.create(
            event=event,
            kind=status,
            old_starts_at=old_starts,
            new_starts_at=event.starts_at if status == EventStatus.RESCHEDULED else None,
            new_ends_at=event.ends_at if status == EventStatus.RESCHEDULED else None,
            message_vi=message_vi,
            message_en=message_en,
            by=by if by is not None and getattr(by, "pk", None) else None,
        )
        domain_events.publish("events.changed", change_id=change.pk)
        if status in (EventStatus.SCHEDULED, EventStatus.RESCHEDULED, EventStatus.MOVED_ONLINE):
            _offer_free_seats(event, now)
        return change


def question_specs(page: EventPage) -> list[dict[str, Any]]:
    """The source page's questions as the service checks answers against them."""
    specs = []
    for question in page.questions.all():
        spec: dict[str, Any] = {
            "key": question.key,
            "kind": question.kind,
            "required": bool(question.required),
        }
        if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            spec["choices"] = [code for code, _label in question.parsed_choices()]
        specs.append(spec)
    return specs


def _source_of(group: list[EventPage], current_id: int | None) -> EventPage | None:
    """The group's live Vietnamese page, else the current source while it is live, else the
    first live page; with no live page the source stays."""
    live = [page for page in group if page.live]
    vietnamese = [page for page in live if page.locale.language_code == "vi"]
    if vietnamese:
        return vietnamese[0]
    for page in live or group:
        if page.pk == current_id:
            return page
    return live[0] if live else None


def sync_from_page(page: Any) -> Event | None:
    """On publication (or unpublication) of an event page: the shared Event row of its
    translation group, created if needed; the source page's facts and questions copied; a
    time change while people are registered is a reschedule (they are told); more seats are
    offered to those waiting."""
    page = page.specific if type(page) is not EventPage and hasattr(page, "specific") else page
    key = page.translation_key
    if not key:
        return None
    group = list(
        EventPage.objects.filter(translation_key=key).select_related("locale").order_by("pk")
    )
    listed = any(member.live for member in group)
    with transaction.atomic():
        existing = Event.objects.filter(translation_key=key).values_list("pk", flat=True).first()
        if existing is None:
            if not page.live:
                return None
            event = Event(translation_key=key)
            current_source = None
        else:
            event = lock_event(existing)
            current_source = event.source_page_id
        source = _source_of(group, current_source)
        now = timezone.now()
        event.source_page_id = source.pk if source is not None else None
        event.listed = listed
        reschedule: tuple[datetime, datetime] | None = None
        if source is not None and source.pk == page.pk and page.live:
            from .models import FACT_FIELDS

            new_times = (page.starts_at, page.ends_at)
            moved = event.pk is not None and new_times != (event.starts_at, event.ends_at)
            # A cancelled event stays cancelled: its new times are copied, nobody is told.
            has_people = (
                moved
                and event.status != EventStatus.CANCELLED
                and event.registrations.filter(status__in=ACTIVE).exists()
            )
            for name in FACT_FIELDS:
                if has_people and name in ("starts_at", "ends_at"):
                    continue  # moved by the reschedule below, which tells everyone
                setattr(event, name, getattr(page, name))
            event.questions = question_specs(page)
            if has_people:
                reschedule = new_times
        event.next_boundary_at = _next_boundary(event, now)
        event.save()
        if reschedule is not None:
            change_status(
                event,
                EventStatus.RESCHEDULED,
                by=None,
                new_starts_at=reschedule[0],
                new_ends_at=reschedule[1],
            )
            event.refresh_from_db()
        elif existing is not None:
            _offer_free_seats(event, now)
        # Every page of the group shows the shared times, and the lists filter and sort on
        # the pages' own columns (selectors): a translation follows at once.
        EventPage.objects.filter(translation_key=key).exclude(
            starts_at=event.starts_at, ends_at=event.ends_at
        ).update(starts_at=event.starts_at, ends_at=event.ends_at)
        return event
