"""The calendar's rows as the renders read them (docs/performance.md, "Markets"): each
indicator's typical surprise kept on its row by every write of the services (a release saved,
an actual recorded, an import, a release deleted in the admin) and equal to the median the
releases give; computed instead for indicators whose releases were written around the
services; the rows' markup kept per process by what it shows, so a change shows at once,
and every value escaped."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from infofinance.markets import imports, services
from infofinance.markets.models import Indicator, Release
from infofinance.markets.selectors import calendar
from infofinance.markets.selectors.calendar import typical_surprises
from infofinance.markets.setup import MARKET_EDITORS
from tests.markets_support import index_pages, make_indicator, make_release
from tests.test_markets_admin import make_staff

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam, Monday of week 50
THIS_MONDAY = datetime(2026, 12, 7, 1, 30, tzinfo=UTC)


def _week() -> str:
    return index_pages()[("calendar", "en")].url + "?week=2026-W50"


def _months(indicator, count: int, *, gap: str):
    """`count` released months up to November 2026 through the services, each a surprise of
    `gap`; November's released this Monday."""
    releases = []
    for number in range(count):
        index = 2026 * 12 + 10 - number
        year, month = divmod(index, 12)
        scheduled = datetime(year, month + 1, 1, 13, 30, tzinfo=UTC) + timedelta(days=30)
        if number == 0:
            scheduled = THIS_MONDAY
        releases.append(
            services.save_release(
                None,
                values={
                    "indicator": indicator,
                    "period_start": date(year, month + 1, 1),
                    "scheduled_at": scheduled,
                    "actual": Decimal("3.0"),
                    "forecast": Decimal("3.0") - Decimal(gap),
                },
            )
        )
    return releases


def _stored(indicator) -> tuple[Decimal | None, bool]:
    row = Indicator.objects.get(pk=indicator.pk)
    return row.typical_surprise, row.typical_surprise_known


@freeze_time(NOW)
def test_the_services_keep_the_typical_surprise_on_the_indicator(structure):
    cpi = make_indicator(pages=False)
    assert _stored(cpi) == (None, False)
    releases = _months(cpi, 30, gap="0.1")
    assert _stored(cpi) == (Decimal("0.1"), True)
    # Four of the last 24 move to 0.5 and the median stays; twenty of them move it.
    for release in releases[:20]:
        services.save_release(release, values={"forecast": "2.5"})
    assert _stored(cpi) == (Decimal("0.5"), True)
    assert typical_surprises([cpi.pk]) == {cpi.pk: Decimal("0.5")}
    # An even count: the median is between two gaps (a seventh decimal kept).
    other = make_indicator(pages=False)
    _a, b = _months(other, 2, gap="0.000001")
    services.save_release(b, values={"forecast": "2.999998"})
    assert _stored(other) == (Decimal("0.0000015"), True)
    # A release moved to another indicator leaves the first one's window.
    third = make_indicator(pages=False)
    services.save_release(b, values={"indicator": third})
    assert _stored(other) == (Decimal("0.000001"), True)
    assert _stored(third) == (Decimal("0.000002"), True)


@freeze_time(NOW)
def test_recording_an_actual_and_an_import_move_the_typical_surprise(structure):
    cpi = make_indicator(pages=False, code="us-cpi", unit="percent", release_zone="UTC")
    release = services.save_release(
        None,
        values={
            "indicator": cpi,
            "period_start": date(2026, 10, 1),
            "scheduled_at": datetime(2026, 11, 12, 13, 30, tzinfo=UTC),
            "forecast": "3.0",
        },
    )
    assert _stored(cpi) == (None, True)  # no release with both figures yet
    services.record_actual(release, actual="3.4")
    assert _stored(cpi) == (Decimal("0.4"), True)
    data = (
        b"indicator;period;scheduled;zone;status;importance;actual;forecast;previous;unit\r\n"
        b"us-cpi;2026-09;2026-10-14 08:30;UTC;released;3;3.1;3.0;2.9;percent\r\n"
        b"us-cpi;2026-08;2026-09-11 08:30;UTC;released;3;3.3;3.0;2.9;percent\r\n"
    )
    imports.import_file(data, "csv")
    assert _stored(cpi) == (Decimal("0.3"), True)  # the median of 0.4, 0.1 and 0.3


