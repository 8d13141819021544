"""Demo markets (content/markets.json, written for this project): 32 indicators of the United
States, the euro area, Japan, China and Vietnam, each with its page in Vietnamese and English
(the explainer: what it measures, why it matters to investors in Vietnam), and six instruments
with theirs. The figures are generated, and every page and source says so:

- three years of releases per indicator, monthly, quarterly or per meeting, from a seeded
  random walk around a plausible level (forecasts near the actual, a tenth of the previous
  values revised, rates moving in steps), and the releases of the next six weeks, scheduled at
  their usual local time in the indicator's own zone (08:30 in New York for US data…), stored
  UTC; a revision per change (the forecast a week before, then the actual);
- five years of daily closes per instrument (a seeded random walk ending at today's level) and
  a latest quote;
- a few demo articles linked to the releases, indicators and assets they discuss.

Rows are written in bulk (a few statements per table); the pages through `add_page`, as the
events' demo does. Dates are relative to the load. Loaded by `manage.py load_demo` only when no
indicator exists yet."""

import calendar
import json
import math
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from infofinance.core.signals import content_changed
from infofinance.home.services import add_page, ensure_site_structure
from infofinance.markets import setup
from infofinance.markets.models import (
    ArticleAssetLink,
    ArticleIndicatorLink,
    ArticleReleaseLink,
    AssetPage,
    Indicator,
    IndicatorPage,
    Instrument,
    Price,
    Release,
    ReleaseRevision,
    ReleaseStatus,
)
from infofinance.markets.services.releases import refresh_typical_surprises
from infofinance.news.models import ArticlePage

from .services import CONTENT_DIR, read_content

DATA = json.loads((CONTENT_DIR / "markets.json").read_text(encoding="utf-8"))
DEMO_SOURCE = "Demo data"
HISTORY_YEARS = 3
PRICE_YEARS = 5
UPCOMING = timedelta(weeks=6)
# Consensus forecasts appear a few weeks before a release; a release further away has none.
FORECAST_HORIZON = timedelta(days=21)
DEMO_NOTE = {
    "vi": "Số liệu trên trang này là dữ liệu minh họa được tạo tự động, không phải số liệu thật.",
    "en": "The figures on this page are generated demo data, not real statistics.",
}
INDICATOR_SUMMARY = {
    "vi": "Lịch công bố, lịch sử số liệu và giải thích về {name}. Dữ liệu minh họa.",
    "en": "Release dates, history and an explainer of {name}. Demo data.",
}
ASSET_SUMMARY = {"vi": "{summary} Dữ liệu minh họa.", "en": "{summary} Demo data."}


def has_markets() -> bool:
    return Indicator.objects.exists()


def source_name(agency: str) -> str:
    return f"{DEMO_SOURCE} · {agency}"


def figure(value: float, decimals: int) -> Decimal:
    return Decimal(f"{value:.{decimals}f}")


def plain(value: Decimal | None) -> str | None:
    """A figure as the revisions keep it: a dot decimal, no exponent."""
    return None if value is None else format(value, "f")


# -- when releases come out ----------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def release_day(schedule: dict[str, Any], period_kind: str, period_start: date) -> date:
    """The local day a period's figure comes out: a day of a month after the period's end (a
    weekend moves it to the Monday), the first Friday of the next month, or the meeting day."""
    if period_kind == "meeting":
        return period_start
    last_month = add_months(period_start, 2 if period_kind == "quarter" else 0)
    if schedule.get("rule") == "first_friday":
        month = add_months(last_month, 1)
        return month + timedelta(days=(4 - month.weekday()) % 7)
    month = add_months(last_month, schedule["months_after"])
    length = calendar.monthrange(month.year, month.month)[1]
    return weekday_on_or_after(month.replace(day=min(schedule["day"], length)))


