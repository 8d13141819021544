"""Reads of the economic calendar (docs/design/markets.md §1.5–1.7, §2): the day and week views
of the index page with their filters, the releases of the `.ics` feed, and an indicator's page
(explainer, releases to come, history, chart, linked articles).

Every view reads in a constant number of queries whatever the number of releases: the
releases with their indicators, the indicators' pages in the page's language, the articles
linked to the releases, the indicators' last surprises (one window query) and the countries
offered by the filter. Each declares the page-cache tags of what it shows
(`markets.cache`)."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from html import escape
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from infofinance.core.context_processors import HOME_URLS
from infofinance.core.locales import language_of
from infofinance.core.pageurls import local_url
from infofinance.core.pagination import CappedPaginator
from infofinance.core.restrictions import public
from infofinance.core.structured_data import breadcrumb_list
from infofinance.pagecache.store import depends_on

from .. import cache, charts, dates, numbers, structured_data
from ..models import (
    ICS_NAMES,
    ArticleIndicatorLink,
    ArticleReleaseLink,
    Category,
    Importance,
    Indicator,
    IndicatorPage,
    Release,
    ReleaseStatus,
)

# The filters' query parameters in each language (`?nuoc=us,vn&muc=3&nhom=inflation`).
PARAMS = {
    "country": {"vi": "nuoc", "en": "country"},
    "importance": {"vi": "muc", "en": "importance"},
    "category": {"vi": "nhom", "en": "category"},
    "day": dates.DAY_PARAMS,
    "week": dates.WEEK_PARAMS,
}
TYPICAL_WINDOW = 24  # the typical surprise: the median over an indicator's last 24 releases
HISTORY_PAGE_SIZE = 24
CHART_POINTS = 36
UPCOMING_COUNT = 6
ARTICLES_COUNT = 6
ICS_PAST_DAYS = 30
ICS_NEXT_DAYS = 180


def _language(page) -> str:
    return language_of(page.locale_id)


def country_name(code: str, language: str) -> str:
    """Babel's (CLDR's) name of an ISO 3166 code in `language`: `Hoa Kỳ` / `United States`,
    `Khu vực đồng Euro` / `Eurozone` for EZ."""
    territories = dates.babel_locale(language).territories
    return territories.get(code.upper(), code.upper())


# -- filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()  # ISO codes, upper case
    importance: int | None = None  # the minimum, 1–3
    categories: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.countries or self.importance or self.categories)

    def query(self, language: str) -> list[tuple[str, str]]:
        """The filters as query parameters in `language`'s words, in a fixed order."""
        pairs = []
        if self.countries:
            pairs.append((PARAMS["country"][language], ",".join(c.lower() for c in self.countries)))
        if self.importance:
            pairs.append((PARAMS["importance"][language], str(self.importance)))
        if self.categories:
            pairs.append((PARAMS["category"][language], ",".join(self.categories)))
        return pairs

    def apply(self, queryset):
        if self.countries:
            queryset = queryset.filter(country__in=self.countries)
        if self.importance:
            queryset = queryset.filter(importance__gte=self.importance)
        if self.categories:
            queryset = queryset.filter(category__in=self.categories)
        return queryset


def _values(query, names) -> list[str]:
    """Every comma-separated value of any of `names` (`?nuoc=us,vn` or `?nuoc=us&nuoc=vn`)."""
    found = []
    for name in names:
        for raw in query.getlist(name) if hasattr(query, "getlist") else [query.get(name)]:
            for part in (raw or "").split(","):
                part = part.strip()
                if part and part not in found:
                    found.append(part)
    return found


def known_countries() -> list[str]:
    """The ISO codes of the countries that have an indicator (one query)."""
    return sorted(set(Indicator.objects.values_list("country", flat=True)))


def parse_filters(query, *, countries=None) -> Filters:
    """The filters a query names in either language's words; values outside the known sets
    (a country without an indicator, an importance outside 1–3, an unknown category) are
    ignored."""
    known = set(countries if countries is not None else known_countries())
    picked = tuple(
        code
        for code in (value.upper() for value in _values(query, PARAMS["country"].values()))
        if len(code) == 2 and code in known
    )
    importance = None
    for value in _values(query, PARAMS["importance"].values()):
        if value.isdigit() and 1 <= int(value) <= 3:
            importance = int(value)
            break
    categories = tuple(
        value.lower()
        for value in _values(query, PARAMS["category"].values())
        if value.lower() in Category.values
    )
    return Filters(picked, importance, categories)


