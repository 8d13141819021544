"""An indicator's page (docs/design/markets.md §2, §1.8, §5, §8): the explainer, the releases
to come, the history newest first and paginated, the accessible SVG chart (plain numbers in its
coordinates, localized words in its labels) with a table of the same figures, the live articles
linked in the page's language, the typical surprise, and the Dataset JSON-LD."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from freezegun import freeze_time

from infofinance.markets import charts
from infofinance.markets.models import ArticleIndicatorLink, ArticleReleaseLink
from infofinance.markets.selectors.calendar import typical_surprises
from tests.factories import make_article
from tests.markets_support import make_indicator, make_release

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 05:00:00"


def _history(indicator, months: int, *, gap: str = "0.1"):
    """`months` released months up to November 2026, one surprise of `gap` each."""
    releases = []
    for number in range(months):
        index = 2026 * 12 + 10 - number  # November 2026 backwards
        year, month = divmod(index, 12)
        period = date(year, month + 1, 1)
        releases.append(
            make_release(
                indicator,
                period=period,
                scheduled_at=datetime(year, month + 1, 10, 13, 30, tzinfo=UTC) + timedelta(days=30),
                actual=Decimal("3.0") + Decimal(number % 5) / 10,
                forecast=Decimal("3.0") + Decimal(number % 5) / 10 - Decimal(gap),
                previous="3.0",
                status="released",
            )
        )
    return releases


def _svg(html: str) -> str:
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no chart"
    return match.group(0)


@freeze_time(NOW)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_renders_in_both_languages(client, structure, language):
    cpi = make_indicator()
    _history(cpi, 3)
    make_release(
        cpi,
        period=date(2026, 12, 1),
        scheduled_at=datetime(2027, 1, 13, 13, 30, tzinfo=UTC),
        forecast="2.8",
    )
    page = cpi.pages_by_language[language]
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "What it measures." in html and "Why it matters." in html
    upcoming = html.split('id="upcoming-heading"')[1].split('id="chart-heading"')[0]
    if language == "vi":
        assert "Th12 2026" in upcoming and "2,8%" in upcoming
        assert "13/1/2027" in upcoming
    else:
        assert "Dec 2026" in upcoming and "2.8%" in upcoming
        assert "Jan 13, 2027" in upcoming
    assert "data-local-time" in upcoming
    assert "U.S. Bureau of Labor Statistics" in html


@freeze_time(NOW)
def test_history_is_newest_first_and_paginated(client, structure):
    cpi = make_indicator()
    _history(cpi, 30)
    url = cpi.pages_by_language["en"].url
    html = client.get(url).content.decode()
    history = html.split('id="history-heading"')[1]
    periods = re.findall(r'<tr class="cal-row"><th scope="row">([^<]+)', history)
    assert periods[:3] == ["Nov 2026", "Oct 2026", "Sep 2026"]
    assert len(periods) == 24
    assert 'rel="next" href="?page=2"' in history
    second = client.get(url, {"page": "2"}).content.decode().split('id="history-heading"')[1]
    periods = re.findall(r'<tr class="cal-row"><th scope="row">([^<]+)', second)
    assert len(periods) == 6 and periods[-1] == "Jun 2024"
    # A page number past the end or not a number is never an error.
    assert client.get(url, {"page": "99"}).status_code == 200
    assert client.get(url, {"page": "x"}).status_code == 200


@freeze_time(NOW)
def test_the_chart_is_accessible_svg_with_plain_coordinates(client, structure):
    cpi = make_indicator()
    _history(cpi, 6)
    vi = client.get(cpi.pages_by_language["vi"].url).content.decode()
    svg = _svg(vi)
    assert 'role="img"' in svg and 'viewBox="0 0 640 260"' in svg
    assert re.search(r'<title id="[^"]+">[^<]+</title>', svg)
    assert "<desc" in svg
    labels = re.findall(r'<g class="release-chart__point" aria-label="([^"]+)"', svg)
    assert len(labels) == 6
    # Words in the reader's language: "Th11 2026: … 3,…%" (comma decimal).
    assert labels[-1].startswith("Th11 2026:") and "3,0%" in labels[-1]
    # Every number in a coordinate is plain, with a dot.
    for name, value in re.findall(r'\b(x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), (name, value)
    for points in re.findall(r'points="([^"]*)"', svg):
        for pair in points.split():
            assert re.fullmatch(r"-?\d+(\.\d+)?,-?\d+(\.\d+)?", pair), pair
    # The table of the same figures, localized.
    table = vi.split('class="fig-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 7  # the header and six periods
    assert "Th11 2026" in table and "3,0%" in table
    en = _svg(client.get(cpi.pages_by_language["en"].url).content.decode())
    assert re.search(r'aria-label="Nov 2026: Actual 3\.0%, Forecast 2\.9%"', en)


def test_the_chart_draws_nothing_without_figures():
    chart = charts.release_chart([], unit="percent", decimals=1, language="en", title="X")
    assert chart.empty
    one = charts.release_chart(
        [charts.Point("Nov 2026", Decimal("1.5"), None)],
        unit="percent",
        decimals=1,
        language="en",
        title="X",
    )
    assert not one.empty and "no forecast" in one.svg and "<rect" not in one.svg


@freeze_time(NOW)
def test_the_typical_surprise_is_the_median_of_the_last_24_releases(client, structure):
    cpi = make_indicator()
    releases = _history(cpi, 30, gap="0.1")
    # The 24 newest: 20 surprises of 0.1 and four of 0.5 → the median is 0.1 …
    for release in releases[:4]:
        release.forecast = release.actual - Decimal("0.5")
        release.save()
    # … and the six oldest (outside the window) would move it if they counted.
    for release in releases[24:]:
        release.forecast = release.actual - Decimal("2")
        release.save()
    assert typical_surprises([cpi.pk]) == {cpi.pk: Decimal("0.1")}
    # A release without a forecast is not one of the 24.
    make_release(
        cpi, period=date(2026, 12, 1), scheduled_at=datetime(2026, 12, 5, tzinfo=UTC), actual="3"
    )
    assert typical_surprises([cpi.pk]) == {cpi.pk: Decimal("0.1")}
    html = client.get(cpi.pages_by_language["en"].url).content.decode()
    assert "Typical surprise</dt><dd>0.1 pp" in html
    # 0.5 is more than the typical 0.1: those rows say it is large.
    assert html.count("large surprise") == 4


@freeze_time(NOW)
def test_linked_live_articles_in_the_pages_language(client, structure):
    cpi = make_indicator()
    (release,) = _history(cpi, 1)
    about = make_article(structure, title="Vì sao CPI Mỹ quan trọng", language="vi")
    explained = make_article(structure, title="CPI Mỹ tháng 11 vượt dự báo", language="vi")
    english = make_article(structure, title="US CPI beats forecasts", language="en")
    draft = make_article(structure, title="Bản nháp CPI", language="vi", live=False)
    ArticleIndicatorLink.objects.create(page=about, indicator=cpi)
    ArticleReleaseLink.objects.create(page=explained, release=release)
    ArticleReleaseLink.objects.create(page=english, release=release)
    ArticleIndicatorLink.objects.create(page=draft, indicator=cpi)
    vi = client.get(cpi.pages_by_language["vi"].url).content.decode()
    section = vi.split('id="articles-heading"')[1].split("</section>")[0]
    assert about.title in section and explained.title in section
    assert english.title not in section and draft.title not in section
    history = vi.split('id="history-heading"')[1]
    assert f'href="{explained.url}"' in history  # "Read the analysis" on its release
    en = client.get(cpi.pages_by_language["en"].url).content.decode()
    section = en.split('id="articles-heading"')[1].split("</section>")[0]
    assert english.title in section and about.title not in section


@freeze_time(NOW)
def test_the_dataset_json_ld(client, structure):
    cpi = make_indicator(source_url="https://www.bls.gov/cpi/")
    _history(cpi, 12)
    html = client.get(cpi.pages_by_language["vi"].url).content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    graph = json.loads(script)["@graph"]
    (dataset,) = [item for item in graph if item.get("@type") == "Dataset"]
    assert dataset["name"] == cpi.name_vi
    assert dataset["description"]
    assert dataset["temporalCoverage"] == "2025-12-01/2026-11-01"
    assert dataset["creator"] == {
        "@type": "Organization",
        "name": "U.S. Bureau of Labor Statistics",
        "url": "https://www.bls.gov/cpi/",
    }
    assert dataset["variableMeasured"]["name"] == cpi.name_vi
    (download,) = dataset["distribution"]
    assert download["encodingFormat"] == "text/calendar"
    assert download["contentUrl"].endswith("/lich-kinh-te/lich.ics?nuoc=us&nhom=inflation")
    assert any(item.get("@type") == "BreadcrumbList" for item in graph)


@freeze_time(NOW)
def test_the_indicator_page_costs_a_constant_number_of_queries(client, structure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpi = make_indicator()
    _history(cpi, 5)
    url = cpi.pages_by_language["vi"].url
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(40):
        make_release(
            cpi,
            period=date(2010 + number // 12, number % 12 + 1, 1),
            scheduled_at=datetime(2010 + number // 12, number % 12 + 1, 20, tzinfo=UTC),
            actual="2.0",
            forecast="2.1",
        )
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