def periods(spec: dict[str, Any], start: date, end: date) -> list[date]:
    """The periods (their first day; a meeting's own day) from about `start` to `end`."""
    kind = spec["period"]
    if kind == "meeting":
        found = []
        for year in range(start.year, end.year + 1):
            for month, day in spec["schedule"]["meetings"]:
                meeting = weekday_on_or_after(date(year, month, day))
                if start <= meeting <= end:
                    found.append(meeting)
        return sorted(found)
    step = 3 if kind == "quarter" else 1
    first = date(start.year, start.month, 1)
    if kind == "quarter":
        first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    found, current = [], first
    while current <= end:
        found.append(current)
        current = add_months(current, step)
    return found


def scheduled_at(spec: dict[str, Any], period_start: date) -> datetime:
    zone = ZoneInfo(spec["zone"])
    local = datetime.combine(
        release_day(spec["schedule"], spec["period"], period_start),
        time.fromisoformat(spec["time"]),
        tzinfo=zone,
    )
    return local.astimezone(UTC)


# -- the figures ---------------------------------------------------------------------------------


class Walk:
    """The seeded figures of one indicator: a level reverting to its base with noise, or a
    policy rate held most of the time and moved by whole steps."""

    def __init__(self, spec: dict[str, Any]):
        self.rnd = random.Random(f"markets-{spec['code']}")
        self.level = spec["level"]
        self.decimals = spec["decimals"]
        self.unit = 10**-self.decimals
        self.level_now = float(self.level["base"])
        self.previous_rate = self.level_now

    @property
    def is_rate(self) -> bool:
        return "rate_step" in self.level

    def step(self) -> float:
        return self.level.get("step") or self.level["rate_step"]

    def next(self) -> tuple[Decimal, Decimal]:
        """(actual, forecast) of the next period."""
        rnd, level = self.rnd, self.level
        if self.is_rate:
            move = level["rate_step"]
            if rnd.random() < 0.22:
                towards_base = 1 if self.level_now < level["base"] else -1
                direction = towards_base if rnd.random() < 0.6 else -towards_base
                self.level_now = max(0.0, self.level_now + direction * move)
            actual = figure(self.level_now, self.decimals)
            # The market usually reads a central bank right; a surprise is a move it missed.
            forecast = actual if rnd.random() < 0.85 else figure(self.previous_rate, self.decimals)
            self.previous_rate = self.level_now
            return actual, forecast
        self.level_now += level["revert"] * (level["base"] - self.level_now)
        self.level_now += rnd.gauss(0, level["step"])
        actual = figure(self.level_now, self.decimals)
        forecast = figure(self.level_now + rnd.gauss(0, level["step"] * 0.5), self.decimals)
        return actual, forecast

    def projection(self) -> Decimal:
        """A forecast for a period not out yet: near where the walk is."""
        if self.is_rate:
            return figure(self.level_now, self.decimals)
        drift = self.level["revert"] * (self.level["base"] - self.level_now)
        noise = self.rnd.gauss(0, self.level["step"] * 0.3)
        return figure(self.level_now + drift + noise, self.decimals)

    def revision(self, previous: Decimal) -> Decimal | None:
        """A tenth of the previous values are revised, by a little (never for a rate)."""
        if self.is_rate or self.rnd.random() >= 0.1:
            return None
        size = max(self.unit, round(self.step() * self.rnd.uniform(0.1, 0.4), self.decimals))
        revised = previous + figure(size * self.rnd.choice((-1, 1)), self.decimals)
        return revised if revised != previous else previous + figure(self.unit, self.decimals)


def revision_values(release: Release, status: str, actual, previous, revised) -> dict:
    return {
        "scheduled_at": release.scheduled_at.isoformat(),
        "status": status,
        "importance": release.importance,
        "actual": plain(actual),
        "forecast": plain(release.forecast),
        "previous": plain(previous),
        "revised_previous": plain(revised),
    }


