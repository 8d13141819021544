"""What the markets app shows on other apps' pages (infofinance.wiring.slots), registered from
MarketsConfig.ready(): those apps import nothing of ours.

- the article editor: "Releases explained", "Indicators" and "Assets" (the links' inlines);
- an article linked to a release: a chip with its figures (actual, forecast, previous) and a
  link to the indicator's page; an article tagged with an asset: a chip with the price at the
  article's publication and now, each labelled with its time (never "live"). Both are read
  from one site-wide value per language (`CHIPS_KEY`, fetched with the request's other
  site-wide values), so an article page pays no query for them; `forget_chips()` drops it when
  a link, a price or a release changes;
- the main menu: the economic calendar and the assets;
- the home page: the next high-importance releases."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, override, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from infofinance.core.context_processors import HOME_URLS
from infofinance.fastpath import sitecache
from infofinance.pagecache.store import depends_on
from infofinance.text.language import current_language

from . import cache, dates, numbers

# {"articles": {article_id: {"releases": [...], "assets": [...]}}, "cutoff": iso or None}
# per language: the chips of the newest CHIP_ARTICLES linked live articles, formatted.
CHIPS_KEY = "markets:chips:v1:{language}"
sitecache.register(CHIPS_KEY)
# An older article (published before the value's cutoff) reads its own chips once, then
# keeps them under this key (not fetched with the site-wide values).
OLD_CHIP_KEY = "markets:chip:v1:{language}:{pk}"
CHIP_ARTICLES = 500
CHIPS_TIMEOUT = 3600
CHIPS_PER_KIND = 3
HOME_RELEASES = 5
HOME_DAYS = 7
# The home block's candidates per language (the high-importance releases of the next
# HOME_DAYS + 1 days, formatted), fetched with the request's other site-wide values: the home
# page pays no query for it. Each render keeps those still to come; the value is rebuilt
# when a release changes (forget_chips) and at least every HOME_TIMEOUT seconds.
HOME_KEY = "markets:home:v1:{language}"
sitecache.register(HOME_KEY)
HOME_CANDIDATES = 40
HOME_TIMEOUT = 300


def forget_chips() -> None:
    """Drop the chips' and the home block's values now, and again at commit: a render in
    between read the old rows and may have stored them again."""
    sitecache.forget(CHIPS_KEY, HOME_KEY)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: sitecache.forget(CHIPS_KEY, HOME_KEY))


# -- the article editor ------------------------------------------------------------------------


_release_chooser = None


def release_chooser():
    """The chooser of releases for the editor's "Releases explained" (a select would list
    every release): newest first, searchable by the indicator's code or name. Built once; its
    admin URLs are registered from `register()`."""
    global _release_chooser
    if _release_chooser is not None:
        return _release_chooser
    from django import forms
    from wagtail.admin.forms.choosers import BaseFilterForm
    from wagtail.admin.views.generic import chooser as chooser_views
    from wagtail.admin.viewsets.chooser import ChooserViewSet

    from .models import Release

    class ReleaseFilterForm(BaseFilterForm):
        q = forms.CharField(
            label=_("Indicator"),
            required=False,
            widget=forms.TextInput(attrs={"placeholder": _("Code or name of the indicator")}),
        )

        def filter(self, objects):
            objects = super().filter(objects)
            query = (self.cleaned_data.get("q") or "").strip()
            if query:
                objects = objects.filter(
                    Q(indicator__code__icontains=query)
                    | Q(indicator__name_vi__icontains=query)
                    | Q(indicator__name_en__icontains=query)
                )
                self.is_searching, self.search_query = True, query
            return objects

    class Listing:
        filter_form_class = ReleaseFilterForm

        def get_object_list(self):
            return Release.objects.select_related("indicator").order_by("-scheduled_at", "-pk")

    class ChooseView(Listing, chooser_views.ChooseView):
        pass

    class ChooseResultsView(Listing, chooser_views.ChooseResultsView):
        pass

    class ReleaseChooserViewSet(ChooserViewSet):
        model = Release
        icon = "date"
        per_page = 20
        register_widget = False  # only the article editor's inline uses it
        choose_view_class = ChooseView
        choose_results_view_class = ChooseResultsView
        choose_one_text = _("Choose a release")
        choose_another_text = _("Choose another release")

    _release_chooser = ReleaseChooserViewSet(
        "markets_release_chooser", url_prefix="markets/release-chooser"
    )
    return _release_chooser


def register_release_chooser():
    return release_chooser()


def article_panels() -> list:
    """The article editor's links to the markets (the slot "article.editor")."""
    from wagtail.admin.panels import FieldPanel, InlinePanel

    return [
        InlinePanel(
            "release_links",
            heading=_("Releases explained"),
            label=pgettext_lazy("economic release", "Release"),
            panels=[FieldPanel("release", widget=release_chooser().widget_class)],
        ),
        InlinePanel("indicator_links", heading=_("Indicators"), label=_("Indicator")),
        InlinePanel("asset_links", heading=_("Assets"), label=_("Asset")),
    ]


