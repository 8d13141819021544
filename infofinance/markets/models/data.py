"""The figures of the economic calendar and of the assets: plain Django rows, one per indicator
or instrument whatever the number of its pages' translations. Writes go through
`markets.services` (releases keep a revision per change) and `markets.imports`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
# Figures are kept as entered: 20 digits, 6 of them after the point.
FIGURE = {"max_digits": 20, "decimal_places": 6, "null": True, "blank": True}


class Category(models.TextChoices):
    INFLATION = "inflation", _("Inflation")
    EMPLOYMENT = "employment", _("Employment")
    GROWTH = "growth", _("Growth")
    RATES = "rates", _("Interest rates")
    TRADE = "trade", _("Trade")
    SENTIMENT = "sentiment", _("Sentiment")
    CONSUMPTION = "consumption", _("Consumption")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    HOUSING = "housing", _("Housing")


class Unit(models.TextChoices):
    PERCENT = "percent", _("Per cent")
    INDEX = "index", _("Index points")
    THOUSANDS = "thousands", _("Thousands")
    MILLIONS = "millions", _("Millions")
    BILLIONS = "billions", _("Billions")
    NUMBER = "number", _("Number")


class Importance(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    MEETING = "meeting", _("Meeting")


class ReleaseStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    TENTATIVE = "tentative", _("Tentative")
    RELEASED = "released", _("Released")
    POSTPONED = "postponed", pgettext_lazy("release status", "Postponed")
    CANCELLED = "cancelled", pgettext_lazy("release status", "Cancelled")


class Indicator(models.Model):
    """One economic series (US CPI year on year, the SBV refinancing rate…). Its pages
    (`IndicatorPage`, one per language) carry the explainer; releases point here."""

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Used by imports, e.g. us-cpi-yoy.")
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 code; EZ for the euro area.")
    )
    currency = models.CharField(_("currency"), max_length=3)
    category = models.CharField(_("category"), max_length=16, choices=Category)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    importance = models.PositiveSmallIntegerField(
        _("usual importance"), choices=Importance, default=Importance.MEDIUM
    )
    period_kind = models.CharField(
        _("period"), max_length=8, choices=PeriodKind, default=PeriodKind.MONTH
    )
    source_name = models.CharField(_("source"), max_length=160)
    source_url = models.URLField(_("source link"), blank=True)
    release_zone = models.CharField(
        _("time zone of its releases"),
        max_length=64,
        default=DEFAULT_ZONE,
        help_text=_("An IANA name such as America/New_York."),
    )
    # The median |actual - forecast| of its last 24 releases with both figures, kept by the
    # services whenever a release is written (`services.releases.refresh_typical_surprises`),
    # so the calendar reads it with the indicator instead of ranking its releases on every
    # render (docs/performance.md, "Markets"). A median of two figures of 6 decimals has 7.
    # `typical_surprise_known` False (rows written in bulk outside the services): the
    # selectors compute it instead.
    typical_surprise = models.DecimalField(
        _("typical surprise"),
        max_digits=22,
        decimal_places=7,
        null=True,
        blank=True,
        editable=False,
    )
    typical_surprise_known = models.BooleanField(
        _("typical surprise computed"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["country", "code"]

    def __str__(self) -> str:
        return f"{self.country} · {self.name_en}"

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


class Release(models.Model):
    """One publication of an indicator for one period. Unique on (indicator, period kind,
    period start): an import updates the row it names."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="releases", verbose_name=_("indicator")
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind)
    period_start = models.DateField(_("period start"))
    scheduled_at = models.DateTimeField(_("scheduled (UTC)"))
    entered_zone = models.CharField(_("entered in time zone"), max_length=64, default=DEFAULT_ZONE)
    status = models.CharField(
        _("status"), max_length=10, choices=ReleaseStatus, default=ReleaseStatus.SCHEDULED
    )
    importance = models.PositiveSmallIntegerField(_("importance"), choices=Importance)
    # Copied from the indicator at save (services), so the calendar filters on one table.
    country = models.CharField(_("country"), max_length=2, editable=False)
    category = models.CharField(_("category"), max_length=16, choices=Category, editable=False)
    actual = models.DecimalField(_("actual"), **FIGURE)
    forecast = models.DecimalField(_("forecast"), **FIGURE)
    previous = models.DecimalField(_("previous"), **FIGURE)
    revised_previous = models.DecimalField(_("previous, revised"), **FIGURE)
    actual_recorded_at = models.DateTimeField(_("actual recorded"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["scheduled_at", "-importance", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "period_start"], name="markets_release_period"
            )
        ]
        indexes = [
            models.Index(fields=["scheduled_at", "importance"], name="markets_release_when"),
            models.Index(fields=["indicator", "-period_start"], name="markets_release_history"),
            # The typical surprise (the last 24 releases with both figures, per indicator,
            # in the window's order), read from the index alone; the figures are key columns,
            # not INCLUDE, which only PostgreSQL has (docs/performance.md, "Markets").
            models.Index(
                fields=["indicator", "-period_start", "-id", "actual", "forecast"],
                condition=models.Q(actual__isnull=False, forecast__isnull=False),
                name="markets_release_surprises",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start:%Y-%m}"


class ReleaseRevision(models.Model):
    """The values of a release after one change, by hand or by import: "as shown at T" is the
    newest revision at or before T."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("release")
    )
    at = models.DateTimeField(_("at"), db_index=True)
    values = models.JSONField(_("values"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    release_import = models.ForeignKey(
        "markets.ReleaseImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("import"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("release revision")
        ordering = ["release", "at", "pk"]
        indexes = [models.Index(fields=["release", "at"], name="markets_revision_at")]

    def __str__(self) -> str:
        return f"{self.release_id} @ {self.at:%Y-%m-%d %H:%M}"


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    ICS = "ics", "iCalendar"


class ImportContent(models.TextChoices):
    RELEASES = "releases", _("Releases")
    PRICES = "prices", _("Prices")


class ImportSource(models.Model):
    """A URL fetched periodically (through the safe-fetch module) and imported."""

    name = models.CharField(_("name"), max_length=160)
    content = models.CharField(
        _("content"), max_length=8, choices=ImportContent, default=ImportContent.RELEASES
    )
    url = models.URLField(_("address"))
    format = models.CharField(_("format"), max_length=4, choices=ImportFormat)
    interval_minutes = models.PositiveIntegerField(_("every (minutes)"), default=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("import source")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    VALIDATING = "validating", _("Validating")
    WRITING = "writing", _("Writing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReleaseImport(models.Model):
    """One import of a file: all or nothing. Its errors are listed by line."""

    source = models.ForeignKey(
        ImportSource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
        verbose_name=_("import source"),
    )
    filename = models.CharField(_("file"), max_length=200, blank=True)
    content = models.CharField(
        _("content"), max_length=8, choices=ImportContent, default=ImportContent.RELEASES
    )
    format = models.CharField(_("format"), max_length=4, choices=ImportFormat)
    digest = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("release import")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.filename or self.format} ({self.status})"


class ReleaseStaging(models.Model):
    """Validated rows of an import, written in batches before one short transaction makes
    them visible (markets.imports)."""

    release_import = models.ForeignKey(
        ReleaseImport, on_delete=models.CASCADE, related_name="+", verbose_name=_("import")
    )
    line = models.PositiveIntegerField(_("line"))
    # The release this row updates, when it exists (matched while staging), or None for a new one.
    release = models.ForeignKey(
        Release,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("release"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    period_kind = models.CharField(_("period"), max_length=8)
    period_start = models.DateField(_("period start"))
    scheduled_at = models.DateTimeField(_("scheduled (UTC)"))
    entered_zone = models.CharField(_("entered in time zone"), max_length=64)
    status = models.CharField(_("status"), max_length=10)
    importance = models.PositiveSmallIntegerField(_("importance"))
    country = models.CharField(_("country"), max_length=2)
    category = models.CharField(_("category"), max_length=16)
    actual = models.DecimalField(_("actual"), **FIGURE)
    forecast = models.DecimalField(_("forecast"), **FIGURE)
    previous = models.DecimalField(_("previous"), **FIGURE)
    revised_previous = models.DecimalField(_("previous, revised"), **FIGURE)

    class Meta:
        verbose_name = _("staged release")
        verbose_name_plural = _("staged releases")
        indexes = [models.Index(fields=["release_import", "line"], name="markets_staging_line")]

    def __str__(self) -> str:
        return f"line {self.line}"


class InstrumentKind(models.TextChoices):
    COMMODITY = "commodity", _("Commodity")
    CURRENCY = "currency", _("Currency pair")
    INDEX = "index", _("Stock index")
    CRYPTO = "crypto", _("Crypto-asset")


class Instrument(models.Model):
    """A priced asset (gold XAU/USD, USD/VND, VN-Index…). Its pages (`AssetPage`) carry the
    text; prices point here."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    symbol = models.CharField(_("symbol"), max_length=20, help_text=_("e.g. XAU/USD"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=InstrumentKind)
    quote_currency = models.CharField(_("quoted in"), max_length=3, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=2)
    source_name = models.CharField(_("source"), max_length=160)
    moved_by = models.ManyToManyField(
        Indicator, blank=True, related_name="instruments", verbose_name=_("indicators that move it")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.symbol

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


class Price(models.Model):
    """A quote: one row per day for history (the close), the latest quote as its own row."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="prices", verbose_name=_("instrument")
    )
    at = models.DateTimeField(_("as of (UTC)"))
    close = models.DecimalField(_("price"), max_digits=24, decimal_places=8)
    open = models.DecimalField(_("open"), max_digits=24, decimal_places=8, null=True, blank=True)
    high = models.DecimalField(_("high"), max_digits=24, decimal_places=8, null=True, blank=True)
    low = models.DecimalField(_("low"), max_digits=24, decimal_places=8, null=True, blank=True)
    source = models.CharField(_("source"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("price")
        ordering = ["instrument", "at"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "at"], name="markets_price_at")
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.close} @ {self.at:%Y-%m-%d %H:%M}"


class FlashDraft(models.Model):
    """The draft article created when a release's actual arrives: one per release and
    language, so the handler running twice creates one."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="flash_drafts", verbose_name=_("release")
    )
    language = models.CharField(_("language"), max_length=2)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("draft article"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("flash draft")
        verbose_name_plural = _("flash drafts")
        constraints = [
            models.UniqueConstraint(fields=["release", "language"], name="markets_flash_once")
        ]

    def __str__(self) -> str:
        return f"{self.release_id} {self.language}"
