"""Which cached pages the markets' changes make stale, and the tags the markets' pages declare
(`pagecache.store.depends_on`). Every tag of the app is built here and nowhere else.

- A release moves the Vietnam day and ISO week of its scheduled time (before and after a
  change of time), its indicator's page, the asset pages listing the indicator and the
  articles linked to the release or the indicator.
- A price moves its asset page and the articles tagged with the asset.
- Bulk writes send no post_save: an import's domain events (`markets.release_changed`,
  `markets.releases_imported`, after its commit) move what it changed; any other bulk write
  sends `content_changed(sender=Release, pks=…)` (`releases_changed`).

What each page declares (`store.depends_on`), so that the moves below reach it:

- the calendar without `?ngay=`/`?tuan=` (today, this week): `CALENDAR`, and like every day or
  week view the `day()`/`week()` it shows and the `indicator()` of each row's indicator;
- `?ngay=`: `day(that day)`; `?tuan=`: `week(that week)` (and the rows' `indicator()`);
- an indicator page: `indicator(pk)` (its own page tags come from the page itself);
- the asset index: `ASSETS`; an asset page: `instrument(pk)` and the `indicator()` of each
  indicator that moves it;
- a chip in an article: `release_chip(pk)` for a release, `indicator(pk)`, `instrument(pk)`.

Time moves the calendar too: "today" and "this week" (the views without a day or a week)
change at midnight in Vietnam with no write. A periodic job (`move_at_vietnam_midnight`,
registered below as "markets.cache-midnight") moves `CALENDAR` and the day and week tags of
the day that ended and of the one that began, once per Vietnam day (the worker runs it every
minute). That keeps a single entry per view, valid for as long as nothing changes, rather
than a short lifetime for every calendar page: the price is at most the worker's period (a
minute, as the browser's own `max-age=60`) after midnight.

The registrations (`register()`, called from MarketsConfig.ready()) are below the tags."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache as shared_cache
from django.utils import timezone

from infofinance.pagecache import registry, tags

# The calendar's lists as a whole (the index without a day, feeds of every filter).
CALENDAR = tags.of_app("markets", "calendar")
# The asset index (its cards show each instrument's last price).
ASSETS = tags.of_app("markets", "assets")
# The day and week views' parameters, in each language, and the asset chart's range.
PARAMS = (
    "ngay",
    "tuan",
    "nuoc",
    "muc",
    "nhom",
    "day",
    "week",
    "country",
    "importance",
    "category",
    "khoang",
    "range",
)


def day(value: date) -> str:
    """The releases scheduled on one Vietnam day (the day view, the week holding it)."""
    return tags.of_app("markets", "day", value.isoformat())


def week(year: int, number: int) -> str:
    """The releases of one ISO week in Vietnam time (Monday to Sunday)."""
    return tags.of_app("markets", "week", f"{year}-W{number:02d}")


def indicator(pk) -> str:
    """An indicator: its pages, its releases' history and chart, the chips naming it."""
    return tags.of_app("markets", "indicator", pk)


def instrument(pk) -> str:
    """An instrument: its pages, its prices, the chips naming it."""
    return tags.of_app("markets", "instrument", pk)


def release_chip(pk) -> str:
    """The chip of one release in the articles explaining it."""
    return tags.of_app("markets", "release", pk)


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The Vietnam day the midnight job last moved the calendar for (shared by the workers).
MIDNIGHT_KEY = "markets:cache:midnight:v1"


def vietnam_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM).date()


def day_and_week(moment: datetime | None) -> set[str]:
    """The Vietnam day and ISO week holding `moment` (nothing for None)."""
    if moment is None:
        return set()
    local = vietnam_day(moment)
    year, number, _weekday = local.isocalendar()
    return {day(local), week(year, number)}


def forget_chips() -> None:
    """The chips' site-wide value (markets.slots), when that module keeps one."""
    from . import slots

    forget = getattr(slots, "forget_chips", None)
    if forget is not None:
        forget()


def _instruments_moved_by(indicator_ids) -> set[str]:
    from .models import Instrument

    ids = [pk for pk in set(indicator_ids) if pk]
    if not ids:
        return set()
    through = Instrument.moved_by.through
    return {
        instrument(pk)
        for pk in through.objects.filter(indicator_id__in=ids)
        .values_list("instrument_id", flat=True)
        .distinct()
    }