# -- the chips' value ----------------------------------------------------------------------------


def _short_moment(moment: datetime, language: str) -> str:
    """`09:00 7/12` / `9:00 AM Dec 7`, Vietnam time."""
    pattern = "HH:mm d/M" if language == "vi" else "h:mm a MMM d"
    return dates.format_datetime_local(moment, pattern, language)


def _release_chip(release, url: str, language: str) -> dict:
    indicator = release.indicator
    fmt = {"unit": indicator.unit, "decimals": indicator.decimals, "language": language}
    revised = release.revised_previous is not None
    chip = {
        "release_id": release.pk,
        "name": indicator.name(language),
        "period": dates.period_label(release.period_kind, release.period_start, language),
        "url": url,
        "released": release.actual is not None,
        "actual": numbers.format_figure(release.actual, **fmt),
        "forecast": numbers.format_figure(release.forecast, **fmt),
        "previous": numbers.format_figure(
            release.revised_previous if revised else release.previous, **fmt
        ),
        "when": dates.date_time(release.scheduled_at, language),
        "when_iso": dates.utc_iso(release.scheduled_at),
        "surprise": "",
    }
    moved = numbers.surprise(release)
    if moved is not None:
        size = numbers.format_change(moved.difference, **fmt)
        with override(language):
            if moved.above:
                chip["surprise"] = gettext("Above forecast by %(size)s") % {"size": size}
            elif moved.below:
                chip["surprise"] = gettext("Below forecast by %(size)s") % {"size": size}
            else:
                chip["surprise"] = gettext("In line with the forecast")
    return chip


def _asset_chip(link, now_quote, url: str, language: str) -> dict:
    from .selectors.assets import change, format_price

    instrument = link.instrument
    decimals = instrument.decimals
    chip = {
        "instrument_id": instrument.pk,
        "name": instrument.name(language),
        "symbol": instrument.symbol,
        "url": url,
        "then": "",
        "then_label": "",
        "now": "",
        "now_label": "",
        "change": "",
        "direction": "flat",
    }
    with override(language):
        if link.pub_close is not None:
            chip["then"] = format_price(link.pub_close, decimals, language)
            # Translators: the asset chip's price when the article was published.
            chip["then_label"] = gettext("at publication, %(time)s") % {
                "time": _short_moment(link.pub_at, language)
            }
        if now_quote is not None:
            at, close = now_quote
            chip["now"] = format_price(close, decimals, language)
            # Translators: the asset chip's newest price (never called live).
            chip["now_label"] = gettext("now, as of %(time)s") % {
                "time": _short_moment(at, language)
            }
            if link.pub_close is not None and link.pub_at != at:
                moved = change(close, link.pub_close, decimals, language)
                if moved is not None:
                    chip["change"] = moved.text
                    chip["direction"] = moved.direction
    return chip