# -- rows --------------------------------------------------------------------------------------


@dataclass
class Row:
    """One release as the calendar and the indicator page show it (texts in the page's
    language; `plain_*` are dot decimals for attributes)."""

    release: Release
    time_text: str
    time_iso: str
    day: date
    day_text: str  # `6/3/2026` / `Mar 6, 2026` (Vietnam day)
    country: str
    country_name: str
    indicator_name: str
    indicator_url: str
    period: str
    importance: int
    importance_label: str
    actual: str
    forecast: str
    previous: str
    revised_from: str  # the previous as first published, when it was revised
    surprise: numbers.Surprise | None
    surprise_text: str
    status: str
    status_label: str
    analysis: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    plain_actual: str = ""
    plain_forecast: str = ""
    plain_previous: str = ""

    @property
    def has_actual(self) -> bool:
        return self.release.actual is not None

    @property
    def flagged(self) -> bool:
        return self.status in {
            ReleaseStatus.TENTATIVE,
            ReleaseStatus.POSTPONED,
            ReleaseStatus.CANCELLED,
        }


@lru_cache(maxsize=4)
def _texts(language: str) -> dict:
    """The words of every row in `language`, looked up once per process: the surprise's
    sentences, the importance and status labels, and the rows' markup words (escaped)."""
    with override(language):
        labels = figure_labels(language)
        return {
            "above": _("Above forecast by %(size)s"),
            "below": _("Below forecast by %(size)s"),
            "inline": _("In line with the forecast"),
            "large": " · " + _("large surprise"),
            "importance": {key: str(label) for key, label in Importance.choices},
            "status": {key: str(label) for key, label in ReleaseStatus.choices},
            "read_analysis": escape(_("Read the analysis")),
            "revised_from": _("revised from %(value)s"),
            "released": escape(_("Released")),
            "date": escape(_("Date")),
            "time": escape(_("Time")),
            **{f"label_{key}": escape(label) for key, label in labels.items()},
        }


def _surprise_words(language: str) -> dict[str, str]:
    return _texts(language)


def _surprise_text(value: numbers.Surprise | None, formatter, words: dict[str, str]) -> str:
    if value is None:
        return ""
    if value.direction == "inline":
        text = words["inline"]
    else:
        # The words give the direction: the size is unsigned ("below forecast by 0.1 pp").
        size = formatter.change(abs(value.difference), signed=False)
        text = words[value.direction] % {"size": size}
    if value.large:
        text += words["large"]
    return text


def surprise_text(value: numbers.Surprise | None, indicator, language: str) -> str:
    """`Above forecast by 0.3 pp · large surprise`, `Below forecast by 12K`, `In line with the
    forecast`; "" without a surprise. Words, never colour alone."""
    if value is None:
        return ""
    return _surprise_text(
        value, _formatter(indicator.unit, indicator.decimals, language), _texts(language)
    )


# Per process, not per row or render: each unit's formatter (its words looked up once), the
# countries' names, the days', periods' and clocks' words. Bounded: the clocks by the minutes
# of a day, the others by their size.
@lru_cache(maxsize=256)
def _formatter(unit: str, decimals: int, language: str) -> numbers.Formatter:
    return numbers.Formatter(unit=unit, decimals=decimals, language=language)


@lru_cache(maxsize=512)
def _country_name(code: str, language: str) -> str:
    return country_name(code, language)


@lru_cache(maxsize=4096)
def _day_text(day: date, language: str) -> str:
    return dates.short_day(day, language, year=True)


@lru_cache(maxsize=4096)
def period_text(kind: str, start: date, language: str) -> str:
    """`dates.period_label`, kept per process."""
    return dates.period_label(kind, start, language)


_clocks: dict[tuple[int, int, str], str] = {}


def _clock(moment: datetime, language: str) -> str:
    """`dates.clock` (hours and minutes in Vietnam time), once per minute of the day."""
    local = dates.local(moment)
    key = (local.hour, local.minute, language)
    text = _clocks.get(key)
    if text is None:
        text = _clocks[key] = dates.clock(moment, language)
    return text


