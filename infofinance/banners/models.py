"""Banners sold to advertisers, their schedule and their daily counts (docs/design/banners.md).

Writes go through services.py (validation, renditions, the schedule's state, domain events);
reads through selectors.py. Times are stored in UTC; staff enter them in Vietnam time."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .placements import Code, PageType

LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]


class Advertiser(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    broker = models.ForeignKey(
        "brokers.Broker",
        verbose_name=_("broker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advertisers",
        help_text=_(
            "When the advertiser is a broker: its banners may link only to domains a current "
            "licence of the broker approves, and stop when the broker gets a warning."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("advertiser")
        verbose_name_plural = _("advertisers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    LIVE = "live", _("running")
    ENDED = "ended", _("ended")
    STOPPED = "stopped", _("stopped")


class Banner(models.Model):
    name = models.CharField(
        _("name"), max_length=120, help_text=_("For staff and reports; readers never see it.")
    )
    advertiser = models.ForeignKey(
        Advertiser, verbose_name=_("advertiser"), on_delete=models.PROTECT, related_name="banners"
    )
    placement = models.CharField(_("placement"), max_length=16, choices=Code)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    desktop_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("desktop image"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mobile_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("mobile image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Shown on phones; required except for the side rails, which phones omit."),
    )
    link = models.URLField(_("link"), max_length=500)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        help_text=_("What the banner says, for readers who cannot see it (required)."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("Rotation: a banner of weight 3 is shown three times as often as one of 1."),
    )
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"),
        default=3,
        help_text=_("In-article banners: after which block of the article's body."),
    )
    page_types = models.JSONField(
        _("page types"),
        default=list,
        blank=True,
        help_text=_("Empty: every page the placement appears on."),
    )
    sections = models.ManyToManyField(
        "news.Section", verbose_name=_("sections"), blank=True, related_name="+"
    )
    tags = models.ManyToManyField("news.Tag", verbose_name=_("tags"), blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.SCHEDULED, editable=False
    )
    stopped_reason = models.CharField(
        _("why it stopped"), max_length=300, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("banner")
        verbose_name_plural = _("banners")
        ordering = ["-starts_at", "pk"]
        indexes = [
            models.Index(
                fields=["placement", "language", "starts_at", "ends_at"],
                name="banners_schedule",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="banners_ends_after",
                violation_error_message=_("The banner must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1),
                name="banners_weight",
                violation_error_message=_("The weight is at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def page_type_labels(self) -> list[str]:
        return [str(PageType(code).label) for code in self.page_types if code in PageType.values]


class BannerDay(models.Model):
    """One banner's counts on one Vietnam day: viewable impressions and clicks, each at most
    one per reader (salted hash of address and browser) and day. Written by the worker from
    the shared cache's counters (services.fold_counts), always as the day's total."""

    banner = models.ForeignKey(
        Banner, verbose_name=_("banner"), on_delete=models.CASCADE, related_name="days"
    )
    day = models.DateField(_("day"))
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("banner day")
        verbose_name_plural = _("banner days")
        constraints = [
            models.UniqueConstraint(fields=["banner", "day"], name="banners_one_row_per_day")
        ]
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.banner_id} {self.day}"


class PlacementState(models.Model):
    """What the pages of one placement and language showed when the worker last looked: the
    fingerprint of the banners running and scheduled that day. When it changes (a banner
    starts, ends, stops or is edited, a new Vietnam day), the worker purges exactly that
    placement's pages."""

    placement = models.CharField(_("placement"), max_length=16, choices=Code)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement state")
        verbose_name_plural = _("placement states")
        constraints = [
            models.UniqueConstraint(fields=["placement", "language"], name="banners_one_state")
        ]

    def __str__(self) -> str:
        return f"{self.placement} {self.language}"
