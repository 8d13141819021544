"""Builders for the markets tests: the index pages, indicators with their pages in both
languages, releases and instruments. Rows are made through the ORM (fixtures, not the writes
under test); tests of the services call the services."""

from datetime import date, datetime
from decimal import Decimal
from itertools import count

from infofinance.home.services import add_page, ensure_site_structure
from infofinance.markets import setup
from infofinance.markets.models import (
    AssetPage,
    Indicator,
    IndicatorPage,
    Instrument,
    Release,
)

_numbers = count(1)


def index_pages() -> dict:
    """{(kind, language): page} for kind "calendar" and "assets", created once."""
    ensure_site_structure()
    return setup.ensure_index_pages()


def make_indicator(*, pages: bool = True, **fields) -> Indicator:
    """An indicator (US CPI-like unless told otherwise) and, unless `pages=False`, its
    published page in Vietnamese and English (`indicator.pages_by_language`)."""
    number = next(_numbers)
    values = {
        "code": f"us-cpi-{number}",
        "name_vi": f"CPI Mỹ {number} (so với cùng kỳ)",
        "name_en": f"US CPI {number} (year on year)",
        "country": "US",
        "currency": "USD",
        "category": "inflation",
        "unit": "percent",
        "decimals": 1,
        "importance": 3,
        "period_kind": "month",
        "source_name": "U.S. Bureau of Labor Statistics",
        "release_zone": "America/New_York",
    }
    values.update(fields)
    indicator = Indicator.objects.create(**values)
    indicator.pages_by_language = {}
    if pages:
        indexes = index_pages()
        source = None
        for language in ("vi", "en"):
            parent = indexes[("calendar", language)]
            page = IndicatorPage(
                title=indicator.name(language),
                slug=indicator.code,
                indicator=indicator,
                summary=f"Summary {language} {number}",
                what_it_measures="<p>What it measures.</p>",
                why_it_matters="<p>Why it matters.</p>",
                locale=parent.locale,
            )
            add_page(parent, page, translation_of=source)
            source = source or page
            indicator.pages_by_language[language] = page
    return indicator


def make_release(indicator: Indicator, *, period: date, scheduled_at: datetime, **fields):
    values = {
        "period_kind": indicator.period_kind,
        "period_start": period,
        "scheduled_at": scheduled_at,
        "entered_zone": indicator.release_zone,
        "importance": indicator.importance,
        "country": indicator.country,
        "category": indicator.category,
    }
    for name in ("actual", "forecast", "previous", "revised_previous"):
        if name in fields and fields[name] is not None:
            fields[name] = Decimal(str(fields[name]))
    values.update(fields)
    return Release.objects.create(indicator=indicator, **values)


def make_instrument(*, pages: bool = True, **fields) -> Instrument:
    number = next(_numbers)
    values = {
        "code": f"xau-usd-{number}",
        "symbol": "XAU/USD",
        "name_vi": f"Vàng {number}",
        "name_en": f"Gold {number}",
        "kind": "commodity",
        "quote_currency": "USD",
        "decimals": 2,
        "source_name": "Demo data",
    }
    values.update(fields)
    instrument = Instrument.objects.create(**values)
    instrument.pages_by_language = {}
    if pages:
        indexes = index_pages()
        source = None
        for language in ("vi", "en"):
            parent = indexes[("assets", language)]
            page = AssetPage(
                title=instrument.name(language),
                slug=instrument.code,
                instrument=instrument,
                summary=f"Summary {language} {number}",
                locale=parent.locale,
            )
            add_page(parent, page, translation_of=source)
            source = source or page
            instrument.pages_by_language[language] = page
    return instrument