def typical_surprises(indicator_ids) -> dict[int, Decimal]:
    """{indicator id: median |actual − forecast| of its last 24 releases with both}, in one
    query (a window per indicator; one indicator's last 24 read directly)."""
    ids = list(indicator_ids)
    if not ids:
        return {}
    both = Release.objects.filter(actual__isnull=False, forecast__isnull=False)
    if len(ids) == 1:  # an indicator's page: its last 24, without a window over its history
        ranked = (
            both.filter(indicator_id=ids[0])
            .order_by("-period_start", "-pk")
            .values_list("indicator_id", "actual", "forecast")[:TYPICAL_WINDOW]
        )
    else:
        ranked = _ranked_surprises(both.filter(indicator_id__in=ids))
    gaps: dict[int, list[Decimal]] = {}
    for indicator_id, actual, forecast in ranked:
        gaps.setdefault(indicator_id, []).append(abs(actual - forecast))
    return {key: Decimal(statistics.median(values)) for key, values in gaps.items()}


def _ranked_surprises(releases):
    """Each indicator's last 24 of `releases`: one window query, read in the order of the index
    `markets_release_surprises` (indicator, newest period first, then newest row)."""
    return (
        releases.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[F("period_start").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=TYPICAL_WINDOW)
        .order_by()  # the median needs no order: no sort of the rows by the model's ordering
        .values_list("indicator_id", "actual", "forecast")
    )


def indicator_urls(indicator_ids, locale_id: int) -> dict[int, str]:
    """{indicator id: URL of its live page in that locale} (one query)."""
    rows = public(IndicatorPage.objects.live()).filter(
        locale_id=locale_id, indicator_id__in=list(indicator_ids)
    )
    urls = {}
    for indicator_id, url_path in rows.values_list("indicator_id", "url_path"):
        url = local_url(url_path)
        if url:
            urls.setdefault(indicator_id, url)
    return urls


def _live_articles(locale_id: int):
    from infofinance.news.models import ArticlePage

    return public(ArticlePage.objects.live()).filter(locale_id=locale_id)


def analysis_links(release_ids, locale_id: int) -> dict[int, list[tuple[str, str]]]:
    """{release id: [(title, URL), …]} of the live articles of that locale explaining each
    release, in the editors' order (one query)."""
    ids = list(release_ids)
    if not ids:
        return {}
    rows = (
        ArticleReleaseLink.objects.filter(
            release_id__in=ids, page_id__in=_live_articles(locale_id).values("pk")
        )
        .order_by("release_id", "sort_order", "pk")
        .values_list("release_id", "page__title", "page__url_path")
    )
    links: dict[int, list[tuple[str, str]]] = {}
    for release_id, title, url_path in rows:
        url = local_url(url_path)
        if url:
            links.setdefault(release_id, []).append((title, url))
    return links


def _links_key(links) -> tuple:
    return tuple((title, url) for title, url in links)


def build_row(
    release,
    *,
    unit: str,
    decimals: int,
    name: str,
    typical: Decimal | None,
    url: str,
    analysis,
    language: str,
) -> Row:
    """One release as a row (`release`: a Release, or anything with its attributes)."""
    texts = _texts(language)
    formatter = _formatter(unit, decimals, language)
    figure = formatter.figure
    previous = release.previous
    revised_from = ""
    if release.revised_previous is not None:
        if previous is not None:
            first = figure(previous)
            # Said only when the reader can see the difference at the decimals shown.
            if first != figure(release.revised_previous):
                revised_from = first
        previous = release.revised_previous
    value = numbers.surprise(release, typical)
    day = dates.local_day(release.scheduled_at)
    return Row(
        release=release,
        time_text=_clock(release.scheduled_at, language),
        time_iso=dates.utc_iso(release.scheduled_at),
        day=day,
        day_text=_day_text(day, language),
        country=release.country,
        country_name=_country_name(release.country, language),
        indicator_name=name,
        indicator_url=url,
        period=period_text(release.period_kind, release.period_start, language),
        importance=release.importance,
        importance_label=texts["importance"].get(release.importance, ""),
        actual=figure(release.actual),
        forecast=figure(release.forecast),
        previous=figure(previous),
        revised_from=revised_from,
        surprise=value,
        surprise_text=_surprise_text(value, formatter, texts),
        status=release.status,
        status_label=texts["status"].get(release.status, ""),
        analysis=list(analysis),
        plain_actual=numbers.plain(release.actual),
        plain_forecast=numbers.plain(release.forecast),
        plain_previous=numbers.plain(previous),
    )


