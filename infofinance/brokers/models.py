"""The Brokers Hub's data: regulators, brokers with their aliases and analyst scores, licences with
their documents. Reader-facing text has a Vietnamese and an English field. Scores, warnings and
badges are derived (see scoring.py, warnings.py and badges.py) and stored on the broker for
listing and filtering; the supervision status a reader sees is derived from the licences and
warnings whenever it is shown (supervision.py)."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Orderable

from infofinance.core.slugs import ascii_slug
from infofinance.text.collation import sort_by_name
from infofinance.text.language import current_language
from infofinance.wiring import routes

from .domains import normalize_domain, normalize_domains, normalize_licence_number

# The directory's own sub-paths: no broker may take one as its slug.
RESERVED_SLUGS = routes.reserve(
    "brokers.directory", {"phuong-phap-cham-diem", "methodology", "goi-y", "suggest", "rss", "atom"}
)
SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))]


def localized(instance, field: str) -> str:
    """The Vietnamese or English variant of `field` for the active language, falling back to the
    other one when empty."""
    language = current_language()
    first, second = ("en", "vi") if language == "en" else ("vi", "en")
    return getattr(instance, f"{field}_{first}", "") or getattr(instance, f"{field}_{second}", "")


class Tier(models.IntegerChoices):
    TOP = 1, _("Tier 1: major financial centre")
    STRONG = 2, _("Tier 2: well-regulated")
    MODERATE = 3, _("Tier 3: moderate oversight")
    OFFSHORE = 4, _("Tier 4: offshore")


class Regulator(models.Model):
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=32)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    country = models.CharField(_("country code"), max_length=2, help_text=_("ISO 3166, e.g. GB"))
    country_name_vi = models.CharField(_("country (Vietnamese)"), max_length=80, blank=True)
    country_name_en = models.CharField(_("country (English)"), max_length=80, blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier, default=Tier.MODERATE)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("slug")]),
        FieldRowPanel(
            [FieldPanel("country"), FieldPanel("country_name_vi"), FieldPanel("country_name_en")]
        ),
        FieldPanel("tier"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("address"),
        FieldPanel("description_vi"),
        FieldPanel("description_en"),
    ]

    class Meta:
        verbose_name = _("regulator")
        verbose_name_plural = _("regulators")
        ordering = ["tier", "abbreviation"]

    def __str__(self):
        return f"{self.abbreviation} ({self.country})"

    def clean(self):
        self.slug = ascii_slug(self.slug or self.abbreviation or self.name, 80)
        self.country = (self.country or "").upper()

    def save(self, *args, **kwargs):
        self.slug = ascii_slug(self.slug or self.abbreviation or self.name, 80)
        super().save(*args, **kwargs)

    @property
    def country_name(self):
        """As typed in the admin, else as Babel names the country in the page's language."""
        from babel import Locale

        return localized(self, "country_name") or Locale.parse(current_language()).territories.get(
            self.country, self.country
        )

    @property
    def description(self):
        return localized(self, "description")