class MarketsLoader:
    def __init__(self, now: datetime):
        self.now = now
        self.today = now.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
        self.locales = {
            language: Locale.objects.get(language_code=language) for language in ("vi", "en")
        }
        self.indexes = setup.ensure_index_pages()
        self.indicators: dict[str, Indicator] = {}
        self.instruments: dict[str, Instrument] = {}
        self.releases: list[Release] = []
        self.prices = 0

    # -- rows --------------------------------------------------------------------------------

    def create_indicators(self) -> None:
        rows = [
            Indicator(
                code=spec["code"],
                name_vi=spec["vi"]["name"],
                name_en=spec["en"]["name"],
                country=spec["country"],
                currency=spec["currency"],
                category=spec["category"],
                unit=spec["unit"],
                decimals=spec["decimals"],
                importance=spec["importance"],
                period_kind=spec["period"],
                source_name=source_name(spec["source"]),
                release_zone=spec["zone"],
            )
            for spec in DATA["indicators"]
        ]
        Indicator.objects.bulk_create(rows)
        self.indicators = {row.code: row for row in Indicator.objects.all()}

    def releases_of(self, spec: dict[str, Any]) -> list[tuple[Release, list[dict]]]:
        """The releases of one indicator, oldest first, each with its revisions' values."""
        indicator = self.indicators[spec["code"]]
        walk = Walk(spec)
        start = add_months(self.today, -12 * HISTORY_YEARS)
        horizon = self.now + UPCOMING
        found: list[tuple[Release, list[dict]]] = []
        previous: Decimal | None = None
        released = [
            period
            for period in periods(spec, start, horizon.date())
            if scheduled_at(spec, period) <= horizon
        ]
        past = [period for period in released if scheduled_at(spec, period) <= self.now]
        for period in released:
            moment = scheduled_at(spec, period)
            release = Release(
                indicator=indicator,
                period_kind=spec["period"],
                period_start=period,
                scheduled_at=moment,
                entered_zone=spec["zone"],
                importance=spec["importance"],
                country=indicator.country,
                category=indicator.category,
            )
            if moment <= self.now:
                actual, forecast = walk.next()
                if period == past[-1]:  # the demo articles speak of the latest one
                    if spec.get("last") == "above" and actual <= forecast:
                        forecast = actual - figure(max(walk.unit, walk.step() / 2), walk.decimals)
                    elif spec.get("last") == "hold" and previous is not None:
                        actual = forecast = previous
                        walk.level_now = float(previous)
                revised = walk.revision(previous) if previous is not None else None
                release.status = ReleaseStatus.RELEASED
                release.actual, release.forecast = actual, forecast
                release.previous, release.revised_previous = previous, revised
                release.actual_recorded_at = moment + timedelta(minutes=1)
                history = [
                    {
                        "at": moment - timedelta(days=7),
                        "values": revision_values(
                            release, ReleaseStatus.SCHEDULED, None, previous, None
                        ),
                    },
                    {
                        "at": release.actual_recorded_at,
                        "values": revision_values(
                            release, ReleaseStatus.RELEASED, actual, previous, revised
                        ),
                    },
                ]
                previous = actual
            else:
                first_upcoming = not found or found[-1][0].actual is not None
                release.previous = previous if first_upcoming else None
                if moment - self.now <= FORECAST_HORIZON:
                    release.forecast = walk.projection()
                # Vietnam's statistics office confirms its dates late: tentative until then.
                far = moment - self.now > timedelta(days=14)
                release.status = (
                    ReleaseStatus.TENTATIVE
                    if far and spec["country"] == "VN"
                    else ReleaseStatus.SCHEDULED
                )
                history = [
                    {
                        "at": min(self.now, moment) - timedelta(days=1),
                        "values": revision_values(
                            release, release.status, None, release.previous, None
                        ),
                    }
                ]
            found.append((release, history))
        return found

    def create_releases(self) -> int:
        pairs = [pair for spec in DATA["indicators"] for pair in self.releases_of(spec)]
        releases = Release.objects.bulk_create([release for release, _history in pairs])
        if any(release.pk is None for release in releases):  # pragma: no cover - old SQLite
            ids = {
                (row.indicator_id, row.period_kind, row.period_start): row.pk
                for row in Release.objects.only("pk", "indicator", "period_kind", "period_start")
            }
            for release in releases:
                release.pk = ids[(release.indicator_id, release.period_kind, release.period_start)]
        ReleaseRevision.objects.bulk_create(
            [
                ReleaseRevision(
                    release_id=release.pk,
                    at=entry["at"],
                    values=entry["values"],
                    note=DEMO_SOURCE,
                )
                for release, history in zip(releases, (h for _r, h in pairs), strict=True)
                for entry in history
            ],
            batch_size=2000,
        )
        self.releases = releases
        return len(releases)

    def create_instruments(self) -> None:
        Instrument.objects.bulk_create(
            [
                Instrument(
                    code=spec["code"],
                    symbol=spec["symbol"],
                    name_vi=spec["vi"]["name"],
                    name_en=spec["en"]["name"],
                    kind=spec["kind"],
                    quote_currency=spec["quote_currency"],
                    decimals=spec["decimals"],
                    source_name=DEMO_SOURCE,
                )
                for spec in DATA["instruments"]
            ]
        )
        self.instruments = {row.code: row for row in Instrument.objects.all()}
        through = Instrument.moved_by.through
        through.objects.bulk_create(
            [
                through(
                    instrument_id=self.instruments[spec["code"]].pk,
                    indicator_id=self.indicators[code].pk,
                )
                for spec in DATA["instruments"]
                for code in spec["moved_by"]
            ]
        )

    def prices_of(self, spec: dict[str, Any], instrument: Instrument) -> list[Price]:
        """Daily closes for five years up to yesterday, a walk in logarithms that ends at the
        instrument's level, and a quote of a few minutes ago (on a trading day)."""
        rnd = random.Random(f"prices-{spec['code']}")
        close_time = time.fromisoformat(spec["close_utc"])
        yesterday = self.now.astimezone(UTC).date() - timedelta(days=1)
        first = yesterday - timedelta(days=365 * PRICE_YEARS)
        days = [
            first + timedelta(days=number)
            for number in range((yesterday - first).days + 1)
            if not (spec["weekdays"] and (first + timedelta(days=number)).weekday() >= 5)
        ]
        steps = [rnd.gauss(spec["drift"], spec["volatility"]) for _ in days]
        logs, total = [], 0.0
        for step in steps:
            total += step
            logs.append(total)
        shift = math.log(spec["level"]) - logs[-1]
        decimals = spec["decimals"]
        rows, previous = [], None
        for day, log in zip(days, logs, strict=True):
            close = math.exp(log + shift)
            opening = previous if previous is not None else close
            spread = abs(rnd.gauss(0, spec["volatility"] / 2))
            rows.append(
                Price(
                    instrument=instrument,
                    at=datetime.combine(day, close_time, tzinfo=UTC),
                    close=figure(close, decimals),
                    open=figure(opening, decimals),
                    high=figure(max(opening, close) * (1 + spread), decimals),
                    low=figure(min(opening, close) * (1 - spread), decimals),
                    source=DEMO_SOURCE,
                )
            )
            previous = close
        trading_day = not spec["weekdays"] or self.now.astimezone(UTC).weekday() < 5
        if trading_day:
            moment = self.now.replace(second=0, microsecond=0) - timedelta(minutes=5)
            quote = spec["level"] * (1 + rnd.gauss(0, spec["volatility"] / 3))
            rows.append(
                Price(
                    instrument=instrument,
                    at=moment,
                    close=figure(quote, decimals),
                    source=DEMO_SOURCE,
                )
            )
        return rows

    def create_prices(self) -> int:
        rows = [
            price
            for spec in DATA["instruments"]
            for price in self.prices_of(spec, self.instruments[spec["code"]])
        ]
        Price.objects.bulk_create(rows, batch_size=2000)
        return len(rows)

    # -- pages -------------------------------------------------------------------------------

    def create_indicator_pages(self) -> int:
        count = 0
        for spec in DATA["indicators"]:
            source = None
            for language in ("vi", "en"):
                text = spec[language]
                page = IndicatorPage(
                    title=text["name"],
                    slug=spec["code"],
                    locale=self.locales[language],
                    indicator=self.indicators[spec["code"]],
                    summary=INDICATOR_SUMMARY[language].format(name=text["name"]),
                    what_it_measures=f"<p>{text['measures']}</p><p><i>{DEMO_NOTE[language]}</i></p>",
                    why_it_matters=f"<p>{text['matters']}</p>",
                )
                add_page(self.indexes[("calendar", language)], page, translation_of=source)
                source = source or page
                count += 1
        return count

    def create_asset_pages(self) -> int:
        count = 0
        for spec in DATA["instruments"]:
            source = None
            for language in ("vi", "en"):
                text = spec[language]
                page = AssetPage(
                    title=text["name"],
                    slug=spec["code"],
                    locale=self.locales[language],
                    instrument=self.instruments[spec["code"]],
                    summary=ASSET_SUMMARY[language].format(summary=text["summary"]),
                    about=f"<p>{text['about']}</p><p><i>{DEMO_NOTE[language]}</i></p>",
                )
                add_page(self.indexes[("assets", language)], page, translation_of=source)
                source = source or page
                count += 1
        return count

    # -- the demo articles -------------------------------------------------------------------

    def link_articles(self) -> int:
        """The demo articles that discuss a release, an indicator or an asset link to it, in
        both languages; the article's latest revision is brought in step, so that an editor
        publishing it again keeps the links."""
        articles, _pages = read_content()
        titles = {
            (language, article["key"]): article[language]["title"]
            for article in articles
            for language in ("vi", "en")
            if article.get(language)
        }
        latest = {}
        for release in self.releases:
            if release.actual is not None:
                latest[release.indicator_id] = release  # oldest first: the last one wins
        links: list = []
        touched: set[int] = set()
        for kind, mapping in DATA["links"].items():
            for key, code in mapping.items():
                for language in ("vi", "en"):
                    title = titles.get((language, key))
                    page = title and (
                        ArticlePage.objects.filter(locale=self.locales[language], title=title)
                        .only("pk")
                        .first()
                    )
                    if not page:
                        continue
                    if kind == "releases":
                        release = latest.get(self.indicators[code].pk)
                        if release is None:
                            continue
                        links.append(ArticleReleaseLink(page_id=page.pk, release_id=release.pk))
                    elif kind == "indicators":
                        links.append(
                            ArticleIndicatorLink(page_id=page.pk, indicator=self.indicators[code])
                        )
                    else:
                        links.append(
                            ArticleAssetLink(page_id=page.pk, instrument=self.instruments[code])
                        )
                    touched.add(page.pk)
        for model in (ArticleReleaseLink, ArticleIndicatorLink, ArticleAssetLink):
            model.objects.bulk_create([link for link in links if isinstance(link, model)])
        for page in ArticlePage.objects.filter(pk__in=touched):
            revision = page.latest_revision
            if revision is not None:
                revision.content = page.serializable_data()
                revision.save(update_fields=["content"])
        return len(links)


@transaction.atomic
def load_markets(*, now: datetime | None = None) -> str:
    """Every demo indicator, release, instrument and price, or none (one transaction); a no-op
    when indicators exist."""
    if has_markets():
        return "demo markets: the site already has indicators; nothing loaded"
    ensure_site_structure()
    loader = MarketsLoader(now or timezone.now())
    loader.create_indicators()
    releases = loader.create_releases()
    loader.create_instruments()
    prices = loader.create_prices()
    pages = loader.create_indicator_pages() + loader.create_asset_pages()
    links = loader.link_articles()
    # The releases were written in bulk: store each indicator's typical surprise as the
    # services do after their writes (the calendar reads it from the indicator).
    refresh_typical_surprises([indicator.pk for indicator in loader.indicators.values()])
    for model in (Release, Price, ArticleReleaseLink):
        content_changed.send(sender=model)  # bulk rows: what shows them moves
    return (
        f"demo markets loaded: {len(loader.indicators)} indicators, {releases} releases, "
        f"{len(loader.instruments)} instruments, {prices} prices, {pages} pages, "
        f"{links} links from articles"
    )