def make_rows(
    releases,
    *,
    language: str,
    locale_id: int,
    with_articles: bool = True,
    typical=None,
    urls=None,
) -> list[Row]:
    """The releases (with their indicators selected) as rows, in three more queries at most:
    the indicators' pages (unless `urls` gives them), their typical surprises (unless
    `typical` does, or the indicators keep them) and the linked articles."""
    releases = list(releases)
    indicators = {release.indicator_id: release.indicator for release in releases}
    if urls is None:
        urls = indicator_urls(indicators, locale_id) if releases else {}
    if typical is None:
        typical = stored_typical_surprises(indicators.values())
    links = analysis_links([r.pk for r in releases], locale_id) if with_articles else {}
    rows = []
    for release in releases:
        indicator = release.indicator
        rows.append(
            build_row(
                release,
                unit=indicator.unit,
                decimals=indicator.decimals,
                name=indicator.name(language),
                typical=typical.get(indicator.pk),
                url=urls.get(indicator.pk, ""),
                analysis=links.get(release.pk, ()),
                language=language,
            )
        )
    return rows


def stored_typical_surprises(indicators) -> dict[int, Decimal]:
    """{indicator id: typical surprise} as the indicators' rows keep it
    (`Indicator.typical_surprise`); those never computed (written in bulk outside the
    services) are computed, in one query."""
    found: dict[int, Decimal] = {}
    unknown = []
    for indicator in indicators:
        if not indicator.typical_surprise_known:
            unknown.append(indicator.pk)
        elif indicator.typical_surprise is not None:
            found[indicator.pk] = indicator.typical_surprise
    if unknown:
        found.update(typical_surprises(unknown))
    return found


# -- rows as markup ----------------------------------------------------------------------------

# What a row shows of its release, in this order (also the calendar's read of the releases).
ROW_FIELDS = (
    "pk",
    "scheduled_at",
    "status",
    "importance",
    "country",
    "period_kind",
    "period_start",
    "actual",
    "forecast",
    "previous",
    "revised_previous",
)
# Markup of the rows, per process, keyed by everything a row shows (the release's values, its
# indicator's unit, decimals, name, typical surprise and URL, the linked articles, the
# language): a key never goes stale, a changed release or indicator is another key. About
# 2 KB an entry; a week view in both languages is about 380.
ROW_MARKUP_ENTRIES = 2048


def _figure_cells(row: Row, texts: dict, *, with_actual: bool) -> str:
    esc = escape
    cells = []
    if with_actual:
        cells.append(
            f'<td class="f a" data-label="{texts["label_actual"]}"'
            + (f' data-value="{esc(row.plain_actual)}"' if row.plain_actual else "")
            + f">{esc(row.actual)}</td>"
        )
    cells.append(
        f'<td class="f" data-label="{texts["label_forecast"]}"'
        + (f' data-value="{esc(row.plain_forecast)}"' if row.plain_forecast else "")
        + f">{esc(row.forecast)}</td>"
    )
    revised = (
        ' <span class="cal-revised">'
        + texts["revised_from"] % {"value": esc(row.revised_from)}
        + "</span>"
        if row.revised_from
        else ""
    )
    cells.append(
        f'<td class="f" data-label="{texts["label_previous"]}"'
        + (f' data-value="{esc(row.plain_previous)}"' if row.plain_previous else "")
        + f">{esc(row.previous)}{revised}</td>"
    )
    return "".join(cells)


def _surprise_cell(row: Row) -> str:
    value = row.surprise
    if value is None:
        return '<td class="s"><span class="cal-muted">—</span></td>'
    large = " s-large" if value.large else ""
    return f'<td class="s s-{escape(value.direction)}{large}">{escape(row.surprise_text)}</td>'


def _status(row: Row) -> tuple[str, str]:
    """The row's class suffix and the status after its time, for a flagged status."""
    if not row.flagged:
        return "", ""
    return (
        f" cal-row--{escape(row.status)}",
        f' <span class="cal-status">{escape(row.status_label)}</span>',
    )


def _analysis(row: Row, texts: dict, before: str) -> str:
    return "".join(
        f'{before}<a class="cal-analysis" href="{escape(url)}">{texts["read_analysis"]}'
        f'<span class="visually-hidden">: {escape(title)}</span></a>'
        for title, url in row.analysis
    )