# -- releases ------------------------------------------------------------------------------------


def _release_tags(rows) -> set[str]:
    """`rows`: (pk, indicator_id, scheduled_at) of releases. Their days and weeks, indicators,
    chips and the asset pages listing their indicators; the calendar's lists."""
    found = {CALENDAR}
    indicator_ids = set()
    for pk, indicator_id, scheduled_at in rows:
        found |= day_and_week(scheduled_at) | {release_chip(pk), indicator(indicator_id)}
        indicator_ids.add(indicator_id)
    return found | _instruments_moved_by(indicator_ids)


def release_before(release, deleted) -> set[str]:
    """Where the release was shown before the change: its old day and week (a change of time
    leaves them), its old indicator (a correction of the indicator)."""
    from .models import Release

    row = Release.objects.filter(pk=release.pk).values_list("indicator_id", "scheduled_at").first()
    if row is None:
        return set()
    return _release_tags([(release.pk, *row)])


def release_changed(release, created, deleted, before=None) -> set[str]:
    forget_chips()
    found = _release_tags([(release.pk, release.indicator_id, release.scheduled_at)])
    return found | (before or set())


def releases_changed(pks) -> set[str]:
    """A bulk write (an import's final statements, the demo): what the rows show now. An import
    that may move releases to another time sends `content_changed` for them twice inside its
    final transaction, before and after the statement (the old days, then the new ones: both
    move again at commit). Chips only for the releases an article links to (a 100,000-row
    import moves a few thousand day tags, not a tag per release)."""
    from .models import ArticleReleaseLink, Release

    pks = list(pks)
    linked = set()
    rows = []
    for start in range(0, len(pks), 2000):
        part = pks[start : start + 2000]
        rows += list(
            Release.objects.filter(pk__in=part).values_list("pk", "indicator_id", "scheduled_at")
        )
        linked |= set(
            ArticleReleaseLink.objects.filter(release_id__in=part).values_list(
                "release_id", flat=True
            )
        )
    forget_chips()
    found = _release_tags(rows)
    return {tag for tag in found if not tag.startswith("markets:release:")} | {
        release_chip(pk) for pk in linked
    }


# -- indicators, instruments, prices -------------------------------------------------------------


def indicator_changed(row, created, deleted) -> set[str]:
    """Its name, unit or country show on its pages, in the calendar's rows and in chips, and
    on the asset pages it moves."""
    forget_chips()
    return {indicator(row.pk), CALENDAR} | _instruments_moved_by([row.pk])


def instrument_changed(row, created, deleted) -> set[str]:
    forget_chips()
    return {instrument(row.pk), ASSETS}


def price_changed(price, created, deleted) -> set[str]:
    forget_chips()
    return {instrument(price.instrument_id), ASSETS}


def prices_changed(pks) -> set[str]:
    from .models import Price

    ids = set()
    pks = list(pks)
    for start in range(0, len(pks), 2000):
        ids |= set(
            Price.objects.filter(pk__in=pks[start : start + 2000])
            .values_list("instrument_id", flat=True)
            .distinct()
        )
    forget_chips()
    return {ASSETS} | {instrument(pk) for pk in ids}


def moved_by_changed(row, created, deleted) -> set[str]:
    """A row of `Instrument.moved_by` (the releases listed on an asset page)."""
    return {instrument(row.instrument_id), indicator(row.indicator_id), ASSETS}


# -- pages ---------------------------------------------------------------------------------------


def _field(page, model, name):
    """`page`'s foreign key `name`, also when it came as a plain Page (scheduled publishing)."""
    value = getattr(page, name, None)
    if value is None and page.pk:
        value = model.objects.filter(pk=page.pk).values_list(name, flat=True).first()
    return value