@freeze_time(NOW)
def test_deleting_a_release_in_the_admin_moves_the_typical_surprise(structure, staff_login):
    from django.test import Client

    cpi = make_indicator(pages=False)
    first, second, _third = _months(cpi, 3, gap="0.2")
    services.save_release(first, values={"forecast": "2.0"})
    assert _stored(cpi) == (Decimal("0.2"), True)
    services.save_release(second, values={"forecast": "2.0"})
    assert _stored(cpi) == (Decimal("1.0"), True)
    client = staff_login(Client(), make_staff("thitruong@infofinance.example", MARKET_EDITORS))
    response = client.post(reverse("markets_releases:delete", args=[first.pk]))
    assert response.status_code == 302
    assert not Release.objects.filter(pk=first.pk).exists()
    assert _stored(cpi) == (Decimal("0.6"), True)  # between 1.0 and 0.2


@freeze_time(NOW)
def test_the_week_reads_the_kept_figure_and_computes_the_others(client, structure):
    kept = make_indicator(code="kept")
    _months(kept, 6, gap="0.1")
    services.save_release(
        Release.objects.get(indicator=kept, period_start=date(2026, 11, 1)),
        values={"forecast": "2.5"},
    )
    bulk = make_indicator(code="bulk")  # written around the services: never computed
    for number in range(6):
        make_release(
            bulk,
            period=date(2026, 6 + number, 1),
            scheduled_at=datetime(2026, 7 + number, 3, 1, 30, tzinfo=UTC)
            if number < 5
            else THIS_MONDAY + timedelta(minutes=15),
            actual="3.0",
            forecast="2.9" if number < 5 else "2.0",
            status="released",
        )
    assert _stored(bulk) == (None, False)
    week = _week()
    client.get(week)  # the process's own first reads (site, locales)
    with CaptureQueriesContext(connection) as computing:
        html = client.get(week).content.decode()
    # Both rows of this week are large surprises for their indicator (0.5 and 1.0 against
    # typical gaps of 0.1).
    assert html.count("large surprise") == 2
    services.refresh_typical_surprises([bulk.pk])
    assert _stored(bulk) == (Decimal("0.1"), True)
    with CaptureQueriesContext(connection) as kept_only:
        again = client.get(week).content.decode()
    assert again == html
    # The figure computed for `bulk` was the render's one query more.
    assert len(kept_only.captured_queries) == len(computing.captured_queries) - 1


@freeze_time(NOW)
def test_a_changed_release_shows_at_once_and_values_are_escaped(client, structure):
    indicator = make_indicator(code="esc", name_en="Prices <b>&</b> “wages”")
    release = make_release(
        indicator,
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 8, 1, 30, tzinfo=UTC),
        forecast="3.1",
        previous="2.9",
    )
    week = _week()
    first = client.get(week).content.decode()
    assert "Prices &lt;b&gt;&amp;&lt;/b&gt; “wages”" in first
    assert "<b>&</b>" not in first
    assert 'data-value="3.1">3.1%</td>' in first
    services.save_release(release, values={"forecast": "3.4", "revised_previous": "3.0"})
    second = client.get(week).content.decode()
    assert 'data-value="3.4">3.4%</td>' in second and "3.1%" not in second
    assert 'data-value="3">3.0% <span class="cal-revised">revised from 2.9%</span>' in second
    # A row's markup is one of the kept entries (bounded), not one per request.
    info = calendar.row_markup.cache_info()
    assert info.maxsize == calendar.ROW_MARKUP_ENTRIES and info.currsize >= 2