def _day_markup(row: Row, texts: dict) -> str:
    """A row of the calendar's day table (what markets/calendar/table.html showed per row)."""
    flag, status = _status(row)
    name = escape(row.indicator_name)
    if row.indicator_url:
        name = f'<a href="{escape(row.indicator_url)}">{name}</a>'
    return (
        f'<tr class="cal-row i{row.importance}{flag}"><td class="t">'
        f'<time datetime="{escape(row.time_iso)}" data-local-time>{escape(row.time_text)}</time>'
        f'{status}</td><td class="c"><span class="cc">{escape(row.country)}</span> '
        f'<span class="cn">{escape(row.country_name)}</span></td><th scope="row">{name} '
        f'<span class="cal-period">{escape(row.period)}</span>{_analysis(row, texts, "")}</th>'
        f'<td class="imp">{escape(row.importance_label)}</td>'
        + _figure_cells(row, texts, with_actual=True)
        + _surprise_cell(row)
        + "</tr>"
    )


def _history_markup(row: Row, texts: dict) -> str:
    """A row of an indicator's history (markets/calendar/history.html)."""
    flag, status = _status(row)
    return (
        f'<tr class="cal-row{flag}"><th scope="row">{escape(row.period)}'
        f"{_analysis(row, texts, ' ')}</th>"
        f'<td data-label="{texts["released"]}"><time datetime="{escape(row.time_iso)}">'
        f"{escape(row.day_text)}</time>{status}</td>"
        + _figure_cells(row, texts, with_actual=True)
        + _surprise_cell(row)
        + "</tr>"
    )


def _upcoming_markup(row: Row, texts: dict) -> str:
    """A row of an indicator's next releases (markets/calendar/upcoming.html)."""
    flag, status = _status(row)
    return (
        f'<tr class="cal-row{flag}"><th scope="row">{escape(row.period)}</th>'
        f'<td data-label="{texts["date"]}">{escape(row.day_text)}</td>'
        f'<td class="cal-row__time" data-label="{texts["time"]}">'
        f'<time datetime="{escape(row.time_iso)}" data-local-time data-with-date>'
        f"{escape(row.time_text)}</time>{status}</td>"
        + _figure_cells(row, texts, with_actual=False)
        + "</tr>"
    )


_MARKUP = {"day": _day_markup, "history": _history_markup, "upcoming": _upcoming_markup}


@lru_cache(maxsize=ROW_MARKUP_ENTRIES)
def row_markup(kind, language, values, indicator, typical, url, links) -> str:
    """The markup of one row (`kind`: day, history or upcoming) from what it shows: `values`
    the release's ROW_FIELDS, `indicator` (unit, decimals, name), the indicator's typical
    surprise and URL, `links` ((title, URL), …) of the articles. Kept per process
    (ROW_MARKUP_ENTRIES): a cold page joins the rows it has already made."""
    release = SimpleNamespace(**dict(zip(ROW_FIELDS, values, strict=True)))
    unit, decimals, name = indicator
    row = build_row(
        release,
        unit=unit,
        decimals=decimals,
        name=name,
        typical=typical,
        url=url,
        analysis=links,
        language=language,
    )
    return _MARKUP[kind](row, _texts(language))


def rows_markup(kind: str, releases, indicator, *, language: str, typical, url: str, links) -> str:
    """The rows of one indicator's `releases` (Release objects) as markup, joined."""
    ending = "\n\n  " if kind == "day" else "\n"
    parts = []
    for release in releases:
        values = tuple(getattr(release, name) for name in ROW_FIELDS)
        parts.append(
            row_markup(
                kind,
                language,
                values,
                indicator,
                typical,
                url,
                _links_key(links.get(release.pk, ())),
            )
        )
        parts.append(ending)
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


def releases_between(start: datetime, end: datetime, filters: Filters):
    """The releases scheduled in [start, end) UTC that pass the filters, soonest first."""
    queryset = Release.objects.filter(scheduled_at__gte=start, scheduled_at__lt=end)
    return (
        filters.apply(queryset)
        .select_related("indicator")
        .order_by("scheduled_at", "-importance", "pk")
    )


# -- the calendar page -------------------------------------------------------------------------


