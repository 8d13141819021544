"""The operational side of an event, shared by its translations: the `Event` row (facts copied
from the source page, capacity, status; the lock row of every seat change), registrations,
check-ins and the status changes told to attendees. Writes go through `events.services`."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventStatus(models.TextChoices):  # schema.org eventStatus
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    MOVED_ONLINE = "moved_online", _("Moved online")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


DEFAULT_ZONE = "Asia/Ho_Chi_Minh"


class Event(models.Model):
    """One seminar, whatever the number of its translations (one `translation_key`)."""

    translation_key = models.UUIDField(unique=True, editable=False)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source page"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone of the venue"), max_length=64, default=DEFAULT_ZONE)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance, default=Attendance.IN_PERSON
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=300, blank=True)
    locality = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="VN")
    map_url = models.URLField(_("map link"), blank=True)
    online_url = models.URLField(_("join link"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to take an offered seat"), default=settings.EVENTS_DEFAULT_OFFER_HOURS
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus, default=EventStatus.SCHEDULED
    )
    previous_starts_at = models.DateTimeField(_("previous start"), null=True, blank=True)
    schedule_version = models.PositiveIntegerField(default=0, editable=False)
    questions = models.JSONField(default=list, blank=True, editable=False)
    lock_version = models.PositiveBigIntegerField(default=0, editable=False)
    listed = models.BooleanField(_("listed"), default=False, editable=False)
    next_boundary_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        # The short lists walk the events by start (selectors.pages.soonest_pages), reading
        # the end and the key from the index alone.
        indexes = [
            models.Index(
                fields=["starts_at", "id", "ends_at", "translation_key"], name="events_event_starts"
            )
        ]
        permissions = [
            ("manage_registrations", "Can manage event registrations"),
            ("check_in", "Can check in attendees"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="events_event_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        page = self.source_page
        return page.title if page is not None else f"event {self.pk}"

    @property
    def is_online(self) -> bool:
        return self.attendance in (Attendance.ONLINE, Attendance.MIXED)

    @property
    def is_in_person(self) -> bool:
        return self.attendance in (Attendance.IN_PERSON, Attendance.MIXED)

    def opens_at(self) -> datetime | None:
        """When registration opens: its own time, else at once (the page's publication)."""
        return self.registration_opens_at

    def closes_at(self) -> datetime:
        """When registration closes: its own time, else when the event starts."""
        return self.registration_closes_at or self.starts_at


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")  # a guest: holds a seat until hold_expires_at
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Seat offered")  # holds a seat until offer_expires_at
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
    EXPIRED = "expired", _("Lapsed")


ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING, Status.OFFERED)


class Source(models.TextChoices):
    READER = "reader", _("Reader with an account")
    GUEST = "guest", _("Guest")
    STAFF = "staff", _("Added by staff")


class CancelReason(models.TextChoices):
    READER = "reader", _("Cancelled by the attendee")
    STAFF = "staff", _("Cancelled by staff")
    EVENT_CANCELLED = "event_cancelled", _("The event was cancelled")
    HOLD_EXPIRED = "hold_expired", _("Not confirmed in time")
    OFFER_EXPIRED = "offer_expired", _("Offered seat not taken in time")
    OFFER_DECLINED = "offer_declined", _("Offered seat declined")
    ERASED = "erased", _("Personal data erased")


class Registration(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    source = models.CharField(_("source"), max_length=8, choices=Source)
    status = models.CharField(_("status"), max_length=12, choices=Status)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(_("seat held until"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    offers_made = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=16, choices=CancelReason, blank=True)
    ticket_code = models.CharField(_("ticket code"), max_length=8, unique=True)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    reminded_24h_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_1h_at = models.DateTimeField(null=True, blank=True, editable=False)
    followed_up_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_change_id = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=[s.value for s in ACTIVE]),
                name="events_registration_one_active_per_address",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=[s.value for s in ACTIVE], user__isnull=False),
                name="events_registration_one_active_per_account",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(hold_expires_at__isnull=False),
                name="events_registration_pending_has_hold",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="events_registration_offer_has_expiry",
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "waiting_since", "id"], name="events_reg_queue"
            ),
            models.Index(fields=["status", "hold_expires_at"], name="events_reg_hold"),
            models.Index(fields=["status", "offer_expires_at"], name="events_reg_offer"),
            models.Index(fields=["email"], name="events_reg_email"),
            models.Index(fields=["user", "status"], name="events_reg_user"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.get_status_display()})"

    def holds_seat(self, now) -> bool:
        if self.status == Status.CONFIRMED:
            return True
        if self.status == Status.PENDING:
            return self.hold_expires_at is not None and self.hold_expires_at > now
        if self.status == Status.OFFERED:
            return self.offer_expires_at is not None and self.offer_expires_at > now
        return False


class CheckInResult(models.TextChoices):
    OK = "ok", _("Checked in")
    ALREADY = "already", _("Already checked in")
    OTHER_EVENT = "other_event", _("Ticket for another event")
    UNKNOWN = "unknown", _("No ticket with this code")
    CANCELLED = "cancelled", _("Registration cancelled")
    NOT_CONFIRMED = "not_confirmed", _("Registration not confirmed")
    EVENT_CANCELLED = "event_cancelled", _("The event was cancelled")


class CheckInSource(models.TextChoices):
    SCAN = "scan", _("Camera")
    TYPED = "typed", _("Typed code")
    LIST = "list", _("Attendee list")


class CheckIn(models.Model):
    """Every scan at the door, successful or not."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkins")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkins"
    )
    code = models.CharField(max_length=16)
    result = models.CharField(max_length=16, choices=CheckInResult)
    source = models.CharField(max_length=8, choices=CheckInSource)
    nonce = models.CharField(max_length=36, unique=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.result} {self.at:%Y-%m-%d %H:%M}"


class EventChange(models.Model):
    """A change of status (postponed, rescheduled, moved online, cancelled) told to everyone
    registered or waiting."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=EventStatus)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    new_ends_at = models.DateTimeField(null=True, blank=True)
    message_vi = models.TextField(blank=True)
    message_en = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event change")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def message(self, language: str) -> str:
        own = self.message_en if language == "en" else self.message_vi
        return own or self.message_vi or self.message_en
