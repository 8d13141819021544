"""The complaint centre's records: a complaint with its evidence, the history of its status,
staff notes apart from public updates, cancellation requests and customer-service teams (the
security log of refused attempts is infofinance.audit's). Evidence files live in private storage
(storage.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from infofinance.text.language import current_language
from infofinance.wiring import routes

from .storage import evidence_path, private_storage

CONSENT_VERSION = "2026-01"
# The separate, optional consent to publication: its wording is recorded as shown (forms.py).
PUBLICATION_CONSENT_TEXT = _(
    "I also agree that Info Finance may publish this complaint, written by its staff without my "
    "name, contact details or evidence, and showing only my initials. I can withdraw this "
    "consent at any time from the page of my complaint; the complaint is then unpublished at once."
)


class Category(models.TextChoices):
    SCAM = "scam", _("Scam or unauthorised trading")
    CANNOT_WITHDRAW = "cannot_withdraw", _("Cannot withdraw funds")
    PRICE_MANIPULATION = "price_manipulation", _("Price manipulation")
    OTHER = "other", _("Other problem")


# Slugs of the public category listings (routes.md), per language.
CATEGORY_SLUGS = {
    "vi": {
        Category.SCAM: "lua-dao",
        Category.CANNOT_WITHDRAW: "khong-rut-duoc-tien",
        Category.PRICE_MANIPULATION: "thao-tung-gia",
        Category.OTHER: "ly-do-khac",
    },
    "en": {
        Category.SCAM: "scam",
        Category.CANNOT_WITHDRAW: "cannot-withdraw",
        Category.PRICE_MANIPULATION: "price-manipulation",
        Category.OTHER: "other",
    },
}
# The public complaints' own sub-paths: no public complaint may take one as its slug.
RESERVED_SLUGS = routes.reserve("complaints", {"gui", "new", "danh-muc", "category", "rss", "atom"})


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("complaint status", "Draft")
    NEW = "new", pgettext_lazy("complaint status", "New")
    UNDER_REVIEW = "under_review", _("Under review")
    CONTACTING_BROKER = "contacting_broker", _("Contacting the broker")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


FINAL_STATUSES = {Status.RESOLVED, Status.REJECTED, Status.CLOSED}
# Which status may follow which (staff side); a case may be reopened for review.
TRANSITIONS: dict[str, set[Status]] = {
    Status.NEW: {Status.UNDER_REVIEW, Status.REJECTED, Status.CLOSED},
    Status.UNDER_REVIEW: {
        Status.CONTACTING_BROKER,
        Status.RESOLVED,
        Status.REJECTED,
        Status.CLOSED,
    },
    Status.CONTACTING_BROKER: {
        Status.UNDER_REVIEW,
        Status.RESOLVED,
        Status.REJECTED,
        Status.CLOSED,
    },
    Status.RESOLVED: {Status.UNDER_REVIEW, Status.CLOSED},
    Status.REJECTED: {Status.UNDER_REVIEW, Status.CLOSED},
    Status.CLOSED: {Status.UNDER_REVIEW},
}


class CloseReason(models.TextChoices):
    SETTLED = "settled", _("Settled with the broker")
    NO_RESPONSE = "no_response", _("No response from the complainant")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    CANCELLED = "cancelled", _("Cancelled at the complainant's request")
    OUT_OF_SCOPE = "out_of_scope", _("Outside what we can help with")
    OTHER = "other", _("Other reason")


class CancellationReason(models.TextChoices):
    SETTLED = "settled", _("Settled with the broker")
    WRONG_BROKER = "wrong_broker", _("Wrong broker")
    CHANGED_MIND = "changed_mind", _("I changed my mind")
    OTHER = "other", _("Other reason")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_complaint_teams",
        verbose_name=_("leader"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="complaint_teams",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer-service team")
        verbose_name_plural = _("customer-service teams")

    def __str__(self):
        return self.name


class ComplaintQuerySet(models.QuerySet):
    def published(self):
        # Consent withdrawn unpublishes at once (services.withdraw_publication_consent); the
        # condition here is the guarantee, whatever wrote the row.
        return (
            self.filter(published=True, hidden=False, held=False)
            .exclude(public_slug=None)
            .exclude(public_title_vi="")
            .filter(publication_consent_at__isnull=False, publication_withdrawn_at=None)
        )


class Complaint(models.Model):
    # The id used in every URL: never guessable, unlike the primary key.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("complainant"),
    )
    broker = models.ForeignKey(
        "brokers.Broker",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("broker"),
    )
    broker_name = models.CharField(_("broker name"), max_length=200, blank=True)
    broker_url = models.URLField(_("broker website"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=Category)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=2, default="vi")
    status = models.CharField(
        _("status"), max_length=24, choices=Status, default=Status.DRAFT, db_index=True
    )
    close_reason = models.CharField(
        _("close reason"), max_length=24, choices=CloseReason, blank=True
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("team"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_complaints",
        verbose_name=_("assignee"),
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=16, blank=True)
    # One per form rendering: a second POST of the same form finds the first complaint.
    submit_token = models.UUIDField(
        null=True, blank=True, unique=True, editable=False, verbose_name=_("form token")
    )
    # Consent to publication, apart from the consent to processing above: optional, with the
    # wording the reader was shown and when; withdrawing it unpublishes the complaint.
    publication_consent_at = models.DateTimeField(
        _("consent to publication given"), null=True, blank=True
    )
    publication_consent_text = models.TextField(_("consent to publication: wording"), blank=True)
    publication_withdrawn_at = models.DateTimeField(
        _("consent to publication withdrawn"), null=True, blank=True
    )
    # Held by the site-wide cap on complaints from new accounts (limits.py): staff release it.
    held = models.BooleanField(_("held for review"), default=False, db_index=True)
    published = models.BooleanField(_("approved for publication"), default=False)
    public_slug = models.SlugField(_("public slug"), max_length=120, unique=True, null=True)
    # What readers see, written by staff (never the reader's own title or text); the slug comes
    # from the Vietnamese title and is the same in both languages.
    public_title_vi = models.CharField(_("public title (Vietnamese)"), max_length=200, blank=True)
    public_title_en = models.CharField(_("public title (English)"), max_length=200, blank=True)
    public_text_vi = models.TextField(_("public text (Vietnamese)"), blank=True)
    public_text_en = models.TextField(_("public text (English)"), blank=True)
    highlighted = models.BooleanField(_("highlighted on the broker's page"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [
            ("handle_complaints", "Handle complaints of their team or assigned to them"),
            ("manage_all_complaints", "See and handle every complaint"),
        ]
        indexes = [
            models.Index(fields=["published", "hidden", "-published_at"], name="complaint_public"),
            models.Index(fields=["broker", "published", "hidden"], name="complaint_broker"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def broker_label(self) -> str:
        return self.broker.name if self.broker_id else self.broker_name

    @property
    def initials(self) -> str:
        """What readers see instead of the complainant's name: `Nguyễn Văn An` → `N. V. A.`"""
        words = (self.full_name or "").split()
        return " ".join(f"{w[0].upper()}." for w in words[:4]) or "—"

    @property
    def reference(self) -> str:
        return str(self.uuid).split("-")[0].upper()

    @property
    def publication_consented(self) -> bool:
        return self.publication_consent_at is not None and self.publication_withdrawn_at is None

    def _public(self, field: str) -> str:
        vietnamese = getattr(self, f"{field}_vi")
        if current_language() == "en":
            return getattr(self, f"{field}_en") or vietnamese
        return vietnamese

    @property
    def public_title(self) -> str:
        """The staff-written title in the page's language (Vietnamese when there is no English)."""
        return self._public("public_title")

    @property
    def public_text(self) -> str:
        return self._public("public_text")