def _page_tags(page) -> set[str]:
    from .models import AssetIndexPage, AssetPage, CalendarIndexPage, IndicatorPage

    specific = getattr(page, "specific_class", None) or type(page)
    found = tags.of_page(page)
    # The indexes are top-level pages: the menus, footers and breadcrumbs of every page show
    # them (`site`, as for any top-level page), and their lists.
    if issubclass(specific, CalendarIndexPage):
        found |= {CALENDAR, tags.SITE}
    elif issubclass(specific, AssetIndexPage):
        found |= {ASSETS, tags.SITE}
    elif issubclass(specific, IndicatorPage):
        found.add(CALENDAR)
        pk = _field(page, IndicatorPage, "indicator_id")
        if pk:
            found.add(indicator(pk))
    elif issubclass(specific, AssetPage):
        found.add(ASSETS)
        pk = _field(page, AssetPage, "instrument_id")
        if pk:
            found.add(instrument(pk))
    return found


def page_before(page, deleted) -> set[str]:
    """The row a page showed before its save: an editor may point it at another indicator."""
    from .models import AssetPage, IndicatorPage

    specific = getattr(page, "specific_class", None) or type(page)
    for model, name, tag in (
        (IndicatorPage, "indicator_id", indicator),
        (AssetPage, "instrument_id", instrument),
    ):
        if issubclass(specific, model):
            pk = model.objects.filter(pk=page.pk).values_list(name, flat=True).first()
            return {tag(pk)} if pk else set()
    return set()


def page_changed(page, created, deleted, before=None) -> set[str]:
    forget_chips()  # chips link to the pages (slug, title)
    return _page_tags(page) | (before or set())


def page_moved(page, parent, before) -> set[str]:
    return page_changed(page, created=False, deleted=False, before=before)


# -- the newsroom's links -------------------------------------------------------------------------


def _link_target(link):
    for name in ("release_id", "indicator_id", "instrument_id"):
        if hasattr(link, name):
            return name, getattr(link, name)
    return None, None  # pragma: no cover - every link model has one


def _target_tags(name, pk) -> set[str]:
    if not pk:
        return set()
    if name == "release_id":
        from .models import Release

        row = Release.objects.filter(pk=pk).values_list("indicator_id", "scheduled_at").first()
        # A row's "Read the analysis", its indicator page's list, the chip.
        return _release_tags([(pk, *row)]) if row else {release_chip(pk)}
    if name == "indicator_id":
        return {indicator(pk)}
    return {instrument(pk)}


def link_before(link, deleted):
    """The target the link pointed at before this save (an editor may change it)."""
    name, _pk = _link_target(link)
    return type(link).objects.filter(pk=link.pk).values_list(name, flat=True).first()


def link_changed(link, created, deleted, before=None) -> set[str]:
    """A link saved again unchanged, as every publication of the article does, changes
    nothing; a new, removed or retargeted link moves the article and what shows it."""
    name, pk = _link_target(link)
    if not (created or deleted) and before == pk:
        return set()
    forget_chips()
    found = {tags.page(link.page_id)} | _target_tags(name, pk)
    if before and before != pk:
        found |= _target_tags(name, before)
    return found


def article_lists(article_pk) -> set[str]:
    """The markets' lists an article is in (news.cache.lists_articles): the asset pages it is
    tagged on, the indicator pages and calendar rows it explains. They move when it is
    published, unpublished, moved or deleted."""
    from .models import ArticleAssetLink, ArticleIndicatorLink, ArticleReleaseLink, Release

    found = {
        instrument(pk)
        for pk in ArticleAssetLink.objects.filter(page_id=article_pk).values_list(
            "instrument_id", flat=True
        )
    }
    found |= {
        indicator(pk)
        for pk in ArticleIndicatorLink.objects.filter(page_id=article_pk).values_list(
            "indicator_id", flat=True
        )
    }
    release_ids = list(
        ArticleReleaseLink.objects.filter(page_id=article_pk).values_list("release_id", flat=True)
    )
    if release_ids:
        found |= _release_tags(
            Release.objects.filter(pk__in=release_ids).values_list(
                "pk", "indicator_id", "scheduled_at"
            )
        )
    if found:
        forget_chips()
    return found


# -- the imports' domain events ------------------------------------------------------------------
# An import writes in bulk (no post_save): its domain events, published after its commit, move
# what it changed. A change through `services.save_release` already moved at its save; its
# event moves the same tags once more, which costs a cache write and nothing else.


