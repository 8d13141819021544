"""Reads of the assets (docs/design/markets.md §2): the index's cards and an asset's page (last
price with its time and source, change over the day, the chart of closes for a range, the news
tagged with the asset, the releases that move it), in a constant number of queries whatever
the number of prices. Prices for readers go through Babel here (`format_price`,
`format_percent`); markup gets plain numbers (`numbers.plain`)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from babel.numbers import format_decimal
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from infofinance.core.context_processors import HOME_URLS
from infofinance.core.locales import language_of
from infofinance.core.pageurls import local_url
from infofinance.core.restrictions import public
from infofinance.core.structured_data import breadcrumb_list
from infofinance.pagecache.store import depends_on

from .. import cache, dates, numbers, price_chart
from ..models import AssetPage, IndicatorPage, Price, Release, ReleaseStatus

# The chart's ranges: the query parameter of each language, its values, the default.
RANGE_PARAMS = {"vi": "khoang", "en": "range"}
RANGES = {"1m": timedelta(days=31), "1y": timedelta(days=366), "5y": timedelta(days=5 * 366)}
DEFAULT_RANGE = "1m"
ARTICLES_COUNT = 10
# The previous day's close is looked for this far back (weekends, holidays).
PREVIOUS_WINDOW = timedelta(days=21)
DEMO_WORDS = ("demo", "dữ liệu mẫu", "du lieu mau")


def range_labels(language: str) -> dict[str, str]:
    with override(language):
        return {
            # Translators: the price chart's range buttons.
            "1m": _("1 month"),
            "1y": _("1 year"),
            "5y": _("5 years"),
        }


# -- numbers for readers -------------------------------------------------------------------------


def _pattern(decimals: int, *, signed: bool = False) -> str:
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return f"+{body};-{body}" if signed else body


def format_price(value, decimals: int, language: str) -> str:
    """`4.312,50` / `4,312.50`: a price in the instrument's decimals, through Babel."""
    if value is None:
        return numbers.EMPTY
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals))
    return format_decimal(rounded, format=_pattern(decimals), locale=language)


def format_signed(value, decimals: int, language: str) -> str:
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals))
    if rounded.is_zero():
        return format_decimal(rounded.copy_abs(), format=_pattern(decimals), locale=language)
    return format_decimal(rounded, format=_pattern(decimals, signed=True), locale=language)


def format_percent(value, language: str) -> str:
    """`+1,25%` / `+1.25%`: a change in per cent, always two decimals."""
    return format_signed(value, 2, language) + "%"


def is_demo(source: str) -> bool:
    text = (source or "").casefold()
    return any(word in text for word in DEMO_WORDS)


@dataclass(frozen=True)
class Change:
    value: Decimal
    percent: Decimal
    direction: str  # "up" | "down" | "flat"
    text: str  # "+12,30 (+0,29%)"


def change(last, previous, decimals: int, language: str) -> Change | None:
    """`last` against `previous` (closes), None when either is missing."""
    if last is None or previous is None or Decimal(previous) == 0:
        return None
    difference = Decimal(last) - Decimal(previous)
    percent = difference / Decimal(previous) * 100
    rounded = difference.quantize(Decimal(1).scaleb(-decimals))
    direction = "up" if rounded > 0 else "down" if rounded < 0 else "flat"
    text = f"{format_signed(difference, decimals, language)} ({format_percent(percent, language)})"
    return Change(difference, percent, direction, text)


# -- prices --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    at: datetime
    close: Decimal
    source: str


def _latest(outer: str):
    return Price.objects.filter(instrument_id=OuterRef(outer)).order_by("-at")


def with_last_price(queryset, outer: str = "instrument_id"):
    """`queryset` with `last_at`, `last_close`, `last_source` of the instrument named by the
    field `outer`: three index probes per row, in the same query."""
    latest = _latest(outer)
    return queryset.annotate(
        last_at=Subquery(latest.values("at")[:1]),
        last_close=Subquery(latest.values("close")[:1]),
        last_source=Subquery(latest.values("source")[:1]),
    )


def _quote(row) -> Quote | None:
    if getattr(row, "last_at", None) is None:
        return None
    return Quote(row.last_at, row.last_close, row.last_source or "")


