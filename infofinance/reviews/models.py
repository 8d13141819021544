"""Readers' reviews of brokers: a point from 1 to 5 and a short comment, one per reader and
broker. Staff may hide a review, with a reason; hidden reviews count nowhere."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

MAX_WORDS = 200


class HideReason(models.TextChoices):
    """Why staff hid a review, in words the author reads in their own language (the e-mail)."""

    SPAM = "spam", _("Advertising or spam")
    ABUSIVE = "abusive", _("Insulting or abusive language")
    PERSONAL_DATA = "personal_data", _("It contains someone's personal details")
    OFF_TOPIC = "off_topic", _("It is not about this broker")
    CONFLICT = "conflict", _("Written by or for a party with an interest in the broker")
    OTHER = "other", _("Another reason (explained below)")


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)


class Review(models.Model):
    broker = models.ForeignKey(
        "brokers.Broker", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("broker")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="broker_reviews",
        verbose_name=_("reader"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000)
    # Shown instead of the author's initials when the reader chooses one for this review; never
    # their full name by default (it would identify them beside their complaint, shown under
    # the same initials on the broker page).
    author_alias = models.CharField(_("name shown"), max_length=40, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason_code = models.CharField(
        _("why it is hidden"),
        max_length=24,
        choices=HideReason,
        blank=True,
        help_text=_("Sent to the author by e-mail, in their language."),
    )
    hidden_reason = models.CharField(
        _("reason for hiding"),
        max_length=300,
        blank=True,
        help_text=_(
            "Sent to the author by e-mail as written: no internal remarks, nothing about other "
            "readers."
        ),
    )
    # When it was last hidden (services.moderate): the author's notice is about that hiding.
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("rating", read_only=True), FieldPanel("hidden")]),
        FieldPanel("comment", read_only=True),
        FieldPanel("author_alias"),  # staff may clear a pseudonym that names someone
        FieldPanel("hidden_reason_code"),
        FieldPanel("hidden_reason"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["broker", "user"], name="one_review_per_broker"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["broker", "hidden", "-created_at"], name="review_list")]

    def __str__(self):
        return f"{self.broker} · {self.rating}/5"

    def clean(self):
        if not self.hidden:
            return
        if not self.hidden_reason_code and not self.hidden_reason.strip():
            raise ValidationError({"hidden_reason": _("Say why the review is hidden.")})
        if self.hidden_reason_code == HideReason.OTHER and not self.hidden_reason.strip():
            raise ValidationError({"hidden_reason": _("Explain the other reason.")})

    @property
    def author_name(self) -> str:
        """What the broker page shows: the name the reader chose for this review, else their
        initials (`Nguyễn Văn An` → `N. V. A.`), else "Reader"."""
        if self.author_alias.strip():
            return self.author_alias.strip()
        name = getattr(self.user, "display_name", "") or self.user.get_full_name()
        return initials(name) or str(_("Reader"))


def initials(name: str) -> str:
    return " ".join(f"{word[0].upper()}." for word in (name or "").split()[:4])
