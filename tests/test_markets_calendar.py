"""The economic calendar's day and week views (docs/design/markets.md §1.5–1.7, §2, §8): Vietnam
days across a US change of clocks, Monday–Sunday weeks, the filters in each language's words
(unknown values ignored), the figures and the surprise in words, "Read the analysis", the
language switch carrying the day, bad and far days, and a constant number of queries."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from infofinance.markets import dates, numbers
from infofinance.markets.models import ArticleReleaseLink, Release
from tests.factories import make_article
from tests.markets_support import index_pages, make_indicator, make_release

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
VI, EN = "/lich-kinh-te/", "/en/economic-calendar/"


def rows_of(html: str) -> list[str]:
    return re.findall(r'<tr class="cal-row.*?</tr>', html, re.S)


def day_section(html: str, day: date) -> str:
    match = re.search(
        rf'<section class="cal-day[^"]*" aria-labelledby="day-{day}">(.*?)</section>', html, re.S
    )
    assert match, f"no section for {day}"
    return match.group(1)


# -- time ---------------------------------------------------------------------------------------


@freeze_time("2026-03-10 03:00:00")
def test_0830_new_york_lands_on_the_right_vietnam_day_and_hour_across_the_dst_change(
    client, structure
):
    """08:30 New York is 20:30 in Vietnam before the US moves its clocks (EST, UTC-5) on
    2026-03-08 and 19:30 after (EDT, UTC-4)."""
    cpi = make_indicator()
    before = make_release(
        cpi,
        period=date(2026, 1, 1),
        scheduled_at=datetime(2026, 3, 6, 8, 30, tzinfo=NEW_YORK),
    )
    after = make_release(
        cpi,
        period=date(2026, 2, 1),
        scheduled_at=datetime(2026, 3, 13, 8, 30, tzinfo=NEW_YORK),
    )
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.scheduled_at == datetime(2026, 3, 6, 13, 30, tzinfo=UTC)
    assert after.scheduled_at == datetime(2026, 3, 13, 12, 30, tzinfo=UTC)

    html = client.get(VI, {"ngay": "2026-03-06"}).content.decode()
    (row,) = rows_of(html)
    assert '<time datetime="2026-03-06T13:30:00Z" data-local-time>20:30</time>' in row
    html = client.get(VI, {"ngay": "2026-03-13"}).content.decode()
    (row,) = rows_of(html)
    assert '<time datetime="2026-03-13T12:30:00Z" data-local-time>19:30</time>' in row
    # English: the same Vietnam hour in its own form.
    html = client.get(EN, {"day": "2026-03-13"}).content.decode()
    assert "7:30\u202fPM" in rows_of(html)[0] or "7:30 PM" in rows_of(html)[0]


@freeze_time("2026-12-06 18:00:00")  # 01:00 on Monday 7 December in Vietnam
def test_today_is_the_vietnam_day(client, structure):
    cpi = make_indicator()
    # 00:30 on 7 December in Vietnam, still 6 December in UTC.
    make_release(
        cpi, period=date(2026, 11, 1), scheduled_at=datetime(2026, 12, 6, 17, 30, tzinfo=UTC)
    )
    make_release(
        cpi, period=date(2026, 10, 1), scheduled_at=datetime(2026, 12, 6, 16, 30, tzinfo=UTC)
    )
    html = client.get(VI).content.decode()
    assert 'aria-labelledby="day-2026-12-07"' in html
    (row,) = rows_of(html)
    assert ">00:30</time>" in row


@freeze_time("2026-12-07 05:00:00")
def test_the_week_view_spans_monday_to_sunday_in_vietnam(client, structure):
    cpi = make_indicator()
    monday_start = datetime(2026, 12, 7, 0, 0, tzinfo=HCM)
    inside = [
        monday_start,  # Monday 00:00 Vietnam (Sunday 17:00 UTC)
        datetime(2026, 12, 13, 23, 59, tzinfo=HCM),  # Sunday 23:59 Vietnam
    ]
    outside = [
        monday_start - timedelta(minutes=1),  # Sunday 6 December 23:59 Vietnam
        datetime(2026, 12, 14, 0, 0, tzinfo=HCM),  # next Monday 00:00
    ]
    for number, when in enumerate(inside + outside):
        make_release(cpi, period=date(2020 + number, 1, 1), scheduled_at=when)
    response = client.get(VI, {"tuan": "2026-W50"})
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'aria-labelledby="day-(\d{4}-\d{2}-\d{2})"', html)
    assert titles == [f"2026-12-{day:02d}" for day in range(7, 14)]
    assert len(rows_of(html)) == 2
    assert "00:00</time>" in day_section(html, date(2026, 12, 7))
    assert "23:59</time>" in day_section(html, date(2026, 12, 13))
    # English words name the same week.
    html = client.get(EN, {"week": "2026-W50"}).content.decode()
    assert len(rows_of(html)) == 2
    assert "Week 50" in html


def test_utc_ranges_of_days_and_weeks():
    assert dates.day_range(date(2026, 12, 7)) == (
        datetime(2026, 12, 6, 17, 0, tzinfo=UTC),
        datetime(2026, 12, 7, 17, 0, tzinfo=UTC),
    )
    assert dates.week_range(2026, 50) == (
        datetime(2026, 12, 6, 17, 0, tzinfo=UTC),
        datetime(2026, 12, 13, 17, 0, tzinfo=UTC),
    )
    assert dates.parse_week("2025-W53") is None  # 2025 has 52 ISO weeks
    assert dates.parse_week("2026-W53") == (2026, 53)
    assert dates.parse_week("2026-W50") == (2026, 50)
    assert dates.parse_day("2026-02-30") is None


# -- bad input ----------------------------------------------------------------------------------


@freeze_time("2026-12-07 05:00:00")
@pytest.mark.parametrize(
    "query",
    [
        {"ngay": "hôm-nay"},
        {"ngay": "2026-13-45"},
        {"ngay": "'; drop table"},
        {"tuan": "2026-W99"},
        {"tuan": "x"},
        {"muc": "9", "nuoc": "zz,<b>", "nhom": "nonsense"},
    ],
)
def test_bad_values_give_todays_view_never_a_500(client, structure, query):
    index_pages()
    response = client.get(VI, query)
    assert response.status_code == 200
    assert 'aria-labelledby="day-2026-12-07"' in response.content.decode()


@freeze_time("2026-12-07 05:00:00")
@pytest.mark.parametrize(
    ("path", "query"),
    [
        (VI, {"ngay": "2029-01-01"}),
        (VI, {"ngay": "2024-11-30"}),
        (EN, {"day": "1999-01-01"}),
        (VI, {"tuan": "2030-W01"}),
    ],
)
def test_a_day_more_than_two_years_away_is_a_404(client, structure, path, query):
    index_pages()
    assert client.get(path, query).status_code == 404


@freeze_time("2026-12-07 05:00:00")
def test_a_day_within_two_years_is_shown(client, structure):
    index_pages()
    assert client.get(VI, {"ngay": "2028-12-01"}).status_code == 200
    assert client.get(EN, {"day": "2025-01-01"}).status_code == 200


# -- filters ------------------------------------------------------------------------------------


def _mixed_day():
    when = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    us_cpi = make_indicator(importance=3)
    vn_cpi = make_indicator(
        country="VN", currency="VND", importance=2, name_en="Vietnam CPI", name_vi="CPI Việt Nam"
    )
    us_pmi = make_indicator(
        category="manufacturing", importance=1, name_en="US PMI", name_vi="PMI Mỹ"
    )
    for number, indicator in enumerate((us_cpi, vn_cpi, us_pmi)):
        make_release(
            indicator, period=date(2026, 11, 1), scheduled_at=when + timedelta(hours=number)
        )
    return us_cpi, vn_cpi, us_pmi


@freeze_time("2026-12-07 01:00:00")
@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        (VI, {}, {"US CPI", "Vietnam CPI", "US PMI"}),
        (VI, {"nuoc": "vn"}, {"Vietnam CPI"}),
        (VI, {"nuoc": "us,vn", "muc": "2"}, {"US CPI", "Vietnam CPI"}),
        (VI, {"muc": "3"}, {"US CPI"}),
        (VI, {"nhom": "manufacturing"}, {"US PMI"}),
        (EN, {"country": "us", "category": "inflation"}, {"US CPI"}),
        (EN, {"importance": "2"}, {"US CPI", "Vietnam CPI"}),
        # Unknown values are ignored, the known ones kept.
        (VI, {"nuoc": "us,zz,xyz", "muc": "7", "nhom": "gold"}, {"US CPI", "US PMI"}),
        (EN, {"country": "fr"}, {"US CPI", "Vietnam CPI", "US PMI"}),
    ],
)
def test_filters(client, structure, path, query, expected):
    _mixed_day()
    response = client.get(path, query)
    assert response.status_code == 200
    html = response.content.decode()
    language = "vi" if path == VI else "en"
    names = {"US CPI": "CPI Mỹ", "Vietnam CPI": "CPI Việt Nam", "US PMI": "PMI Mỹ"}
    shown = {
        name
        for name in ("US CPI", "Vietnam CPI", "US PMI")
        for row in rows_of(html)
        if (names[name] if language == "vi" else name) in row
    }
    # The generated US CPI's name is "US CPI n (…)"; the other two were named above.
    assert shown == expected


@freeze_time("2026-12-07 01:00:00")
def test_the_filter_form_uses_each_languages_words(client, structure):
    _mixed_day()
    html = client.get(VI, {"nuoc": "vn"}).content.decode()
    assert 'name="nuoc" value="vn" checked' in html
    assert 'name="muc"' in html and 'name="nhom"' in html
    assert 'name="country"' not in html
    html = client.get(EN, {"country": "vn"}).content.decode()
    assert 'name="country" value="vn" checked' in html
    assert 'name="importance"' in html and 'name="category"' in html
    assert 'name="nuoc"' not in html
    # The Babel names of the countries.
    assert "Việt Nam" in client.get(VI).content.decode()
    assert "United States" in html


@freeze_time("2026-12-07 01:00:00")
def test_links_keep_the_filters_in_the_pages_words(client, structure):
    _mixed_day()
    html = client.get(VI, {"ngay": "2026-12-07", "nuoc": "us,vn", "muc": "2"}).content.decode()
    assert 'href="/lich-kinh-te/?ngay=2026-12-06&amp;nuoc=us,vn&amp;muc=2"' in html  # previous
    assert 'href="/lich-kinh-te/?ngay=2026-12-08&amp;nuoc=us,vn&amp;muc=2"' in html  # next
    assert 'href="/lich-kinh-te/?tuan=2026-W50&amp;nuoc=us,vn&amp;muc=2"' in html  # this week
    assert 'href="/lich-kinh-te/?tuan=2026-W51&amp;nuoc=us,vn&amp;muc=2"' in html  # next week
    assert 'href="/lich-kinh-te/lich.ics?nuoc=us,vn&amp;muc=2"' in html
    html = client.get(EN, {"week": "2026-W50", "importance": "3"}).content.decode()
    assert 'href="/en/economic-calendar/?week=2026-W49&amp;importance=3"' in html
    assert 'href="/en/economic-calendar/calendar.ics?importance=3"' in html


@freeze_time("2026-12-07 01:00:00")
def test_the_language_switch_carries_the_day_and_filters_translated(client, structure):
    _mixed_day()
    html = client.get(
        VI, {"ngay": "2026-12-08", "nuoc": "vn", "nhom": "inflation"}
    ).content.decode()
    switch = re.search(r'<a class="lang-switch" href="([^"]+)"', html).group(1)
    assert switch == "/en/economic-calendar/?day=2026-12-08&amp;country=vn&amp;category=inflation"
    html = client.get(EN, {"week": "2026-W51", "importance": "3"}).content.decode()
    switch = re.search(r'<a class="lang-switch" href="([^"]+)"', html).group(1)
    assert switch == "/lich-kinh-te/?tuan=2026-W51&amp;muc=3"
    # Today's view switches to today's view.
    html = client.get(VI).content.decode()
    assert re.search(r'<a class="lang-switch" href="([^"]+)"', html).group(1) == EN


# -- figures ------------------------------------------------------------------------------------


@freeze_time("2026-12-07 01:00:00")
def test_figures_are_localized_in_text_and_plain_in_attributes(client, structure):
    cpi = make_indicator(decimals=1)
    make_release(
        cpi,
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 7, 2, 0, tzinfo=UTC),
        actual="3.2",
        forecast="2.9",
        previous="3.0",
        revised_previous="3.1",
        status="released",
    )
    vi = rows_of(client.get(VI).content.decode())[0]
    assert (
        'class="f a" data-label="Actual" data-value="3.2">3,2%</td>' in vi
        or 'data-value="3.2">3,2%</td>' in vi
    )
    assert 'data-value="3.2"' in vi and 'data-value="2.9"' in vi and 'data-value="3.1"' in vi
    assert 'data-value="2.9">2,9%</td>' in vi
    assert 'data-value="3.1">3,1%' in vi  # the revised previous
    assert "Th11 2026" in vi
    en = rows_of(client.get(EN).content.decode())[0]
    assert 'class="f a" data-label="Actual" data-value="3.2">3.2%</td>' in en and "2.9%" in en
    assert '3.1% <span class="cal-revised">revised from 3.0%</span>' in en
    assert "Nov 2026" in en
    assert "Above forecast by 0.3 pp" in en  # the words give the sign
    assert 'class="s s-above"' in en
    assert "3,2" not in en


@freeze_time("2026-12-07 01:00:00")
def test_revised_previous_shows_the_first_value(client, structure):
    cpi = make_indicator(decimals=2)
    make_release(
        cpi,
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 7, 2, 0, tzinfo=UTC),
        previous="3.05",
        revised_previous="3.15",
    )
    en = rows_of(client.get(EN).content.decode())[0]
    assert "3.15%" in en and "revised from 3.05%" in en
    vi = rows_of(client.get(VI).content.decode())[0]
    assert "3,15%" in vi and "3,05%" in vi


@freeze_time("2026-12-07 01:00:00")
def test_a_missing_forecast_gives_no_surprise(client, structure):
    cpi = make_indicator()
    release = make_release(
        cpi,
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 7, 2, 0, tzinfo=UTC),
        actual="3.2",
        status="released",
    )
    assert numbers.surprise(release) is None
    en = rows_of(client.get(EN).content.decode())[0]
    assert 'class="s s-' not in en
    assert "forecast by" not in en and "In line" not in en


@freeze_time("2026-12-07 01:00:00")
def test_a_large_surprise_is_said_in_words(client, structure):
    cpi = make_indicator()
    # History: surprises of 0.1 each, so the typical surprise is 0.1.
    for month in range(1, 11):
        make_release(
            cpi,
            period=date(2026, month, 1),
            scheduled_at=datetime(2026, month + 1, 10, 13, 30, tzinfo=UTC),
            actual="3.0",
            forecast="3.1",
        )
    make_release(
        cpi,
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 7, 2, 0, tzinfo=UTC),
        actual="2.5",
        forecast="3.0",
    )
    en = rows_of(client.get(EN).content.decode())[0]
    assert "Below forecast by 0.5 pp · large surprise" in en
    assert 'class="s s-below s-large"' in en


# -- linked to the news -------------------------------------------------------------------------


@freeze_time("2026-12-07 01:00:00")
def test_read_the_analysis_links_the_live_article_in_the_pages_language(client, structure):
    cpi = make_indicator()
    release = make_release(
        cpi, period=date(2026, 11, 1), scheduled_at=datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    )
    vi_article = make_article(structure, title="Lạm phát Mỹ tháng 11", language="vi")
    en_article = make_article(structure, title="US inflation in November", language="en")
    draft = make_article(structure, title="Bản nháp chưa đăng", language="vi", live=False)
    for article in (vi_article, en_article, draft):
        ArticleReleaseLink.objects.create(page=article, release=release)
    vi = rows_of(client.get(VI).content.decode())[0]
    assert f'href="{vi_article.url}"' in vi
    assert vi.count('class="cal-analysis"') == 1
    assert "Bản nháp" not in vi
    en = rows_of(client.get(EN).content.decode())[0]
    assert f'href="{en_article.url}"' in en and "Read the analysis" in en
    assert en.count('class="cal-analysis"') == 1
    # The indicator's name links its page in the page's language.
    assert f'href="{cpi.pages_by_language["vi"].url}"' in vi
    assert f'href="{cpi.pages_by_language["en"].url}"' in en


# -- queries ------------------------------------------------------------------------------------


def _fill_day(count: int, structure) -> None:
    when = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    indicators = [make_indicator(pages=number < 3) for number in range(5)]
    for number in range(count):
        indicator = indicators[number % len(indicators)]
        release = make_release(
            indicator,
            period=date(2000 + number, 1, 1),
            scheduled_at=when + timedelta(minutes=number),
            actual="1.5",
            forecast="1.2",
            previous="1.0",
            revised_previous="1.1" if number % 3 == 0 else None,
        )
        if number % 4 == 0:
            article = make_article(structure, language="vi")
            ArticleReleaseLink.objects.create(page=article, release=release)


@freeze_time("2026-12-07 02:00:00")
@pytest.mark.parametrize("count", [5, 30])
def test_a_day_costs_a_constant_number_of_queries(
    client, structure, django_assert_max_num_queries, count
):
    _fill_day(count, structure)
    client.get(VI)  # warm the per-process caches (site root paths, locales)
    # Most are the site's own (routing, the site, the locales, the page's translations): the
    # calendar reads the countries, the releases, the indicators' pages, their surprises and
    # the linked articles, whatever the number of releases.
    with django_assert_max_num_queries(25):
        response = client.get(VI, {"ngay": "2026-12-07"})
    assert len(rows_of(response.content.decode())) == count


@freeze_time("2026-12-07 02:00:00")
def test_the_same_queries_for_5_and_30_releases(client, structure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _fill_day(5, structure)
    client.get(VI)
    with CaptureQueriesContext(connection) as few:
        client.get(VI, {"ngay": "2026-12-07"})
    _fill_day(25, structure)
    client.get(VI)
    with CaptureQueriesContext(connection) as many:
        client.get(VI, {"ngay": "2026-12-07"})
    assert Release.objects.count() == 30
    assert len(many) == len(few)
    markets = [
        q
        for q in many.captured_queries
        if '"markets_' in q["sql"] and "markets_calendarindexpage" not in q["sql"]
    ]
    assert len(markets) == 5  # countries, releases, indicator pages, surprises, articles


def test_surprise_direction_and_size():
    class Figures:
        def __init__(self, actual, forecast):
            self.actual = None if actual is None else Decimal(actual)
            self.forecast = None if forecast is None else Decimal(forecast)

    above = numbers.surprise(Figures("3.4", "3.1"), Decimal("0.2"))
    assert (above.direction, above.difference, above.large) == ("above", Decimal("0.3"), True)
    below = numbers.surprise(Figures("3.0", "3.1"), Decimal("0.2"))
    assert (below.direction, below.difference, below.large) == ("below", Decimal("-0.1"), False)
    inline = numbers.surprise(Figures("3.1", "3.1"), Decimal("0.2"))
    assert (inline.direction, inline.large) == ("inline", False)
    assert numbers.surprise(Figures("3.1", None)) is None
    assert numbers.surprise(Figures(None, "3.1")) is None
    assert numbers.surprise(Figures("3.4", "3.1")).large is False  # no typical: never large


def test_numbers_for_readers_and_for_markup():
    assert (
        numbers.format_figure(Decimal("3.2"), unit="percent", decimals=1, language="vi") == "3,2%"
    )
    assert (
        numbers.format_figure(Decimal("3.2"), unit="percent", decimals=1, language="en") == "3.2%"
    )
    assert (
        numbers.format_figure(Decimal("1234.5"), unit="index", decimals=1, language="vi")
        == "1.234,5"
    )
    assert numbers.format_figure(None, unit="percent", decimals=1, language="en") == "—"
    assert (
        numbers.format_change(Decimal("0.3"), unit="percent", decimals=1, language="en")
        == "+0.3 pp"
    )
    assert numbers.format_change(
        Decimal("-0.3"), unit="percent", decimals=1, language="vi"
    ).startswith("-0,3")
    assert (
        numbers.format_change(Decimal("-0.01"), unit="percent", decimals=1, language="en")
        == "0.0 pp"
    )
    assert (
        numbers.format_change(Decimal("-12"), unit="thousands", decimals=0, language="en") == "-12K"
    )
    assert numbers.plain(Decimal("3.200000")) == "3.2"
    assert numbers.plain(Decimal("-0.1")) == "-0.1"
    assert numbers.plain(Decimal("256.000000")) == "256"
    assert numbers.plain(None) == ""


@freeze_time("2026-12-07 01:00:00")
@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ({}, {"day:2026-12-07", "calendar"}, {"week:2026-W50"}),
        ({"ngay": "2026-12-09"}, {"day:2026-12-09"}, {"calendar", "day:2026-12-07"}),
        ({"tuan": "2026-W50"}, {"week:2026-W50"}, {"calendar", "day:2026-12-07"}),
    ],
)
def test_the_views_declare_their_cache_tags(rf, structure, query, expected, absent):
    from infofinance.markets import cache
    from infofinance.markets.selectors import calendar_context
    from infofinance.pagecache import store

    cpi = make_indicator()
    make_release(
        cpi, period=date(2026, 11, 1), scheduled_at=datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    )
    page = index_pages()[("calendar", "vi")]
    names = {
        "calendar": cache.CALENDAR,
        "day:2026-12-07": cache.day(date(2026, 12, 7)),
        "day:2026-12-09": cache.day(date(2026, 12, 9)),
        "week:2026-W50": cache.week(2026, 50),
    }
    token = store.begin_render()
    calendar_context(page=page, request=rf.get(page.url, query))
    declared = store.end_render(token)
    assert {names[name] for name in expected} <= declared
    assert not {names[name] for name in absent} & declared
    if not query or "tuan" in query:
        assert cache.indicator(cpi.pk) in declared  # its row is on the page


@freeze_time("2026-12-07 01:00:00")
def test_a_revision_invisible_at_the_decimals_shown_is_not_announced(client, structure):
    cpi = make_indicator(decimals=1)
    make_release(
        cpi,
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 7, 2, 0, tzinfo=UTC),
        previous="3.01",
        revised_previous="3.04",
    )
    en = rows_of(client.get(EN).content.decode())[0]
    assert "3.0%" in en and "revised from" not in en


def test_period_labels_in_both_languages():
    assert dates.period_label("month", date(2026, 11, 1), "vi") == "Th11 2026"
    assert dates.period_label("month", date(2026, 11, 1), "en") == "Nov 2026"
    assert dates.period_label("quarter", date(2026, 7, 1), "vi") == "Q3 2026"
    assert dates.period_label("quarter", date(2026, 7, 1), "en") == "Q3 2026"
    assert dates.period_label("year", date(2026, 1, 1), "en") == "2026"
    assert dates.period_label("meeting", date(2026, 12, 9), "en") == "Meeting Dec 9, 2026"
    assert "9/12/2026" in dates.period_label("meeting", date(2026, 12, 9), "vi")