class RetiredSlug(models.Model):
    """A public address that must never answer again (made from a reader's own title, which may
    hold their name or phone number): it answers 410 Gone and is never redirected or reused."""

    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("former slug"))
    retired_at = models.DateTimeField(auto_now_add=True, verbose_name=_("retired"))

    class Meta:
        verbose_name = _("retired public address")
        verbose_name_plural = _("retired public addresses")

    def __str__(self):
        return self.slug


class Evidence(models.Model):
    """A file sent by the complainant, or attached by staff to an internal note."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("id"))
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("complaint")
    )
    note = models.ForeignKey(
        "InternalNote",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("note"),
    )
    file = models.FileField(
        storage=private_storage, upload_to=evidence_path, max_length=200, verbose_name=_("file")
    )
    original_name = models.CharField(max_length=200, verbose_name=_("file name"))
    content_type = models.CharField(max_length=64, verbose_name=_("file type"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class StatusChange(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="history", verbose_name=_("complaint")
    )
    old_status = models.CharField(
        max_length=24, choices=Status, blank=True, verbose_name=_("previous status")
    )
    new_status = models.CharField(max_length=24, choices=Status, verbose_name=_("new status"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("changed"))
    comment = models.CharField(max_length=300, blank=True, verbose_name=_("comment"))

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.old_status or '-'} → {self.new_status}"


class CaseText(models.Model):
    """A text staff write on a case, with its author and time."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(max_length=5000, verbose_name=_("text"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("written"))

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class InternalNote(CaseText):
    """Staff only: never shown to the complainant nor published."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="notes", verbose_name=_("complaint")
    )

    class Meta(CaseText.Meta):
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")


class PublicUpdate(CaseText):
    """An update the complainant sees on their timeline and receives by e-mail."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="updates", verbose_name=_("complaint")
    )

    class Meta(CaseText.Meta):
        verbose_name = _("public update")
        verbose_name_plural = _("public updates")


class CancellationRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="cancellations",
        verbose_name=_("complaint"),
    )
    reason = models.CharField(_("reason"), max_length=24, choices=CancellationReason)
    explanation = models.TextField(_("explanation"), max_length=2000, blank=True)
    decision = models.CharField(
        max_length=12,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
        verbose_name=_("decision"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("requested"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("cancellation request")
        verbose_name_plural = _("cancellation requests")

    def __str__(self):
        return f"{self.reason} ({self.decision})"