@dataclass
class Day:
    day: date
    title: str
    iso: str
    today: bool
    rows_html: str  # the table's rows (`row_markup`), "" for none
    count: int = 0


def _url(base: str, pairs: list[tuple[str, str]]) -> str:
    return base + ("?" + urlencode(pairs, safe=",") if pairs else "")


def _view_pairs(view: dates.View | None, language: str) -> list[tuple[str, str]]:
    if view is None:
        return []
    key = "week" if view.kind == "week" else "day"
    return [(PARAMS[key][language], view.value)]


def _tags(view: dates.View) -> None:
    if view.kind == "week":
        depends_on(cache.week(*view.week))
    else:
        depends_on(cache.day(view.first))


# The calendar reads each release's row values and its indicator's, not model instances.
_INDICATOR_FIELDS = (
    "indicator_id",
    "indicator__unit",
    "indicator__decimals",
    "indicator__typical_surprise",
    "indicator__typical_surprise_known",
)


def _calendar_rows(releases, *, language: str, locale_id: int) -> tuple[dict, int]:
    """{Vietnam day: [row markup, ending, …]} of `releases` (a queryset) and their number, in
    four queries: the releases with their indicators' fields, the indicators' pages, the
    articles linked (and the typical surprises the indicators do not keep, if any). Declares
    the rows' indicators (page cache)."""
    width = len(ROW_FIELDS)
    found = list(
        releases.values_list(*ROW_FIELDS, *_INDICATOR_FIELDS, f"indicator__name_{language}")
    )
    if not found:
        return {}, 0
    indicators = {}
    for row in found:
        indicators.setdefault(row[width], row)
    urls = indicator_urls(indicators, locale_id)
    typical = {}
    unknown = []
    for pk, row in indicators.items():
        if not row[width + 4]:
            unknown.append(pk)
        elif row[width + 3] is not None:
            typical[pk] = row[width + 3]
    if unknown:
        typical.update(typical_surprises(unknown))
    links = analysis_links([row[0] for row in found], locale_id)
    depends_on(*sorted(cache.indicator(pk) for pk in indicators))
    shown = {
        pk: ((row[width + 1], row[width + 2], row[width + 5]), typical.get(pk), urls.get(pk, ""))
        for pk, row in indicators.items()
    }
    local_day = dates.local_day
    by_day: dict[date, list[str]] = {}
    for row in found:
        indicator, typical_surprise, url = shown[row[width]]
        markup = row_markup(
            "day",
            language,
            row[:width],
            indicator,
            typical_surprise,
            url,
            _links_key(links.get(row[0], ())),
        )
        by_day.setdefault(local_day(row[1]), []).extend((markup, "\n\n  "))
    return by_day, len(found)


def calendar_context(*, page, request) -> dict:
    """The day view (today in Vietnam by default) or the week view of `?tuan=`, filtered."""
    language = _language(page)
    now = timezone.now()
    view = dates.requested_view(request.GET, now=now)
    countries = known_countries()
    filters = parse_filters(request.GET, countries=countries)
    _tags(view)
    if not view.explicit:
        depends_on(cache.CALENDAR)
    start, end = view.utc_range
    by_day, rows_count = _calendar_rows(
        releases_between(start, end, filters), language=language, locale_id=page.locale_id
    )
    days = []
    for day in view.days:
        markup = by_day.get(day, [])
        days.append(
            Day(
                day=day,
                title=dates.day_title(day, language),
                iso=day.isoformat(),
                today=day == view.today,
                rows_html=mark_safe("".join(markup)),  # noqa: S308 - row_markup escapes
                count=len(markup) // 2,
            )
        )
    base = page.url
    kept = filters.query(language)

    def link(target: dates.View | None) -> str:
        return _url(base, _view_pairs(target, language) + kept) if target else ""

    this_week = dates.View(
        "week", view.today - timedelta(days=view.today.weekday()), view.today, True
    )
    next_week = this_week.shifted(1)
    if view.kind == "week":
        title = dates.week_title(*view.week, language)
    else:
        title = dates.day_title(view.first, language)
    home = ("Info Finance", HOME_URLS.get(language, "/"))
    breadcrumbs = [home]
    alternates = {}
    for other, url in page.live_translations().items():
        pairs = (_view_pairs(view, other) if view.explicit else []) + filters.query(other)
        alternates[other] = _url(url, pairs)
    today_view = dates.View("day", view.today, view.today, True)
    return {
        "view": view,
        "view_title": title,
        "days": days,
        "rows_count": rows_count,
        "filters": filters,
        "filter_form": _filter_form(filters, countries, language, view),
        "today_url": _url(base, kept),
        "this_week_url": link(this_week),
        "next_week_url": link(next_week),
        "previous_url": link(view.shifted(-1)),
        "next_url": link(view.shifted(1)),
        "is_today": view.kind == "day" and view.first == view.today,
        "is_this_week": view.kind == "week" and view.first == this_week.first,
        "is_next_week": bool(next_week) and view.kind == "week" and view.first == next_week.first,
        "today_day_url": link(today_view),
        "zone_label": dates.zone_label(language),
        "labels": figure_labels(language),
        "ics_url": _url(base + ICS_NAMES[language], kept),
        "breadcrumbs": breadcrumbs,
        "alternates": alternates,
        "noindex": view.explicit or filters.active,
        "structured_data": [breadcrumb_list(breadcrumbs, (page.title, base))],
    }