def day_start(moment: datetime) -> datetime:
    """00:00 Vietnam time of the day `moment` falls on, as an aware datetime."""
    local = dates.local(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def previous_closes(latest: dict[int, datetime]) -> dict[int, Decimal]:
    """{instrument id: the last close before the Vietnam day of its latest price} for
    {instrument id: latest price's time}, in one query (a window per instrument)."""
    if not latest:
        return {}
    condition = Q()
    for instrument_id, at in latest.items():
        start = day_start(at)
        condition |= Q(instrument_id=instrument_id, at__lt=start, at__gte=start - PREVIOUS_WINDOW)
    rows = (
        Price.objects.filter(condition)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("instrument_id")], order_by=[F("at").desc()])
        )
        .filter(rank=1)
        .values_list("instrument_id", "close")
    )
    return dict(rows)


def quote_context(quote: Quote | None, previous, *, decimals: int, language: str, fallback=""):
    """What a card or the page shows of a price: the price, its time and source, the change
    over the day, and whether it is demo data."""
    if quote is None:
        return {"has_price": False, "demo": is_demo(fallback)}
    moved = change(quote.close, previous, decimals, language)
    source = quote.source or fallback
    return {
        "has_price": True,
        "price": format_price(quote.close, decimals, language),
        "price_plain": numbers.plain(quote.close),
        "as_of": dates.date_time(quote.at, language),
        "as_of_iso": dates.utc_iso(quote.at),
        "source": source,
        "change": moved,
        "demo": is_demo(source),
    }


# -- the index -----------------------------------------------------------------------------------


def _home(language: str) -> tuple[str, str]:
    return ("Info Finance", HOME_URLS.get(language, "/"))


def asset_index_context(*, page, request) -> dict:
    """The index's cards, in the editors' order: two queries whatever the number of assets
    (the pages with their instruments and last prices, then the previous days' closes)."""
    language = language_of(page.locale_id)
    depends_on(cache.ASSETS)
    pages = list(
        with_last_price(
            public(AssetPage.objects.live().child_of(page)).select_related("instrument"),
            "instrument_id",
        ).order_by("path")
    )
    latest = {p.instrument_id: p.last_at for p in pages if p.last_at is not None}
    previous = previous_closes(latest)
    cards = []
    for asset in pages:
        instrument = asset.instrument
        depends_on(cache.instrument(instrument.pk))
        cards.append(
            {
                "page": asset,
                "url": asset.url,
                "title": asset.title,
                "name": instrument.name(language),
                "symbol": instrument.symbol,
                "summary": asset.summary,
                **quote_context(
                    _quote(asset),
                    previous.get(instrument.pk),
                    decimals=instrument.decimals,
                    language=language,
                    fallback=instrument.source_name,
                ),
            }
        )
    breadcrumbs = [_home(language)]
    return {
        "cards": cards,
        "demo": any(card["demo"] for card in cards),
        "zone_label": dates.zone_label(language),
        "breadcrumbs": breadcrumbs,
        "structured_data": [breadcrumb_list(breadcrumbs, (page.title, page.url))],
    }


# -- one asset -----------------------------------------------------------------------------------


def chart_range(request, language: str) -> str:
    """The range the query names in the page's language (`?khoang=` / `?range=`); anything
    else is the default."""
    value = (request.GET.get(RANGE_PARAMS[language]) or "").strip().lower()
    return value if value in RANGES else DEFAULT_RANGE


def range_links(base: str, current: str, language: str) -> list[dict]:
    labels = range_labels(language)
    links = []
    for key in RANGES:
        query = "" if key == DEFAULT_RANGE else "?" + urlencode({RANGE_PARAMS[language]: key})
        links.append(
            {"key": key, "label": labels[key], "url": base + query, "current": key == current}
        )
    return links


def tagged_articles(instrument, locale_id: int, limit: int = ARTICLES_COUNT) -> list:
    """The live articles of that locale tagged with the asset, newest first, as cards."""
    from infofinance.news.models import ArticlePage
    from infofinance.news.selectors import card_queryset

    queryset = ArticlePage.objects.filter(asset_links__instrument=instrument, locale_id=locale_id)
    return list(card_queryset(queryset).distinct()[:limit])


def indicator_urls(indicator_ids, locale_id: int) -> dict[int, str]:
    """{indicator id: URL of its live page in that locale} (one query)."""
    rows = public(IndicatorPage.objects.live()).filter(
        locale_id=locale_id, indicator_id__in=list(indicator_ids)
    )
    urls: dict[int, str] = {}
    for indicator_id, url_path in rows.values_list("indicator_id", "url_path"):
        url = local_url(url_path)
        if url:
            urls.setdefault(indicator_id, url)
    return urls