class Product(models.Model):
    """A kind of instrument a broker offers (forex, CFD on indices, crypto, …)."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["slug"]

    def __str__(self):
        return self.name_en

    @property
    def name(self):
        return localized(self, "name")


def localized_text(instance, field: str) -> dict:
    """`field` in the page's language as {"text", "lang"}: `lang` is empty when the text is in
    the page's language, else the code of the other language it falls back to (the template
    marks that text with it)."""
    language = current_language()
    other = "vi" if language == "en" else "en"
    text = getattr(instance, f"{field}_{language}", "")
    if text:
        return {"text": text, "lang": ""}
    text = getattr(instance, f"{field}_{other}", "")
    return {"text": text, "lang": other if text else ""}


class Platform(models.Model):
    """A trading platform. Product names (MetaTrader 5, cTrader) are typed the same in both
    languages; generic ones are translated ("Ứng dụng di động" / "Mobile app")."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_vi = models.CharField(
        _("name (Vietnamese)"),
        max_length=80,
        blank=True,
        help_text=_("A product name (MetaTrader 5) is typed as is in both languages."),
    )
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)

    panels = [FieldPanel("slug"), FieldRowPanel([FieldPanel("name_vi"), FieldPanel("name_en")])]

    class Meta:
        verbose_name = _("trading platform")
        verbose_name_plural = _("trading platforms")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def clean(self):
        self.name_vi, self.name_en = self.name_vi.strip(), self.name_en.strip()
        if not (self.name_vi or self.name_en):
            raise ValidationError(
                {"name_vi": _("Give the platform a name in at least one language.")}
            )

    @property
    def name(self) -> str:
        """The name in the page's language, else in the other one."""
        return localized(self, "name")

    @property
    def localized_name(self) -> dict:
        """{"text", "lang"}: the name shown on the page and, when it is in the other language,
        that language's code."""
        return localized_text(self, "name")


class Badge(models.TextChoices):
    NONE = "", pgettext_lazy("badge", "None")
    RECOMMENDED = "recommended", _("Highly recommended")
    FAVOURITE = "favourite", _("Traders' favourite")


