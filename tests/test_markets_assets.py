"""The assets (docs/design/markets.md §2): the index's cards and an asset's page in both
languages: the last price with its time and source, localized in the text and plain in the
SVG; the change over the day against the previous Vietnam day's close; the chart's range in
each language's parameter; the news tagged with the asset; the releases that move it; the
"demo data" notice; constant queries; and the prices service's validation."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from infofinance.markets import price_chart
from infofinance.markets.models import ArticleAssetLink, Price
from infofinance.markets.selectors import assets as selectors
from infofinance.markets.services import record_price
from tests.factories import make_article
from tests.markets_support import make_indicator, make_instrument, make_release

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def daily_prices(instrument, days: int, *, last=Decimal("4312.5"), end=None, source="Demo data"):
    """One close a day for `days` days up to `end` (an hour ago by default), the last `last`."""
    end = end or timezone.now().replace(microsecond=0) - timedelta(hours=1)
    rows = [
        Price(
            instrument=instrument,
            at=end - timedelta(days=n),
            close=last - n,
            source=source,
        )
        for n in range(days)
    ]
    Price.objects.bulk_create(rows)
    return rows


def svg_of(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def test_the_asset_page_answers_in_both_languages_with_localized_prices(client, structure):
    gold = make_instrument(decimals=2, quote_currency="USD")
    daily_prices(gold, 40)
    vi = client.get(gold.pages_by_language["vi"].url)
    en = client.get(gold.pages_by_language["en"].url)
    assert vi.status_code == 200 and en.status_code == 200
    vi_html, en_html = vi.content.decode(), en.content.decode()
    assert "4.312,50" in vi_html and "4,312.50" not in vi_html
    assert "4,312.50" in en_html
    assert '<data value="4312.5">' in vi_html  # the machine-readable value stays plain
    assert "Demo data" in vi_html  # the source
    for html in (vi_html, en_html):
        svg = svg_of(html)
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert 'viewBox="0 0 640 240"' in svg
        for attribute in re.findall(r'\s(?:d|width|height|viewBox)="([^"]*)"', svg):
            assert "," not in attribute, attribute  # plain numbers, never "12,5"
            assert re.fullmatch(r"[MLZ0-9. \-]*", attribute), attribute
    assert "/static/markets/assets.css" in vi_html[: vi_html.index("</head>")]


def test_the_chart_range_reads_each_languages_parameter_and_defaults(client, structure):
    gold = make_instrument()
    daily_prices(gold, 400)
    vi_url, en_url = gold.pages_by_language["vi"].url, gold.pages_by_language["en"].url

    def chart_range(url, query):
        response = client.get(url, query)
        assert response.status_code == 200
        return response.context["chart_range"], response.context["chart"]

    assert chart_range(vi_url, {})[0] == "1m"
    selected, chart = chart_range(vi_url, {"khoang": "1y"})
    assert selected == "1y" and chart.point_count <= price_chart.MAX_POINTS
    assert chart_range(en_url, {"range": "5y"})[0] == "5y"
    assert chart_range(vi_url, {"range": "5y"})[0] == "1m"  # the English name on a vi page
    assert chart_range(en_url, {"khoang": "1y"})[0] == "1m"
    assert chart_range(vi_url, {"khoang": "10y"})[0] == "1m"  # unknown → the default
    assert chart_range(en_url, {"range": "<script>"})[0] == "1m"
    one_month = chart_range(vi_url, {})[1]
    assert one_month.point_count == 31  # a close a day over 31 days, not thinned
    html = client.get(vi_url, {"khoang": "1y"}).content.decode()
    assert 'href="?khoang=1y"' not in html  # links are the page's path plus the parameter
    assert f'href="{vi_url}?khoang=1y" aria-current="true"' in html


def test_long_ranges_are_thinned_and_keep_the_first_and_last_prices():
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [(start + timedelta(days=n), Decimal(100 + n % 7)) for n in range(1830)]
    kept = price_chart.thin(rows)
    assert len(kept) <= price_chart.MAX_POINTS
    assert kept[0] is rows[0] and kept[-1] is rows[-1]
    chart = price_chart.build(rows, name="Gold", range_label="5 years", decimals=2, language="en")
    assert chart.point_count == len(kept)
    figures = {figure.label: figure.price for figure in chart.figures}
    assert figures["High"] == "106.00" and figures["Low"] == "100.00"  # of every close


def test_the_change_over_the_day_is_against_the_previous_vietnam_days_close(client, structure):
    gold = make_instrument(decimals=2)
    moments = [
        (datetime(2026, 11, 19, 15, 0, tzinfo=HCM), "98"),
        (datetime(2026, 11, 19, 23, 30, tzinfo=HCM), "100"),  # the last close of Nov 19
        (datetime(2026, 11, 20, 0, 30, tzinfo=HCM), "101"),  # Nov 19 in UTC, Nov 20 here
        (datetime(2026, 11, 20, 9, 0, tzinfo=HCM), "102.5"),  # the last price
    ]
    for at, close in moments:
        record_price(gold, at=at, close=close, source="LBMA")
    html = client.get(gold.pages_by_language["vi"].url).content.decode()
    change = html[html.index('data-testid="day-change"') :][:400]
    assert "+2,50 (+2,50%)" in change and "asset-change--up" in change
    english = client.get(gold.pages_by_language["en"].url).content.decode()
    assert "+2.50 (+2.50%)" in english
    assert "09:00, 20/11/2026" in html  # the "as of" time, Vietnam time
    assert "LBMA" in html
    assert 'data-testid="demo-notice"' not in html  # a real source: no demo notice


def test_a_fall_shows_down_and_a_single_price_shows_no_change(structure):
    gold = make_instrument(decimals=1)
    record_price(gold, at=datetime(2026, 11, 19, 10, 0, tzinfo=HCM), close="50")
    record_price(gold, at=datetime(2026, 11, 20, 10, 0, tzinfo=HCM), close="45")
    moved = selectors.previous_closes({gold.pk: datetime(2026, 11, 20, 3, 0, tzinfo=UTC)})
    assert moved == {gold.pk: Decimal("50")}
    change = selectors.change(Decimal("45"), moved[gold.pk], 1, "vi")
    assert change.direction == "down" and change.text == "-5,0 (-10,00%)"
    other = make_instrument()
    record_price(other, at=datetime(2026, 11, 20, 10, 0, tzinfo=HCM), close="7")
    assert selectors.previous_closes({other.pk: datetime(2026, 11, 20, 3, 0, tzinfo=UTC)}) == {}


def index_context(page):
    request = RequestFactory().get(page.url)
    return selectors.asset_index_context(page=page, request=request)


def test_the_index_shows_every_asset_with_its_price_in_constant_queries(client, structure):
    from tests.markets_support import index_pages

    first = make_instrument(decimals=2)
    daily_prices(first, 3, last=Decimal("25031"))
    index = index_pages()[("assets", "vi")]
    with CaptureQueriesContext(connection) as one:
        index_context(index)
    for _ in range(3):
        daily_prices(make_instrument(), 3)
    with CaptureQueriesContext(connection) as four:
        cards = index_context(index)["cards"]
    assert len(cards) == 4
    assert len(four) == len(one)  # the pages with their last prices, the previous closes
    html = client.get(index.url).content.decode()
    assert html.count('data-testid="asset-card"') == 4
    assert "25.031,00" in html and "+1,00" in html  # a close a day, one apart
    assert 'data-testid="demo-notice"' in html
    english = client.get(index_pages()[("assets", "en")].url).content.decode()
    assert "25,031.00" in english and first.name_en in english


def test_the_page_lists_the_news_tagged_with_the_asset_in_its_language(client, structure):
    gold = make_instrument()
    tagged = make_article(structure, title="Giá vàng lập đỉnh mới", hours_ago=2)
    newer = make_article(structure, title="Vàng giảm nhẹ phiên sáng", hours_ago=1)
    untagged = make_article(structure, title="Tỷ giá ổn định")
    draft = make_article(structure, title="Bản nháp về vàng", live=False)
    english = make_article(structure, title="Gold hits a record", language="en")
    for article in (tagged, newer, draft, english):
        ArticleAssetLink.objects.create(page=article, instrument=gold)
    html = client.get(gold.pages_by_language["vi"].url).content.decode()
    news = html[html.index('id="news-heading"') :]
    assert tagged.title in news and newer.title in news
    assert news.index(newer.title) < news.index(tagged.title)  # newest first
    assert untagged.title not in news and draft.title not in news and english.title not in news
    english_html = client.get(gold.pages_by_language["en"].url).content.decode()
    assert english.title in english_html and tagged.title not in english_html


def test_the_page_lists_the_releases_that_move_the_asset(client, structure):
    gold = make_instrument()
    cpi = make_indicator()
    gold.moved_by.add(cpi)
    now = timezone.now()
    make_release(
        cpi,
        period=datetime(2026, 10, 1).date(),
        scheduled_at=now - timedelta(days=20),
        actual="3.2",
        forecast="3.1",
        previous="3.0",
        status="released",
    )
    make_release(
        cpi,
        period=datetime(2026, 11, 1).date(),
        scheduled_at=now + timedelta(days=5),
        forecast="3.4",
    )
    html = client.get(gold.pages_by_language["vi"].url).content.decode()
    block = html[html.index('id="moving-heading"') :]
    assert cpi.name_vi in block and cpi.pages_by_language["vi"].url in block
    assert "3,2%" in block and "3,1%" in block and "3,0%" in block and "3,4%" in block
    english = client.get(gold.pages_by_language["en"].url).content.decode()
    assert cpi.name_en in english and "3.2%" in english


def test_the_page_without_prices_says_so(client, structure):
    gold = make_instrument(source_name="Reuters")
    response = client.get(gold.pages_by_language["vi"].url)
    assert response.status_code == 200
    assert response.context["quote"]["has_price"] is False and response.context["chart"] is None


# -- the prices service ----------------------------------------------------------------------


def test_record_price_upserts_on_the_instrument_and_time(structure):
    gold = make_instrument()
    at = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    with patch("infofinance.markets.services.prices.events.publish") as publish:
        first = record_price(gold, at=at, close="100.5", high="101", low="99", source="Demo")
        second = record_price(gold.pk, at=at, close="100.75", source="Demo")
    assert first.pk == second.pk and Price.objects.filter(instrument=gold).count() == 1
    second.refresh_from_db()
    assert second.close == Decimal("100.75") and second.high is None
    assert publish.call_args.args == ("markets.price_recorded",)
    assert publish.call_args.kwargs["instrument_id"] == gold.pk


@pytest.mark.parametrize(
    "values, field",
    [
        ({"close": "0"}, "close"),
        ({"close": "-3"}, "close"),
        ({"close": "1,5"}, "close"),
        ({"close": None}, "close"),
        ({"close": "10", "high": "9", "low": "11"}, "high"),
        ({"close": "10", "at": "future"}, "at"),
    ],
)
def test_record_price_refuses_bad_values(structure, values, field):
    gold = make_instrument()
    at = timezone.now() - timedelta(minutes=1)
    if values.get("at") == "future":
        values = {**values, "at": timezone.now() + timedelta(hours=1)}
    values.setdefault("at", at)
    with pytest.raises(ValidationError) as error:
        record_price(gold, **values)
    assert field in error.value.message_dict
    assert not Price.objects.filter(instrument=gold).exists()


def test_a_quote_a_minute_ahead_of_the_clock_is_taken(structure):
    gold = make_instrument()
    price = record_price(gold, at=timezone.now() + timedelta(minutes=1), close="10")
    assert price.pk