def _first_per_indicator(queryset, order) -> dict[int, Release]:
    ranked = queryset.annotate(
        rank=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=order)
    ).filter(rank=1)
    return {release.indicator_id: release for release in ranked}


def moving_releases(instrument, locale_id: int, language: str, now=None) -> list[dict]:
    """The indicators that move the asset (chosen by editors), each with its next release and
    its latest one with figures: four queries whatever their number."""
    now = now or timezone.now()
    indicators = list(instrument.moved_by.all())
    if not indicators:
        return []
    ids = [indicator.pk for indicator in indicators]
    for pk in ids:
        depends_on(cache.indicator(pk))
    releases = Release.objects.filter(indicator_id__in=ids)
    upcoming = _first_per_indicator(
        releases.filter(scheduled_at__gte=now, actual__isnull=True).exclude(
            status=ReleaseStatus.CANCELLED
        ),
        [F("scheduled_at").asc(), F("pk").asc()],
    )
    latest = _first_per_indicator(
        releases.filter(actual__isnull=False), [F("period_start").desc(), F("pk").desc()]
    )
    urls = indicator_urls(ids, locale_id)
    rows = []
    for indicator in indicators:
        fmt = {"unit": indicator.unit, "decimals": indicator.decimals, "language": language}
        row = {"name": indicator.name(language), "url": urls.get(indicator.pk, ""), "next": None}
        nxt = upcoming.get(indicator.pk)
        if nxt is not None:
            row["next"] = {
                "period": dates.period_label(nxt.period_kind, nxt.period_start, language),
                "when": dates.date_time(nxt.scheduled_at, language),
                "when_iso": dates.utc_iso(nxt.scheduled_at),
                "forecast": numbers.format_figure(nxt.forecast, **fmt),
            }
        last = latest.get(indicator.pk)
        row["latest"] = None
        if last is not None:
            previous = last.revised_previous if last.revised_previous is not None else last.previous
            row["latest"] = {
                "period": dates.period_label(last.period_kind, last.period_start, language),
                "actual": numbers.format_figure(last.actual, **fmt),
                "forecast": numbers.format_figure(last.forecast, **fmt),
                "previous": numbers.format_figure(previous, **fmt),
            }
        rows.append(row)
    return rows


def asset_page_context(*, page, request) -> dict:
    """The asset's page: last price, as of, source, change over the day; the chart of the
    range asked for (`?khoang=` / `?range=`, one month by default) with its first, last, high
    and low; the news tagged with it; the releases that move it."""
    language = language_of(page.locale_id)
    instrument = page.instrument
    depends_on(cache.instrument(instrument.pk))
    latest = (
        Price.objects.filter(instrument=instrument)
        .order_by("-at")
        .only("at", "close", "source")
        .first()
    )
    quote = Quote(latest.at, latest.close, latest.source) if latest is not None else None
    previous = previous_closes({instrument.pk: latest.at}).get(instrument.pk) if latest else None
    selected = chart_range(request, language)
    rows: list = []
    if latest is not None:
        rows = list(
            Price.objects.filter(
                instrument=instrument, at__gt=latest.at - RANGES[selected], at__lte=latest.at
            )
            .order_by("at")
            .values_list("at", "close")
        )
    labels = range_labels(language)
    name = instrument.name(language)
    chart = price_chart.build(
        rows,
        name=name,
        range_label=labels[selected],
        decimals=instrument.decimals,
        language=language,
    )
    index = page.get_parent().specific
    breadcrumbs = [_home(language), (index.title, index.url)]
    return {
        "instrument": instrument,
        "instrument_name": name,
        "quote": quote_context(
            quote,
            previous,
            decimals=instrument.decimals,
            language=language,
            fallback=instrument.source_name,
        ),
        "chart": chart,
        "chart_range": selected,
        "range_label": labels[selected],
        "range_links": range_links(page.url, selected, language),
        "articles": tagged_articles(instrument, page.locale_id),
        "moving_releases": moving_releases(instrument, page.locale_id, language),
        "zone_label": dates.zone_label(language),
        "index_page": index,
        "breadcrumbs": breadcrumbs,
        "noindex": selected != DEFAULT_RANGE,
        "structured_data": [breadcrumb_list(breadcrumbs, (page.title, page.url))],
    }