class Broker(ClusterableModel):
    name = models.CharField(_("name"), max_length=160)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    website = models.URLField(_("website"), blank=True)
    other_domains = models.TextField(
        _("other official domains"), blank=True, help_text=_("One domain per line.")
    )
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    country = models.CharField(_("country code"), max_length=2, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    products = models.ManyToManyField(Product, blank=True, verbose_name=_("products"))
    platforms = models.ManyToManyField(Platform, blank=True, verbose_name=_("platforms"))
    intro_vi = models.TextField(_("introduction (Vietnamese)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden brokers are not shown to readers.")
    )

    # Analyst scores (0–10) with their written justification, per language.
    market_score = models.DecimalField(
        _("market score"), max_digits=4, decimal_places=2, default=0, validators=SCORE_VALIDATORS
    )
    market_note_vi = models.TextField(_("market: justification (Vietnamese)"), blank=True)
    market_note_en = models.TextField(_("market: justification (English)"), blank=True)
    business_score = models.DecimalField(
        _("business score"), max_digits=4, decimal_places=2, default=0, validators=SCORE_VALIDATORS
    )
    business_note_vi = models.TextField(_("business: justification (Vietnamese)"), blank=True)
    business_note_en = models.TextField(_("business: justification (English)"), blank=True)
    risk_score = models.DecimalField(
        _("risk control score"),
        max_digits=4,
        decimal_places=2,
        default=0,
        validators=SCORE_VALIDATORS,
    )
    risk_note_vi = models.TextField(_("risk control: justification (Vietnamese)"), blank=True)
    risk_note_en = models.TextField(_("risk control: justification (English)"), blank=True)
    software_score = models.DecimalField(
        _("software score"), max_digits=4, decimal_places=2, default=0, validators=SCORE_VALIDATORS
    )
    software_note_vi = models.TextField(_("software: justification (Vietnamese)"), blank=True)
    software_note_en = models.TextField(_("software: justification (English)"), blank=True)

    # Derived, stored for listing, filtering and sorting (services.refresh_broker).
    licence_score = models.DecimalField(
        _("licence score"), max_digits=4, decimal_places=2, default=0, editable=False
    )
    total_score = models.DecimalField(
        _("total score"), max_digits=4, decimal_places=2, default=0, editable=False, db_index=True
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True, editable=False)
    has_warnings = models.BooleanField(_("has warnings"), default=False, editable=False)
    licence_status = models.CharField(
        _("licence status"), max_length=16, blank=True, editable=False, db_index=True
    )
    badge = models.CharField(
        _("badge"),
        max_length=16,
        choices=Badge,
        blank=True,
        editable=False,
        help_text=_("Awarded by the published rule (methodology page), never set by hand."),
    )
    search_text = models.TextField(_("search text"), editable=False, blank=True)
    refreshed_on = models.DateField(_("recomputed on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    profile_panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("slug")]),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("country"), FieldPanel("founded_year")]),
        FieldPanel("other_domains"),
        FieldPanel("headquarters"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("products"),
        FieldPanel("platforms"),
        FieldPanel("intro_vi"),
        FieldPanel("intro_en"),
        FieldPanel("hidden"),
        InlinePanel("aliases", label=_("Aliases")),
    ]
    score_panels = [
        MultiFieldPanel(
            [
                FieldPanel(f"{key}_score"),
                FieldPanel(f"{key}_note_vi"),
                FieldPanel(f"{key}_note_en"),
            ],
            heading=heading,
        )
        for key, heading in (
            ("market", _("Market")),
            ("business", _("Business")),
            ("risk", _("Risk control")),
            ("software", _("Software")),
        )
    ]
    licence_panels = [InlinePanel("licences", label=_("Licences"))]
    edit_handler = TabbedInterface(
        [
            ObjectList(profile_panels, heading=_("Profile")),
            ObjectList(licence_panels, heading=_("Licences")),
            ObjectList(score_panels, heading=_("Scores")),
        ]
    )

    class Meta:
        verbose_name = _("broker")
        verbose_name_plural = _("brokers")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["hidden", "-total_score", "name"], name="broker_by_score"),
            models.Index(fields=["hidden", "name"], name="broker_by_name"),
            models.Index(fields=["hidden", "-created_at"], name="broker_by_newest"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.slug = ascii_slug(self.slug or self.name, 100)
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved for a page of the site.")})
        self.country = (self.country or "").upper()
        self.other_domains = "\n".join(normalize_domains(self.other_domains))

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived scores and warnings are the services' business (services.save_broker and the
        # admin's hooks call refresh_broker): a plain save stores the fields as they are.
        self.slug = ascii_slug(self.slug or self.name, 100)
        super().save(*args, **kwargs)  # commits aliases and licences too (ClusterableModel)

    @property
    def domain(self) -> str:
        return normalize_domain(self.website)

    @property
    def official_domains(self) -> list[str]:
        """The domains the broker itself operates: its website's first, then `other_domains`,
        normalized. What the broker declares, not what a regulator approved: that list is
        `Licence.domains` of its current licences. A check of a site against a licensed broker
        (the deposit check) accepts a domain only if some current licence approves it, and uses
        this list to tell a broker's own unapproved site from someone else's."""
        return [d for d in [self.domain, *normalize_domains(self.other_domains)] if d]

    @property
    def intro(self):
        return localized(self, "intro")

    @cached_property
    def supervision(self):
        """What a reader is told about the broker's supervision, from its licences and
        warnings (one function decides it: supervision.status_of)."""
        from .supervision import status_of

        return status_of(self)

    def score_note(self, key: str) -> dict:
        """The analysts' written justification of score `key` in the page's language, or in
        the other language (with its code) when only that one is written."""
        return localized_text(self, f"{key}_note")

    def platform_names(self) -> list[dict]:
        """The broker's platforms as {"text", "lang"} in the page's language (see
        `Platform.localized_name`), sorted the Vietnamese way (uses a prefetch)."""
        names = [platform.localized_name for platform in self.platforms.all()]
        return sort_by_name([n for n in names if n["text"]], lambda n: n["text"])


class BrokerAlias(Orderable):
    broker = ParentalKey(Broker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=160)

    class Meta(Orderable.Meta):
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self):
        return self.name


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    CLONE = "clone", pgettext_lazy("broker clone", "Clone warning")


class Licence(Orderable, ClusterableModel):
    broker = ParentalKey(Broker, on_delete=models.CASCADE, related_name="licences")
    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, related_name="licences", verbose_name=_("regulator")
    )
    licence_type_vi = models.CharField(_("licence type (Vietnamese)"), max_length=160, blank=True)
    licence_type_en = models.CharField(_("licence type (English)"), max_length=160, blank=True)
    number = models.CharField(_("licence number"), max_length=80)
    licensee_name = models.CharField(_("licensee"), max_length=200, blank=True)
    licensee_email = models.EmailField(_("licensee e-mail"), blank=True)
    licensee_phone = models.CharField(_("licensee phone"), max_length=64, blank=True)
    approved_domains = models.TextField(
        _("approved domains"),
        blank=True,
        help_text=_("One domain per line, as the regulator lists them."),
    )
    address = models.CharField(_("business address"), max_length=300, blank=True)
    effective_date = models.DateField(_("effective"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=LicenceStatus, default=LicenceStatus.ACTIVE
    )
    regulator_flagged = models.BooleanField(
        _("flagged by the regulator"),
        default=False,
        help_text=_("The regulator has published a warning about this licence or its use."),
    )
    flag_date = models.DateField(_("date of the regulator's warning"), null=True, blank=True)
    flag_note_vi = models.CharField(
        _("regulator's warning (Vietnamese)"), max_length=300, blank=True
    )
    flag_note_en = models.CharField(_("regulator's warning (English)"), max_length=300, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("regulator's document"),
        help_text=_("PDF or image published by the regulator."),
    )

    panels = [
        FieldRowPanel([FieldPanel("regulator"), FieldPanel("number"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("licence_type_vi"), FieldPanel("licence_type_en")]),
        FieldRowPanel(
            [
                FieldPanel("licensee_name"),
                FieldPanel("licensee_email"),
                FieldPanel("licensee_phone"),
            ]
        ),
        FieldPanel("approved_domains"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("effective_date"), FieldPanel("expiry_date")]),
        FieldRowPanel([FieldPanel("regulator_flagged"), FieldPanel("flag_date")]),
        FieldRowPanel([FieldPanel("flag_note_vi"), FieldPanel("flag_note_en")]),
        FieldPanel("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        constraints = [
            models.UniqueConstraint(fields=["regulator", "number"], name="unique_licence_number")
        ]
        indexes = [models.Index(fields=["status", "expiry_date"], name="licence_status_expiry")]

    def __str__(self):
        return f"{self.regulator_id and self.regulator.abbreviation} {self.number}"

    def clean(self):
        self.number = normalize_licence_number(self.number)
        self.approved_domains = "\n".join(normalize_domains(self.approved_domains))
        if self.effective_date and self.expiry_date and self.expiry_date < self.effective_date:
            raise ValidationError(
                {"expiry_date": _("The expiry date is before the effective date.")}
            )

    def save(self, *args, **kwargs):
        self.number = normalize_licence_number(self.number)
        super().save(*args, **kwargs)

    @property
    def licence_type(self):
        return localized(self, "licence_type")

    @property
    def flag_note(self):
        return localized(self, "flag_note")

    @property
    def domains(self) -> list[str]:
        return normalize_domains(self.approved_domains)

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == LicenceStatus.ACTIVE and not (
            self.expiry_date and self.expiry_date < today
        )

    def effective_status(self, today=None) -> str:
        """The status a reader should see: an active licence past its expiry date is expired."""
        today = today or timezone.localdate()
        if self.status == LicenceStatus.ACTIVE and self.expiry_date and self.expiry_date < today:
            return LicenceStatus.EXPIRED
        return self.status


class ArticleBroker(Orderable):
    """An article names a broker: the broker page lists the article. The brokers app owns the
    link, so the newsroom never imports the Brokers Hub."""

    page = ParentalKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="broker_links",
        verbose_name=_("article"),
    )
    broker = models.ForeignKey(
        Broker, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("broker")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("broker mentioned")
        verbose_name_plural = _("brokers mentioned")
        constraints = [
            models.UniqueConstraint(fields=["page", "broker"], name="unique_article_broker")
        ]
