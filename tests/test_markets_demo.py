"""The demo markets (infofinance/demo/markets.py): loaded by `load_demo` with the rest of the demo
content, once; about thirty indicators across the US, the euro area, Japan, China and Vietnam
with three years of generated releases and the next weeks' ones at their local time, six
instruments with five years of daily closes, pages in both languages, every source labelled
as demo data, a few demo articles linked."""

import itertools
import json
import statistics
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Max, Min
from django.utils import timezone

from infofinance.demo.markets import (
    DATA,
    has_markets,
    load_markets,
    release_day,
    scheduled_at,
)
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
)

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def demo(structure, demo_db):
    return structure


def test_the_loader_runs_on_a_site_without_demo_articles(structure):
    """First in the module: the demo database (`demo_db`, per module) is not there yet."""
    assert not has_markets()
    now = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # a Monday
    message = load_markets(now=now)
    assert "0 links" in message and Release.objects.exists()
    quote = Price.objects.filter(instrument__symbol="VN-Index").latest("at")
    assert quote.at == now - timedelta(minutes=5)
    assert not Release.objects.filter(scheduled_at__gt=now, actual__isnull=False).exists()


def test_the_content_file_has_thirty_bilingual_indicators_and_six_instruments():
    indicators = DATA["indicators"]
    assert 28 <= len(indicators) <= 36
    assert {spec["country"] for spec in indicators} == {"US", "EZ", "JP", "CN", "VN"}
    codes = {spec["code"] for spec in indicators}
    for code in ("us-cpi-yoy", "us-nfp", "us-fed-rate", "ez-ecb-rate", "jp-boj-rate"):
        assert code in codes
    for code in ("cn-gdp-yoy", "cn-pmi-manufacturing", "vn-cpi-yoy", "vn-sbv-refinancing-rate"):
        assert code in codes
    for spec in indicators:
        for language in ("vi", "en"):
            text = spec[language]
            assert text["name"] and text["measures"] and text["matters"], spec["code"]
        assert spec["vi"]["measures"] != spec["en"]["measures"]
        ZoneInfo(spec["zone"])  # a real IANA zone
    symbols = {spec["symbol"] for spec in DATA["instruments"]}
    assert symbols == {"XAU/USD", "USD/VND", "VN-Index", "EUR/USD", "Brent", "BTC/USD"}


def test_us_data_comes_out_at_half_past_eight_in_new_york_across_the_change_of_clocks():
    spec = next(spec for spec in DATA["indicators"] if spec["code"] == "us-cpi-yoy")
    # February's CPI comes out in March, around the change to summer time (8 March 2026).
    for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 6, 1), date(2026, 10, 1)):
        moment = scheduled_at(spec, period)
        local = moment.astimezone(NEW_YORK)
        assert (local.hour, local.minute) == (8, 30)
        assert local.weekday() < 5
    winter, summer = scheduled_at(spec, date(2026, 1, 1)), scheduled_at(spec, date(2026, 6, 1))
    assert (winter.hour, summer.hour) == (13, 12)  # UTC: EST, then EDT
    payrolls = next(spec for spec in DATA["indicators"] if spec["code"] == "us-nfp")
    friday = release_day(payrolls["schedule"], "month", date(2026, 11, 1))
    assert friday == date(2026, 12, 4) and friday.weekday() == 4


def test_the_demo_markets_are_loaded_once(demo):
    assert has_markets()
    counts = (
        Indicator.objects.count(),
        Release.objects.count(),
        ReleaseRevision.objects.count(),
        Price.objects.count(),
        IndicatorPage.objects.count(),
    )
    assert "nothing loaded" in load_markets()
    again = (
        Indicator.objects.count(),
        Release.objects.count(),
        ReleaseRevision.objects.count(),
        Price.objects.count(),
        IndicatorPage.objects.count(),
    )
    assert again == counts


def test_three_years_of_history_and_the_next_weeks_for_every_indicator(demo):
    now = timezone.now()
    assert Indicator.objects.count() == len(DATA["indicators"])
    spans = (
        Release.objects.order_by()
        .values("indicator__code", "indicator__period_kind")
        .annotate(first=Min("scheduled_at"), last=Max("scheduled_at"), count=Count("pk"))
    )
    assert len(spans) == len(DATA["indicators"])
    for span in spans:
        assert now - span["first"] > timedelta(days=3 * 365 - 120), span
        kind = span["indicator__period_kind"]
        expected = {"month": 36, "quarter": 12, "meeting": 12}[kind]
        assert span["count"] >= expected, span
    upcoming = Release.objects.filter(scheduled_at__gt=now)
    assert upcoming.count() >= 25
    assert not upcoming.filter(actual__isnull=False).exists()  # no actual for the future
    assert upcoming.filter(forecast__isnull=True).exists()  # far-off ones have no consensus
    assert not upcoming.filter(scheduled_at__gt=now + timedelta(weeks=7)).exists()
    released = Release.objects.filter(scheduled_at__lte=now)
    assert released.count() == released.filter(status="released", actual__isnull=False).count()
    assert Release.objects.filter(country="VN", status="tentative").exists()


