"""The markets in the page cache: what each change makes stale, recorded where the page cache
moves versions (`store.invalidate`). A release update moves exactly its Vietnam day and week,
its indicator, its chip, the calendar's lists and the asset pages its indicator moves (and a
change of time both the old and the new day); a price its instrument and the asset index; the
link rows of an article their article and target, and nothing when saved again unchanged; the
midnight job the calendar once per Vietnam day. No page is rendered here (the pages' own
tests serve them)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache as shared

from infofinance.core.signals import content_changed
from infofinance.markets import cache
from infofinance.markets.models import (
    ArticleAssetLink,
    ArticleIndicatorLink,
    ArticleReleaseLink,
    FlashDraft,
    ImportSource,
    Price,
    Release,
    ReleaseImport,
    ReleaseRevision,
    ReleaseStaging,
)
from infofinance.pagecache import registry, store, tags
from tests.factories import make_article
from tests.markets_support import make_indicator, make_instrument, make_release

pytestmark = pytest.mark.django_db

# 08:30 in New York on 10 Dec 2026 (EST, UTC−5) is 20:30 in Vietnam the same day.
CPI_TIME = datetime(2026, 12, 10, 13, 30, tzinfo=UTC)


@pytest.fixture
def moved(monkeypatch):
    """The tags moved since the fixture began (a set filled by every invalidation)."""
    found: set[str] = set()
    original = store.invalidate

    def record(tags_=(store.SITE,)):
        found.update(tags_)
        original(tags_)

    monkeypatch.setattr(store, "invalidate", record)
    return found


@pytest.fixture
def cpi(structure):
    """A US CPI indicator moving gold, with one December release; another indicator and
    instrument that nothing below touches."""
    indicator = make_indicator(pages=False)
    gold = make_instrument(pages=False)
    gold.moved_by.add(indicator)
    release = make_release(
        indicator, period=date(2026, 11, 1), scheduled_at=CPI_TIME, forecast="2.9"
    )
    return indicator, gold, release


def test_tags_keep_their_spellings():
    assert cache.CALENDAR == "markets:calendar"
    assert cache.ASSETS == "markets:assets"
    assert cache.day(date(2026, 12, 7)) == "markets:day:2026-12-07"
    assert cache.week(2026, 5) == "markets:week:2026-W05"
    assert cache.indicator(7) == "markets:indicator:7"
    assert cache.instrument(7) == "markets:instrument:7"
    assert cache.release_chip(7) == "markets:release:7"


def test_the_parameters_and_the_bookkeeping_rows_are_registered():
    assert set(cache.PARAMS) <= registry.PARAMS
    for model in (ReleaseRevision, ReleaseStaging, ReleaseImport, ImportSource, FlashDraft):
        assert registry.entry_for_class(model).bookkeeping, model


def test_a_release_update_moves_exactly_its_day_week_indicator_chip_and_assets(cpi, moved):
    indicator, gold, release = cpi
    other = make_indicator(pages=False, code="vn-cpi")
    make_instrument(pages=False, code="btc-usd").moved_by.add(other)
    moved.clear()
    release.actual = Decimal("3.1")
    release.status = "released"
    release.save()
    assert moved == {
        cache.day(date(2026, 12, 10)),
        cache.week(2026, 50),
        cache.indicator(indicator.pk),
        cache.release_chip(release.pk),
        cache.instrument(gold.pk),
        cache.CALENDAR,
        tags.ANY,
    }


def test_the_vietnam_day_is_the_one_moved_not_the_utc_day(cpi, moved):
    indicator, _gold, _release = cpi
    moved.clear()
    # 18:30 UTC on Sunday 13 Dec is 01:30 on Monday 14 Dec in Vietnam: another day and week.
    make_release(
        indicator,
        period=date(2026, 10, 1),
        scheduled_at=datetime(2026, 12, 13, 18, 30, tzinfo=UTC),
    )
    assert cache.day(date(2026, 12, 14)) in moved and cache.week(2026, 51) in moved
    assert cache.day(date(2026, 12, 13)) not in moved and cache.week(2026, 50) not in moved


def test_a_change_of_time_moves_the_old_day_and_week_and_the_new_ones(cpi, moved):
    _indicator, _gold, release = cpi
    moved.clear()
    release.scheduled_at = CPI_TIME + timedelta(days=7)  # postponed a week
    release.save()
    assert {
        cache.day(date(2026, 12, 10)),
        cache.week(2026, 50),
        cache.day(date(2026, 12, 17)),
        cache.week(2026, 51),
    } <= moved


def test_a_deleted_release_moves_its_day_and_chip(cpi, moved):
    _indicator, _gold, release = cpi
    pk = release.pk
    moved.clear()
    release.delete()
    assert {cache.day(date(2026, 12, 10)), cache.release_chip(pk), cache.CALENDAR} <= moved


def test_a_bulk_write_moves_the_days_of_its_releases_and_only_the_linked_chips(
    structure, cpi, moved
):
    indicator, gold, release = cpi
    second = make_release(
        indicator,
        period=date(2026, 12, 1),
        scheduled_at=datetime(2027, 1, 13, 13, 30, tzinfo=UTC),
    )
    article = make_article(structure, title="Lạm phát Mỹ tháng 11")
    ArticleReleaseLink.objects.create(page=article, release=release)
    moved.clear()
    Release.objects.filter(pk__in=[release.pk, second.pk]).update(forecast=Decimal("3.0"))
    content_changed.send(sender=Release, pks=[release.pk, second.pk])
    assert {
        cache.day(date(2026, 12, 10)),
        cache.day(date(2027, 1, 13)),
        cache.week(2027, 2),
        cache.indicator(indicator.pk),
        cache.instrument(gold.pk),
        cache.release_chip(release.pk),  # an article shows its chip
    } <= moved
    assert cache.release_chip(second.pk) not in moved


def test_a_price_moves_its_instrument_and_the_asset_index_only(cpi, moved):
    _indicator, gold, _release = cpi
    other = make_instrument(pages=False, code="eur-usd")
    moved.clear()
    Price.objects.create(
        instrument=gold, at=datetime(2026, 12, 7, 7, 0, tzinfo=UTC), close=Decimal("2650.5")
    )
    assert moved == {cache.instrument(gold.pk), cache.ASSETS, tags.ANY}
    assert cache.instrument(other.pk) not in moved
    moved.clear()
    content_changed.send(sender=Price, pks=list(Price.objects.values_list("pk", flat=True)))
    assert moved == {cache.instrument(gold.pk), cache.ASSETS, tags.ANY}


def test_an_indicator_moves_its_pages_the_calendar_and_the_assets_it_moves(cpi, moved):
    indicator, gold, _release = cpi
    moved.clear()
    indicator.name_en = "US consumer prices (year on year)"
    indicator.save()
    assert moved == {
        cache.indicator(indicator.pk),
        cache.CALENDAR,
        cache.instrument(gold.pk),
        tags.ANY,
    }


def test_an_instrument_moves_its_pages_and_the_index(cpi, moved):
    _indicator, gold, _release = cpi
    moved.clear()
    gold.symbol = "XAU"
    gold.save()
    assert moved == {cache.instrument(gold.pk), cache.ASSETS, tags.ANY}


def test_publishing_an_indicator_page_moves_its_tags_its_indicator_and_the_calendar(
    structure, moved
):
    indicator = make_indicator()
    page = indicator.pages_by_language["vi"]
    moved.clear()
    page.summary = "Chỉ số giá tiêu dùng của Mỹ."
    page.save_revision().publish()
    assert {*tags.of_page(page), cache.indicator(indicator.pk), cache.CALENDAR} <= moved
    assert cache.ASSETS not in moved


def test_publishing_an_asset_page_moves_its_tags_its_instrument_and_the_index(structure, moved):
    gold = make_instrument()
    page = gold.pages_by_language["en"]
    moved.clear()
    page.summary = "Gold against the dollar."
    page.save_revision().publish()
    assert {*tags.of_page(page), cache.instrument(gold.pk), cache.ASSETS} <= moved
    assert cache.CALENDAR not in moved


def test_the_links_of_an_article_move_it_and_their_target_once(structure, cpi, moved):
    indicator, gold, release = cpi
    article = make_article(structure, title="Giá vàng sau số liệu lạm phát")
    moved.clear()
    link = ArticleReleaseLink.objects.create(page=article, release=release)
    assert {
        tags.page(article.pk),
        cache.release_chip(release.pk),
        cache.day(date(2026, 12, 10)),  # the row's "Read the analysis"
        cache.indicator(indicator.pk),
    } <= moved
    moved.clear()
    link.save()  # every publication of the article saves its links again
    assert moved == set()
    moved.clear()
    asset = ArticleAssetLink.objects.create(page=article, instrument=gold)
    assert moved == {tags.page(article.pk), cache.instrument(gold.pk), tags.ANY}
    moved.clear()
    ArticleIndicatorLink.objects.create(page=article, indicator=indicator)
    assert moved == {tags.page(article.pk), cache.indicator(indicator.pk), tags.ANY}
    moved.clear()
    asset.delete()
    assert cache.instrument(gold.pk) in moved


def test_a_retargeted_link_moves_the_old_target_and_the_new(structure, cpi, moved):
    _indicator, gold, _release = cpi
    other = make_instrument(pages=False, code="usd-vnd")
    article = make_article(structure)
    link = ArticleAssetLink.objects.create(page=article, instrument=gold)
    moved.clear()
    link.instrument = other
    link.save()
    assert {cache.instrument(gold.pk), cache.instrument(other.pk)} <= moved


def test_unpublishing_a_tagged_article_moves_the_asset_and_the_calendar_rows(structure, cpi, moved):
    _indicator, gold, release = cpi
    article = make_article(structure)
    ArticleAssetLink.objects.create(page=article, instrument=gold)
    ArticleReleaseLink.objects.create(page=article, release=release)
    moved.clear()
    article.unpublish()
    assert {cache.instrument(gold.pk), cache.day(date(2026, 12, 10))} <= moved


def test_the_midnight_job_moves_the_calendar_once_per_vietnam_day(moved):
    from infofinance.wiring.periodic import registered_jobs

    assert registered_jobs()["markets.cache-midnight"] is cache.move_at_vietnam_midnight
    shared.delete(cache.MIDNIGHT_KEY)
    evening = datetime(2026, 12, 13, 16, 59, tzinfo=UTC)  # 23:59 on Sunday in Vietnam
    assert cache.move_at_vietnam_midnight(evening)
    moved.clear()
    assert not cache.move_at_vietnam_midnight(evening + timedelta(seconds=30))
    assert moved == set()
    # Two minutes later it is Monday 14 Dec in Vietnam (still Sunday in UTC): a new day, a
    # new week.
    assert cache.move_at_vietnam_midnight(evening + timedelta(minutes=2))
    assert {
        cache.CALENDAR,
        cache.day(date(2026, 12, 14)),
        cache.day(date(2026, 12, 13)),
        cache.week(2026, 51),
        cache.week(2026, 50),
    } <= moved
    assert not cache.move_at_vietnam_midnight(evening + timedelta(minutes=3))


def test_versions_move_for_the_changed_release_only(cpi):
    _indicator, _gold, release = cpi
    other = make_release(
        make_indicator(pages=False, code="jp-cpi", country="JP"),
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 20, 23, 30, tzinfo=UTC),
    )
    shared.clear()
    release.forecast = Decimal("3.0")
    release.save()
    current = store.versions(
        [
            cache.release_chip(release.pk),
            cache.release_chip(other.pk),
            cache.day(date(2026, 12, 21)),
        ]
    )
    assert current[cache.release_chip(release.pk)]
    assert not current[cache.release_chip(other.pk)]
    assert not current[cache.day(date(2026, 12, 21))]


def test_an_import_s_events_move_what_its_bulk_statements_changed(structure, cpi, moved):
    from infofinance.wiring import events

    indicator, gold, release = cpi
    assert "infofinance.markets.cache:on_release_changed" in events.subscribers(
        "markets.release_changed"
    )
    assert "infofinance.markets.cache:on_releases_imported" in events.subscribers(
        "markets.releases_imported"
    )
    # A few rows: one event per release, with the time it had before.
    Release.objects.filter(pk=release.pk).update(scheduled_at=CPI_TIME + timedelta(days=1))
    moved.clear()
    cache.on_release_changed(
        release_id=release.pk, indicator_id=indicator.pk, old_scheduled_at=CPI_TIME.isoformat()
    )
    assert {
        cache.day(date(2026, 12, 10)),
        cache.day(date(2026, 12, 11)),
        cache.release_chip(release.pk),
        cache.instrument(gold.pk),
    } <= moved
    # Many rows: one event for the import, its days from first to last.
    moved.clear()
    cache.on_releases_imported(
        release_import_id=1,
        indicator_ids=[indicator.pk],
        first_day="2026-12-30",
        last_day="2027-01-03",  # a Sunday (UTC): in Vietnam it may already be Monday
    )
    days = {cache.day(date(2026, 12, 30) + timedelta(days=n)) for n in range(6)}
    assert days | {cache.week(2026, 53), cache.week(2027, 1)} <= moved
    assert {cache.indicator(indicator.pk), cache.instrument(gold.pk), cache.CALENDAR} <= moved
    assert cache.day(date(2026, 12, 29)) not in moved


def test_the_indexes_are_top_level_pages_moving_the_menus_and_their_lists(structure, moved):
    from tests.markets_support import index_pages

    calendar = index_pages()[("calendar", "en")]
    moved.clear()
    calendar.intro = "Releases to come."
    calendar.save_revision().publish()
    assert {*tags.of_page(calendar), cache.CALENDAR, tags.SITE} <= moved
    assets = index_pages()[("assets", "vi")]
    moved.clear()
    assets.intro = "Giá vàng, tỷ giá."
    assets.save_revision().publish()
    assert {*tags.of_page(assets), cache.ASSETS, tags.SITE} <= moved