def build_chips(language: str, article_ids=None) -> dict:
    """{"articles": {article_id: {"releases": [chip…], "assets": [chip…]}}, "cutoff": …}: the
    chips of the newest CHIP_ARTICLES live articles of `language` linked to a release or an
    asset (or of `article_ids`), formatted for readers. Seven queries whatever the number."""
    from infofinance.core.restrictions import public
    from infofinance.news.models import ArticlePage

    from .models import ArticleAssetLink, ArticleReleaseLink, Instrument, Price
    from .selectors.assets import indicator_urls

    articles = public(ArticlePage.objects.live()).filter(locale__language_code=language)
    cutoff = None
    if article_ids is None:
        # Driven by the link tables (a few thousand rows at most), not by the articles: the
        # work stays the same whatever the number of articles without links.
        linked = set(ArticleReleaseLink.objects.values_list("page_id", flat=True))
        linked |= set(ArticleAssetLink.objects.values_list("page_id", flat=True))
        rows = []
        if linked:
            # Past SQLite's number of parameters, the same set as subqueries.
            among = (
                Q(pk__in=sorted(linked))
                if len(linked) <= 20000
                else Q(pk__in=ArticleReleaseLink.objects.values("page_id"))
                | Q(pk__in=ArticleAssetLink.objects.values("page_id"))
            )
            rows = list(
                articles.filter(among)
                .order_by("-first_published_at", "-pk")
                .values_list("pk", "first_published_at", "locale_id")[:CHIP_ARTICLES]
            )
        if len(rows) == CHIP_ARTICLES:
            cutoff = dates.utc_iso(rows[-1][1])
    else:
        rows = list(
            articles.filter(pk__in=list(article_ids)).values_list(
                "pk", "first_published_at", "locale_id"
            )
        )
    ids = [pk for pk, _when, _locale in rows]
    found: dict[int, dict] = {pk: {"releases": [], "assets": []} for pk in ids}
    if not ids:
        return {"articles": {}, "cutoff": cutoff}
    locale_id = rows[0][2]
    release_links = list(
        ArticleReleaseLink.objects.filter(page_id__in=ids)
        .select_related("release__indicator")
        .order_by("page_id", "sort_order", "pk")
    )
    urls = indicator_urls({link.release.indicator_id for link in release_links}, locale_id)
    for link in release_links:
        chips = found[link.page_id]["releases"]
        if len(chips) < CHIPS_PER_KIND:
            url = urls.get(link.release.indicator_id, "")
            chips.append(_release_chip(link.release, url, language))
    at_publication = Price.objects.filter(
        instrument_id=OuterRef("instrument_id"), at__lte=OuterRef("page__first_published_at")
    ).order_by("-at")
    asset_links = list(
        ArticleAssetLink.objects.filter(page_id__in=ids)
        .select_related("instrument")
        .annotate(
            pub_close=Subquery(at_publication.values("close")[:1]),
            pub_at=Subquery(at_publication.values("at")[:1]),
        )
        .order_by("page_id", "sort_order", "pk")
    )
    instrument_ids = {link.instrument_id for link in asset_links}
    now_quotes: dict[int, tuple] = {}
    asset_urls: dict[int, str] = {}
    if instrument_ids:
        latest = Price.objects.filter(instrument_id=OuterRef("pk")).order_by("-at")
        for pk, at, close in (
            Instrument.objects.filter(pk__in=instrument_ids)
            .annotate(
                last_at=Subquery(latest.values("at")[:1]),
                last_close=Subquery(latest.values("close")[:1]),
            )
            .values_list("pk", "last_at", "last_close")
        ):
            if at is not None:
                now_quotes[pk] = (at, Decimal(close))
        asset_urls = _asset_urls(instrument_ids, locale_id)
    for link in asset_links:
        chips = found[link.page_id]["assets"]
        if len(chips) < CHIPS_PER_KIND:
            quote = now_quotes.get(link.instrument_id)
            url = asset_urls.get(link.instrument_id, "")
            chips.append(_asset_chip(link, quote, url, language))
    return {
        "articles": {
            pk: chips for pk, chips in found.items() if chips["releases"] or chips["assets"]
        },
        "cutoff": cutoff,
    }


def _asset_urls(instrument_ids, locale_id: int) -> dict[int, str]:
    from infofinance.core.pageurls import local_url
    from infofinance.core.restrictions import public

    from .models import AssetPage

    urls: dict[int, str] = {}
    rows = public(AssetPage.objects.live()).filter(
        locale_id=locale_id, instrument_id__in=list(instrument_ids)
    )
    for instrument_id, url_path in rows.values_list("instrument_id", "url_path"):
        url = local_url(url_path)
        if url:
            urls.setdefault(instrument_id, url)
    return urls


def chips(language: str) -> dict:
    """The site-wide value of `language`, built when missing."""
    key = CHIPS_KEY.format(language=language)
    value = sitecache.read(key)
    if value is None:
        value = build_chips(language)
        sitecache.write(key, value, CHIPS_TIMEOUT)
    return value


def _older_article_chips(article, language: str) -> dict:
    from django.core.cache import cache as django_cache

    key = OLD_CHIP_KEY.format(language=language, pk=article.pk)
    value = django_cache.get(key)
    if value is None:
        value = build_chips(language, [article.pk])["articles"].get(article.pk, {})
        django_cache.set(key, value, CHIPS_TIMEOUT)
    return value


def article_chips(article, language: str) -> dict:
    """{"releases": [...], "assets": [...]} of one article (empty when it has none)."""
    value = chips(language)
    entry = value["articles"].get(article.pk)
    if entry is not None:
        return entry
    cutoff = value.get("cutoff")
    first = getattr(article, "first_published_at", None)
    if cutoff and first is not None and dates.utc_iso(first) < cutoff:
        return _older_article_chips(article, language)
    return {}