def test_forecasts_sit_near_the_actual_and_a_tenth_of_previous_values_are_revised(demo):
    released = list(
        Release.objects.filter(actual__isnull=False, forecast__isnull=False)
        .exclude(indicator__category="rates")
        .select_related("indicator")
    )
    with_previous = [release for release in released if release.previous is not None]
    revised = [release for release in with_previous if release.revised_previous is not None]
    assert 0.04 < len(revised) / len(with_previous) < 0.2
    assert all(release.revised_previous != release.previous for release in revised)
    cpi = [release for release in released if release.indicator.code == "us-cpi-yoy"]
    misses = [abs(release.actual - release.forecast) for release in cpi]
    assert statistics.median(misses) < 0.3
    assert 1.0 < statistics.mean(float(release.actual) for release in cpi) < 5.0
    rates = Release.objects.filter(indicator__code="us-fed-rate", actual__isnull=False)
    assert {(release.actual * 4) % 1 for release in rates} == {0}  # quarter-point steps
    # The previous value is the actual of the release before.
    ordered = sorted(cpi, key=lambda release: release.period_start)
    assert all(b.previous == a.actual for a, b in itertools.pairwise(ordered))


def test_each_release_keeps_its_revisions_in_the_shared_shape(demo):
    release = (
        Release.objects.filter(actual__isnull=False, indicator__code="vn-cpi-yoy")
        .order_by("-scheduled_at")
        .first()
    )
    revisions = list(release.revisions.order_by("at"))
    assert [r.values["status"] for r in revisions] == ["scheduled", "released"]
    assert set(revisions[-1].values) == {
        "scheduled_at",
        "status",
        "importance",
        "actual",
        "forecast",
        "previous",
        "revised_previous",
    }
    values = revisions[-1].values
    assert Decimal(values["actual"]) == release.actual and "e" not in values["actual"].lower()
    assert revisions[0].values["actual"] is None
    assert isinstance(values["importance"], int)
    assert datetime.fromisoformat(values["scheduled_at"]) == release.scheduled_at
    json.dumps(values)
    without = Release.objects.annotate(n=Count("revisions")).filter(n=0)
    assert not without.exists()


def test_prices_cover_five_years_with_a_latest_quote_labelled_demo(demo):
    now = timezone.now()
    assert Instrument.objects.count() == 6
    for instrument in Instrument.objects.all():
        prices = instrument.prices.aggregate(first=Min("at"), last=Max("at"), n=Count("pk"))
        assert now - prices["first"] > timedelta(days=5 * 365 - 5), instrument
        assert prices["n"] >= 5 * 250, instrument
        assert now - prices["last"] < timedelta(days=4), instrument
        assert instrument.source_name == "Demo data"
    assert set(Price.objects.values_list("source", flat=True).distinct()) == {"Demo data"}
    gold = Instrument.objects.get(symbol="XAU/USD").prices.order_by("-at").first()
    assert 1000 < gold.close < 6000
    assert Instrument.objects.get(symbol="BTC/USD").prices.filter(at__week_day=1).exists()
    assert not Instrument.objects.get(symbol="VN-Index").prices.filter(at__week_day=1).exists()
    assert all(
        indicator.source_name.startswith("Demo data") for indicator in Indicator.objects.all()
    )


def test_pages_are_live_in_both_languages_and_say_demo(demo):
    for model, count, prefixes in (
        (IndicatorPage, len(DATA["indicators"]), ("/lich-kinh-te/", "/en/economic-calendar/")),
        (AssetPage, 6, ("/tai-san/", "/en/assets/")),
    ):
        for language, prefix in zip(("vi", "en"), prefixes, strict=True):
            pages = model.objects.live().filter(locale__language_code=language)
            assert pages.count() == count
            assert all(page.url.startswith(prefix) for page in pages)
        keys = model.objects.order_by().values("translation_key").annotate(n=Count("pk"))
        assert {row["n"] for row in keys} == {2}  # each page has its translation
    cpi = IndicatorPage.objects.get(locale__language_code="vi", indicator__code="us-cpi-yoy")
    assert cpi.url == "/lich-kinh-te/us-cpi-yoy/"
    assert "minh họa" in cpi.what_it_measures and "minh họa" in cpi.summary
    english = IndicatorPage.objects.get(locale__language_code="en", indicator__code="us-cpi-yoy")
    assert "demo data" in english.what_it_measures and "Demo data" in english.summary
    assert english.title == "US CPI (year on year)"
    gold = AssetPage.objects.get(locale__language_code="en", instrument__symbol="XAU/USD")
    assert "demo data" in gold.about and gold.url == "/en/assets/xau-usd/"


def test_demo_articles_link_to_the_latest_release_and_their_assets(demo):
    from infofinance.news.models import ArticlePage

    link = ArticleReleaseLink.objects.select_related("release__indicator").get(
        page__locale__language_code="vi", release__indicator__code="us-nfp"
    )
    latest = Release.objects.filter(indicator__code="us-nfp", actual__isnull=False).latest(
        "scheduled_at"
    )
    assert link.release == latest
    assert latest.actual > latest.forecast  # "beats the forecast", as the article says
    fed = Release.objects.filter(indicator__code="us-fed-rate", actual__isnull=False).latest(
        "scheduled_at"
    )
    assert fed.actual == fed.previous  # "the Fed holds"
    assert ArticleAssetLink.objects.filter(instrument__symbol="XAU/USD").count() >= 2
    assert ArticleIndicatorLink.objects.filter(indicator__code="jp-boj-rate").exists()
    # The article's latest revision carries the links: publishing it again keeps them.
    article = ArticlePage.objects.get(pk=link.page_id)
    assert article.latest_revision.as_object().release_links.count() >= 1