def on_release_changed(release_id, indicator_id=None, old_scheduled_at=None, **payload) -> None:
    from infofinance.pagecache.signals import changed

    from .models import Release

    row = Release.objects.filter(pk=release_id).values_list("indicator_id", "scheduled_at").first()
    if row is not None:
        found = _release_tags([(release_id, *row)])
    else:
        found = {CALENDAR, release_chip(release_id)} | _instruments_moved_by([indicator_id])
        found |= {indicator(indicator_id)} if indicator_id else set()
    if old_scheduled_at:
        found |= day_and_week(datetime.fromisoformat(old_scheduled_at))
    forget_chips()
    changed(found)


def on_releases_imported(
    release_import_id=None, indicator_ids=(), first_day=None, last_day=None, **payload
) -> None:
    """A large import: every Vietnam day and week from its first to its last release (UTC days,
    so one more day at the end), its indicators and their assets, the chips of its releases
    that articles link to."""
    from infofinance.pagecache.signals import changed

    from .models import ArticleReleaseLink

    found = {CALENDAR} | {indicator(pk) for pk in indicator_ids}
    found |= _instruments_moved_by(indicator_ids)
    if first_day and last_day:
        current, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
        while current <= last + timedelta(days=1):
            year, number, _weekday = current.isocalendar()
            found |= {day(current), week(year, number)}
            current += timedelta(days=1)
    found |= {
        release_chip(pk)
        for pk in ArticleReleaseLink.objects.filter(
            release__indicator_id__in=list(indicator_ids)
        ).values_list("release_id", flat=True)
    }
    forget_chips()
    changed(found)


# -- time ----------------------------------------------------------------------------------------


def move_at_vietnam_midnight(now: datetime | None = None) -> bool:
    """Once per Vietnam day: the calendar's "today" and "this week" changed with the date.
    Returns whether it moved. Safe to run twice and from two workers (a second move is
    harmless; the key then says the day is done)."""
    from infofinance.pagecache.signals import changed

    now = now or timezone.now()
    today = vietnam_day(now)
    if shared_cache.get(MIDNIGHT_KEY) == today.isoformat():
        return False
    yesterday = now - timedelta(days=1)
    changed({CALENDAR} | day_and_week(now) | day_and_week(yesterday))
    shared_cache.set(MIDNIGHT_KEY, today.isoformat(), 3 * 24 * 3600)
    return True


def register() -> None:
    from infofinance.news import cache as news_cache
    from infofinance.wiring import events
    from infofinance.wiring.periodic import periodic_job

    from .imports import RELEASES_IMPORTED
    from .models import (
        ArticleAssetLink,
        ArticleIndicatorLink,
        ArticleReleaseLink,
        AssetIndexPage,
        AssetPage,
        CalendarIndexPage,
        FlashDraft,
        ImportSource,
        Indicator,
        IndicatorPage,
        Instrument,
        Price,
        Release,
        ReleaseImport,
        ReleaseRevision,
        ReleaseStaging,
    )
    from .services.releases import RELEASE_CHANGED

    registry.register(Release, release_changed, before=release_before, bulk=releases_changed)
    registry.register(Indicator, indicator_changed)
    registry.register(Instrument, instrument_changed)
    registry.register(Instrument.moved_by.through, moved_by_changed)
    registry.register(Price, price_changed, bulk=prices_changed)
    for model in (CalendarIndexPage, IndicatorPage, AssetIndexPage, AssetPage):
        registry.register(model, page_changed, before=page_before, moved=page_moved)
    for model in (ArticleReleaseLink, ArticleIndicatorLink, ArticleAssetLink):
        registry.register(model, link_changed, before=link_before)
    # No public page shows them: revisions are the admin's, drafts are pages of their own.
    registry.register_bookkeeping(
        ReleaseRevision, ReleaseStaging, ReleaseImport, ImportSource, FlashDraft
    )
    registry.register_params(*PARAMS)
    news_cache.lists_articles(article_lists)
    periodic_job("markets.cache-midnight")(move_at_vietnam_midnight)
    events.subscribe(RELEASE_CHANGED, on_release_changed)
    events.subscribe(RELEASES_IMPORTED, on_releases_imported)
