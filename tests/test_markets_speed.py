"""What keeps the markets' pages fast (docs/performance.md, "Markets") gives the same results as
the plain way: figures formatted without Babel's per-call parsing, the typical surprise read
for one indicator without a window and for several in one window query, and the indicator
page's queries (its calendar in one query, the history counted without sorting it)."""

import random
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from freezegun import freeze_time

from infofinance.markets import numbers
from infofinance.markets.selectors.calendar import TYPICAL_WINDOW, typical_surprises
from tests.markets_support import make_indicator, make_release


def _values() -> list[Decimal]:
    rnd = random.Random(18)
    values = [
        Decimal(0),
        Decimal("-0"),
        Decimal("-0.04"),
        Decimal("0.05"),
        Decimal("-0.05"),
        Decimal("999.95"),
        Decimal("-999.95"),
        Decimal("1E+3"),
        Decimal("1234567.891"),
        Decimal("-1000"),
        Decimal("12E-10"),
    ]
    for _ in range(2000):
        digits = rnd.randint(-(10 ** rnd.randint(0, 12)), 10 ** rnd.randint(0, 12))
        values.append(Decimal(digits).scaleb(-rnd.randint(0, 6)))
    return values


@pytest.mark.parametrize("language", ["vi", "en"])
def test_figures_are_formatted_as_babel_formats_them(language):
    mismatches = []
    for value in _values():
        for decimals in range(0, 5):
            for signed in (False, True):
                rounded = numbers._quantize(value, decimals)
                pattern = numbers._pattern(decimals, signed=signed and not rounded.is_zero())
                expected = format_decimal(rounded, format=pattern, locale=language)
                got = numbers._number(value, decimals, language, signed=signed)
                if got != expected:
                    mismatches.append((value, decimals, signed, expected, got))
    assert mismatches == []


def test_a_formatter_gives_what_the_functions_give():
    for unit in ("percent", "thousands", "millions", "billions", "index", "rate"):
        for language in ("vi", "en"):
            formatter = numbers.Formatter(unit=unit, decimals=1, language=language)
            for value in (Decimal("3.25"), Decimal("-0.04"), Decimal("1234.5"), None):
                kwargs = {"unit": unit, "decimals": 1, "language": language}
                assert formatter.figure(value) == numbers.format_figure(value, **kwargs)
                assert formatter.change(value) == numbers.format_change(value, **kwargs)
                assert formatter.change(value, signed=False) == numbers.format_change(
                    value, signed=False, **kwargs
                )
    assert numbers.Formatter(unit="percent", decimals=1, language="en").figure(
        Decimal("1234.56")
    ) == ("1,234.6%")
    assert (
        numbers.Formatter(unit="percent", decimals=1, language="vi")
        .change(Decimal("0.25"))
        .startswith("+0,3")
    )


@pytest.mark.django_db
def test_one_indicator_s_typical_surprise_is_the_window_s(structure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpi = make_indicator()
    jobs = make_indicator(code="US_NFP", name_en="Nonfarm payrolls", unit="thousands")
    for number in range(40):
        period = date(2020 + number // 12, number % 12 + 1, 1)
        when = datetime(2020 + number // 12, number % 12 + 1, 20, tzinfo=UTC)
        for indicator, step in ((cpi, "0.1"), (jobs, "3")):
            make_release(
                indicator,
                period=period,
                scheduled_at=when,
                actual=Decimal(step) * (number % 7),
                # Every fifth without a forecast: not one of the last 24 with both.
                forecast=None if number % 5 == 0 else Decimal(step) * (number % 3),
            )
    both = typical_surprises([cpi.pk, jobs.pk])  # one window over both indicators
    with CaptureQueriesContext(connection) as alone:
        assert typical_surprises([cpi.pk]) == {cpi.pk: both[cpi.pk]}
    (query,) = alone.captured_queries
    assert "ROW_NUMBER" not in query["sql"].upper()
    assert f"LIMIT {TYPICAL_WINDOW}" in query["sql"]
    assert typical_surprises([jobs.pk]) == {jobs.pk: both[jobs.pk]}
    with CaptureQueriesContext(connection) as window:
        typical_surprises([cpi.pk, jobs.pk])
    (query,) = window.captured_queries
    # Nothing sorts the window's rows again by the model's ordering.
    assert not re.search(r"\)\s*\w*\s*ORDER BY", query["sql"].split("OVER", 1)[1])


@pytest.mark.django_db
@freeze_time("2026-12-07 05:00:00")
def test_the_indicator_page_reads_its_calendar_once_and_counts_without_sorting(client, structure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpi = make_indicator()
    for number in range(30):
        make_release(
            cpi,
            period=date(2024 + number // 12, number % 12 + 1, 1),
            scheduled_at=datetime(2024 + number // 12, number % 12 + 1, 20, tzinfo=UTC),
            actual="2.0",
            forecast="2.1",
        )
    url = cpi.pages_by_language["vi"].url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sqls = [query["sql"] for query in queries.captured_queries]
    counts = [sql for sql in sqls if sql.startswith("SELECT COUNT(*)") and "markets_release" in sql]
    assert len(counts) == 1
    assert "ORDER BY" not in counts[0]
    # The calendar index (breadcrumbs, feed and calendar links) in one query, by its path.
    by_path = [sql for sql in sqls if re.search(r'"wagtailcore_page"\."path" = ', sql)]
    assert len(by_path) == 1
    assert "markets_calendarindexpage" in by_path[0]
    assert 'href="/lich-kinh-te/"' in response.content.decode()