def _once_per_request(context, compute):
    """`compute()` once per request and article: the <head>'s stylesheet and the chips read
    the same entry."""
    request = context.get("request")
    article = context.get("page")
    key = getattr(article, "pk", None)
    kept = getattr(request, "_markets_chips", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    value = compute()
    if request is not None:
        request._markets_chips = (key, value)
    return value


def _chip_entry(context) -> dict:
    from infofinance.news.models import ArticlePage

    article = context.get("page")
    if not isinstance(article, ArticlePage) or not getattr(article, "pk", None):
        return {}

    def read():
        entry = article_chips(article, current_language())
        for chip in entry.get("releases", ()):
            depends_on(cache.release_chip(chip["release_id"]))
        for chip in entry.get("assets", ()):
            depends_on(cache.instrument(chip["instrument_id"]))
        return entry

    return _once_per_request(context, read)


def article_stylesheet(context):
    """The chips' few rules, only on an article that shows a chip."""
    if _chip_entry(context):
        return format_html('<link rel="stylesheet" href="{}">', static("markets/chips.css"))
    return None


def article_chips_block(context):
    entry = _chip_entry(context)
    if not entry:
        return None
    return "markets/chips/article_chips.html", {
        "releases": entry.get("releases", ()),
        "assets": entry.get("assets", ()),
    }


# -- the main menu and the home page -------------------------------------------------------------


def index_url(kind: str, language: str) -> str:
    """The calendar's or the assets' index in `language` (their slugs are fixed)."""
    from .models import ASSET_INDEX_SLUGS, CALENDAR_INDEX_SLUGS

    slugs = CALENDAR_INDEX_SLUGS if kind == "calendar" else ASSET_INDEX_SLUGS
    return HOME_URLS.get(language, "/") + slugs.get(language, slugs["vi"]) + "/"


def nav_links(context):
    """'Economic calendar' in the main menu (a fixed path: no query). The assets are one click
    away, from the calendar's header and the home page's block: the desktop menu stays one
    row."""
    return format_html(
        '<li><a href="{}">{}</a></li>',
        index_url("calendar", current_language()),
        # Short in the menu ("Calendar" / "Lịch kinh tế"): the page's title says the rest.
        pgettext("main menu", "Calendar"),
    )


def _home_rows(context) -> dict | None:
    """The next high-importance releases of the coming week (once per request: the <head>
    and the block ask; no query, see HOME_KEY); the home page depends on each of those
    days."""
    request = context.get("request")
    kept = getattr(request, "_markets_home", None)
    if kept is not None:
        return kept[0]
    value = _read_home_rows()
    if request is not None:
        request._markets_home = (value,)
    return value


def _read_home_rows() -> dict | None:
    language = current_language()
    now = timezone.now()
    start_day = dates.today(now)
    for offset in range(HOME_DAYS + 1):
        depends_on(cache.day(start_day + timedelta(days=offset)))
    key = HOME_KEY.format(language=language)
    value = sitecache.read(key)
    if value is None:
        value = _home_candidates(language, now)
        sitecache.write(key, value, HOME_TIMEOUT)
    upcoming = dates.utc_iso(now)
    rows = [row for row in value["rows"] if row["when_iso"] >= upcoming][:HOME_RELEASES]
    if not rows:
        return None
    return {**value, "rows": rows}


def _home_candidates(language: str, now: datetime) -> dict:
    from infofinance.core.locales import locale_for

    from .models import Importance, Release, ReleaseStatus
    from .selectors.assets import indicator_urls

    releases = list(
        Release.objects.filter(
            importance=Importance.HIGH,
            scheduled_at__gte=now,
            scheduled_at__lt=now + timedelta(days=HOME_DAYS + 1),
            actual__isnull=True,
        )
        .exclude(status=ReleaseStatus.CANCELLED)
        .select_related("indicator")
        .order_by("scheduled_at", "pk")[:HOME_CANDIDATES]
    )
    locale = locale_for(language)
    ids = {r.indicator_id for r in releases}
    urls = indicator_urls(ids, locale.pk) if locale and ids else {}
    rows = []
    for release in releases:
        indicator = release.indicator
        rows.append(
            {
                "name": indicator.name(language),
                "url": urls.get(indicator.pk, ""),
                "period": dates.period_label(release.period_kind, release.period_start, language),
                "when": dates.date_time(release.scheduled_at, language),
                "when_iso": dates.utc_iso(release.scheduled_at),
                "forecast": numbers.format_figure(
                    release.forecast,
                    unit=indicator.unit,
                    decimals=indicator.decimals,
                    language=language,
                ),
            }
        )
    return {
        "rows": rows,
        "calendar_url": index_url("calendar", language),
        "zone_label": dates.zone_label(language),
    }


def home_releases(context):
    data = _home_rows(context)
    return ("markets/chips/home_releases.html", data) if data else None


def home_stylesheet(context):
    if _home_rows(context):
        return format_html('<link rel="stylesheet" href="{}">', static("markets/chips.css"))
    return None


ENTRIES = [
    ("article.head", article_stylesheet, 55),
    ("article.after_title", article_chips_block, 50),
    ("nav.more", nav_links, 40),
    ("home.head", home_stylesheet, 65),
    ("home.blocks", home_releases, 45),
]


def register() -> None:
    from wagtail import hooks

    from infofinance.wiring import slots

    hooks.register("register_admin_viewset", register_release_chooser)

    for name, render, order in ENTRIES:
        slots.register(name, render, order=order)
    slots.register_panels("article.editor", article_panels, order=60)