def figure_labels(language: str) -> dict:
    """The columns' names, also the phone layout's labels of each figure."""
    with override(language):
        return {
            "actual": _("Actual"),
            "forecast": _("Forecast"),
            "previous": pgettext("economic figure", "Previous"),
        }


def _filter_form(filters: Filters, countries, language: str, view: dates.View) -> dict:
    """What the plain GET form offers, with the current choices marked."""
    with override(language):
        categories = [
            (value, str(label), value in filters.categories) for value, label in Category.choices
        ]
        importances = [
            (value, str(label), filters.importance == value) for value, label in Importance.choices
        ]
    return {
        "countries": [
            (code.lower(), country_name(code, language), code in filters.countries)
            for code in countries
        ],
        "categories": categories,
        "importances": importances,
        "names": {key: words[language] for key, words in PARAMS.items()},
        "view_name": PARAMS["week" if view.kind == "week" else "day"][language],
        "view_value": view.value if view.explicit else "",
    }


# -- the .ics feed -----------------------------------------------------------------------------


def ics_rows(*, page, request, now: datetime | None = None) -> tuple[list[Row], Filters]:
    """The releases of the feed: the past 30 days and the next 180, filtered as the page's
    query says."""
    language = _language(page)
    now = now or timezone.now()
    filters = parse_filters(request.GET)
    depends_on(cache.CALENDAR)
    start = now - timedelta(days=ICS_PAST_DAYS)
    end = now + timedelta(days=ICS_NEXT_DAYS)
    rows = make_rows(
        releases_between(start, end, filters),
        language=language,
        locale_id=page.locale_id,
        with_articles=False,
        typical={},
    )
    return rows, filters


# -- an indicator's page -----------------------------------------------------------------------


