"""The markets' pages: the economic calendar (`/lich-kinh-te/`, `/en/economic-calendar/`) with
one page per indicator, and the assets (`/tai-san/`, `/en/assets/`) with one page per
instrument. A page carries the bilingual text; the figures live on the shared rows
(`Indicator`, `Release`, `Instrument`, `Price`), so a translation never duplicates them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from infofinance.core.pages import BasePage
from infofinance.wiring import routes

from .data import Indicator, Instrument, Release

CALENDAR_INDEX_SLUGS = {"vi": "lich-kinh-te", "en": "economic-calendar"}
ASSET_INDEX_SLUGS = {"vi": "tai-san", "en": "assets"}
# The calendar's iCalendar feed, under the index, in each language.
ICS_NAMES = {"vi": "lich.ics", "en": "calendar.ics"}
CALENDAR_RESERVED = routes.reserve("markets.calendar", {"lich", "calendar", "rss", "atom"})
ASSET_RESERVED = routes.reserve("markets.assets", {"rss", "atom"})
EXPLAINER_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class _FixedSlug:
    def clean(self):
        super().clean()
        if self.renames_live_slug():
            raise ValidationError({"slug": _("The slug of this page cannot be changed.")})


class CalendarIndexPage(_FixedSlug, RoutablePageMixin, BasePage):
    """The calendar: the day view by default; `?ngay=`/`?day=`, `?tuan=`/`?week=` and the
    filters. Its iCalendar file (`lich.ics`/`calendar.ics`, the same filters) is a Django path
    (markets.feeds), as Wagtail routes only paths ending in a slash."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["markets.IndicatorPage"]
    reserved_child_slugs = CALENDAR_RESERVED
    max_count_per_parent = 1
    template = "markets/calendar_page.html"

    class Meta:
        verbose_name = _("economic calendar")

    @path("", name="calendar")
    def calendar_view(self, request):
        from .. import views

        return views.calendar(self, request)


class IndicatorPage(BasePage):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="pages"
    )
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences, for lists and search.")
    )
    what_it_measures = RichTextField(_("what it measures"), features=EXPLAINER_FEATURES, blank=True)
    why_it_matters = RichTextField(
        _("why it matters to Vietnamese investors"), features=EXPLAINER_FEATURES, blank=True
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("indicator"),
        FieldPanel("summary"),
        FieldPanel("what_it_measures"),
        FieldPanel("why_it_matters"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_it_measures"),
        index.SearchField("why_it_matters"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["markets.CalendarIndexPage"]
    subpage_types: list[str] = []
    template = "markets/indicator_page.html"

    class Meta:
        verbose_name = _("indicator page")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.indicator_page_context(page=self, request=request))
        return context

    def fallback_url(self, language: str) -> str | None:
        index = CalendarIndexPage.objects.live().filter(locale__language_code=language).first()
        return index.url if index is not None else super().fallback_url(language)


class AssetIndexPage(_FixedSlug, BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["markets.AssetPage"]
    reserved_child_slugs = ASSET_RESERVED
    max_count_per_parent = 1
    template = "markets/asset_index_page.html"

    class Meta:
        verbose_name = _("asset index")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.asset_index_context(page=self, request=request))
        return context


class AssetPage(BasePage):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="pages"
    )
    summary = models.TextField(_("summary"), max_length=300)
    about = RichTextField(_("about this asset"), features=EXPLAINER_FEATURES, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("instrument"),
        FieldPanel("summary"),
        FieldPanel("about"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("about"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["markets.AssetIndexPage"]
    subpage_types: list[str] = []
    template = "markets/asset_page.html"

    class Meta:
        verbose_name = _("asset page")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.asset_page_context(page=self, request=request))
        return context

    def fallback_url(self, language: str) -> str | None:
        index = AssetIndexPage.objects.live().filter(locale__language_code=language).first()
        return index.url if index is not None else super().fallback_url(language)


# -- the newsroom's links (inlines of ArticlePage, added through the "article.editor" slot) ---


class ArticleReleaseLink(Orderable):
    page = ParentalKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="release_links",
        verbose_name=_("article"),
    )
    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="article_links"
    )

    panels = [FieldPanel("release")]

    class Meta(Orderable.Meta):
        verbose_name = _("release explained")


class ArticleIndicatorLink(Orderable):
    page = ParentalKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="indicator_links",
        verbose_name=_("article"),
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="article_links",
    )

    panels = [FieldPanel("indicator")]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")


class ArticleAssetLink(Orderable):
    page = ParentalKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="asset_links",
        verbose_name=_("article"),
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("asset"),
        on_delete=models.CASCADE,
        related_name="article_links",
    )

    panels = [FieldPanel("instrument")]

    class Meta(Orderable.Meta):
        verbose_name = _("asset")