def indicator_page_context(*, page, request) -> dict:
    """The indicator's page: its releases to come, its history (newest first, paginated),
    the chart of actual against forecast, the articles linked to it or its releases, and its
    typical surprise."""
    language = _language(page)
    indicator = page.indicator
    depends_on(cache.indicator(indicator.pk))
    now = timezone.now()
    typical = stored_typical_surprises([indicator]).get(indicator.pk)
    releases = Release.objects.filter(indicator=indicator)
    upcoming = list(
        releases.filter(scheduled_at__gte=now, actual__isnull=True).order_by("scheduled_at", "pk")[
            :UPCOMING_COUNT
        ]
    )
    for release in upcoming:
        release.indicator = indicator
    past = releases.filter(Q(scheduled_at__lt=now) | Q(actual__isnull=False)).order_by(
        "-period_start", "-pk"
    )
    paginator = CappedPaginator(past, HISTORY_PAGE_SIZE)
    # Counted without the order: the same number, without sorting the history under the COUNT.
    paginator.count = past.order_by()[: HISTORY_PAGE_SIZE * paginator.max_pages].count()
    page_obj = paginator.get_page(request.GET.get("page"))
    history_releases = list(page_obj.object_list)
    for release in history_releases:
        release.indicator = indicator
    chart_releases = list(
        releases.filter(actual__isnull=False).order_by("-period_start", "-pk")[:CHART_POINTS]
    )
    chart_releases.reverse()
    shown = (indicator.unit, indicator.decimals, indicator.name(language))
    markup = {"language": language, "typical": typical, "url": page.url}
    upcoming_html = rows_markup("upcoming", upcoming, shown, links={}, **markup)
    links = analysis_links([release.pk for release in history_releases], page.locale_id)
    history_html = rows_markup("history", history_releases, shown, links=links, **markup)
    formatter = _formatter(indicator.unit, indicator.decimals, language)
    points = [
        charts.Point(
            label=period_text(r.period_kind, r.period_start, language),
            actual=r.actual,
            forecast=r.forecast,
        )
        for r in chart_releases
    ]
    chart = charts.release_chart(
        points,
        unit=indicator.unit,
        decimals=indicator.decimals,
        language=language,
        title=indicator.name(language),
        formatter=formatter,
    )
    chart_rows = [
        {
            "period": point.label,
            "actual": formatter.figure(point.actual),
            "forecast": formatter.figure(point.forecast),
        }
        for point in chart.points
    ]
    index = _calendar_of(page)
    home = ("Info Finance", HOME_URLS.get(language, "/"))
    breadcrumbs = [home, (index.title, index.url)]
    calendar_filter = Filters(countries=(indicator.country,), categories=(indicator.category,))
    ics_url = _url(index.url + ICS_NAMES[language], calendar_filter.query(language))
    calendar_url = _url(index.url, calendar_filter.query(language))
    first_period, last_period = _coverage(indicator)
    fmt = {"unit": indicator.unit, "decimals": indicator.decimals, "language": language}
    return {
        "indicator": indicator,
        "country_name": country_name(indicator.country, language),
        "indicator_name": indicator.name(language),
        "upcoming_rows_html": upcoming_html,
        "history_rows_html": history_html,
        "page_obj": page_obj,
        "chart": chart,
        "chart_rows": chart_rows,
        "articles": linked_articles(indicator, page.locale_id),
        "typical_surprise": typical,
        "typical_surprise_text": (
            numbers.format_change(typical, signed=False, **fmt) if typical is not None else ""
        ),
        "unit_label": _unit_label(indicator, language),
        "importance_label": _importance_label(indicator.importance, language),
        "category_label": _category_label(indicator.category, language),
        "ics_url": ics_url,
        "calendar_url": calendar_url,
        "zone_label": dates.zone_label(language),
        "labels": figure_labels(language),
        "breadcrumbs": breadcrumbs,
        "structured_data": [
            structured_data.dataset(
                page,
                indicator,
                language=language,
                first_period=first_period,
                last_period=last_period,
                ics_url=ics_url,
            ),
            breadcrumb_list(breadcrumbs, (page.title, page.url)),
        ],
    }


def _calendar_of(page):
    """The indicator page's parent, the calendar index, in one query (not `get_parent()` then
    `.specific`, two)."""
    from ..models import CalendarIndexPage

    parent_path = page.path[: -page.steplen]
    found = CalendarIndexPage.objects.filter(path=parent_path).first()
    return found if found is not None else page.get_parent().specific


def _coverage(indicator) -> tuple[date | None, date | None]:
    from django.db.models import Max, Min

    span = Release.objects.filter(indicator=indicator, actual__isnull=False).aggregate(
        first=Min("period_start"), last=Max("period_start")
    )
    return span["first"], span["last"]


def _unit_label(indicator, language: str) -> str:
    from ..models import Unit

    with override(language):
        return str(dict(Unit.choices).get(indicator.unit, indicator.unit))


def _importance_label(value: int, language: str) -> str:
    with override(language):
        return str(dict(Importance.choices).get(value, ""))


def _category_label(value: str, language: str) -> str:
    with override(language):
        return str(dict(Category.choices).get(value, value))


def linked_articles(indicator, locale_id: int) -> list[tuple[str, str]]:
    """[(title, URL)] of the live articles in that locale linked to the indicator or to one
    of its releases, newest first (one query)."""
    linked = Q(
        pk__in=ArticleIndicatorLink.objects.filter(indicator=indicator).values("page_id")
    ) | Q(pk__in=ArticleReleaseLink.objects.filter(release__indicator=indicator).values("page_id"))
    rows = (
        _live_articles(locale_id)
        .filter(linked)
        .order_by("-first_published_at", "-pk")
        .values_list("title", "url_path")[:ARTICLES_COUNT]
    )
    return [(title, url) for title, url in ((t, local_url(p)) for t, p in rows) if url]
