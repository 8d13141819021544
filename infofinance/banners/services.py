"""Writes of the banners: saving one (checked whole, nothing half-saved), the schedule the
worker applies each minute, stopping the banners of a broker that got a warning, and copying
the day's counts from the cache to the database. Each publishes its domain event after its
transaction commits; each is safe to run twice."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from infofinance.pagecache import store
from infofinance.wiring import events

from . import cache, counting, selectors, validation
from .dates import day_bounds, vietnam_today
from .models import Banner, BannerDay, PlacementState, Status
from .placements import PLACEMENTS

logger = logging.getLogger(__name__)

STARTED, ENDED, STOPPED = "banners.started", "banners.ended", "banners.stopped"


def status_at(banner: Banner, now: datetime) -> str:
    if banner.status == Status.STOPPED:
        return Status.STOPPED
    if now >= banner.ends_at:
        return Status.ENDED
    return Status.LIVE if now >= banner.starts_at else Status.SCHEDULED


def make_renditions(banner: Banner) -> None:
    """The renditions the pages use, made now rather than by a reader's request."""
    placement = PLACEMENTS[banner.placement]
    for image, size in (
        (banner.desktop_image, placement.desktop),
        (banner.mobile_image, placement.mobile),
    ):
        if image is not None and size is not None:
            selectors._image(image, size)


def save_banner(banner: Banner, *, sections: Any = None, tags: Any = None) -> Banner:
    """Check and store `banner` with its targeting (`sections`, `tags`: the chosen rows, None
    to keep them). ValidationError by field, and nothing stored, when it is refused. A banner
    stopped for a warning stays stopped: saving it again does not restart it."""
    chosen_sections = (
        list(sections)
        if sections is not None
        else (list(banner.sections.all()) if banner.pk else [])
    )
    chosen_tags = list(tags) if tags is not None else (list(banner.tags.all()) if banner.pk else [])
    with transaction.atomic():
        others = list(selectors.overlapping(banner).select_for_update())
        validation.check(banner, others=others, sections=chosen_sections, tags=chosen_tags)
        banner.status = status_at(banner, timezone.now())
        if banner.status != Status.STOPPED:
            banner.stopped_reason = ""
        banner.save()
        if sections is not None:
            banner.sections.set(chosen_sections)
        if tags is not None:
            banner.tags.set(chosen_tags)
        transaction.on_commit(selectors.forget_live)
    make_renditions(banner)
    return banner


# -- the schedule ------------------------------------------------------------------------------


def apply_schedule(now: datetime | None = None) -> dict[str, list[Any]]:
    """Start and end the banners whose time has come, and purge the pages of every placement
    whose banners for the day moved since the last run (exactly those). Returns what it did:
    {"started": [...], "ended": [...], "purged": [(placement, language), ...]}."""
    now = now or timezone.now()
    with transaction.atomic():
        started = list(
            Banner.objects.select_for_update()
            .filter(status=Status.SCHEDULED, starts_at__lte=now, ends_at__gt=now)
            .values_list("pk", flat=True)
        )
        ended = list(
            Banner.objects.select_for_update()
            .filter(status__in=(Status.SCHEDULED, Status.LIVE), ends_at__lte=now)
            .values_list("pk", flat=True)
        )
        if started:
            Banner.objects.filter(pk__in=started).update(status=Status.LIVE)
        if ended:
            Banner.objects.filter(pk__in=ended).update(status=Status.ENDED)
        purged = _purge_moved(now)
        for pk in started:
            events.publish(STARTED, banner_id=pk)
        for pk in ended:
            events.publish(ENDED, banner_id=pk)
    return {"started": started, "ended": ended, "purged": purged}


def _purge_moved(now: datetime) -> list[tuple[str, str]]:
    current = selectors.fingerprints(now)
    states = {
        (s.placement, s.language): s for s in PlacementState.objects.select_for_update().all()
    }
    moved = []
    for key in sorted(set(current) | set(states)):
        fingerprint = current.get(key, "")
        state = states.get(key)
        if state is not None and state.fingerprint == fingerprint:
            continue
        if state is None and not fingerprint:
            continue
        PlacementState.objects.update_or_create(
            placement=key[0],
            language=key[1],
            defaults={"fingerprint": fingerprint, "changed_at": now},
        )
        moved.append(key)
    if moved:
        _purge({cache.placement(code, language) for code, language in moved})
    return moved


# -- investor protection -----------------------------------------------------------------------


def _purge(tags: set[str]) -> None:
    """Drop the live value and move `tags` now, and again at commit: a page rendered in between
    read the old rows."""

    def purge() -> None:
        selectors.forget_live()
        store.invalidate(tags)

    purge()
    transaction.on_commit(purge)


def stop_banners(banner_ids: Iterable[int], reason: str) -> list[int]:
    """Stop these banners now (their pages purged at once); returns those stopped by this
    call (a banner already stopped or ended is left as it is)."""
    with transaction.atomic():
        rows = list(
            Banner.objects.select_for_update()
            .filter(pk__in=list(banner_ids), status__in=selectors.VISIBLE)
            .values_list("pk", "placement", "language")
        )
        if not rows:
            return []
        stopped = [pk for pk, _p, _l in rows]
        Banner.objects.filter(pk__in=stopped).update(
            status=Status.STOPPED, stopped_reason=reason[:300], updated_at=timezone.now()
        )
        _purge({cache.placement(code, language) for _pk, code, language in rows})
        events.publish(STOPPED, banner_ids=stopped, reason=reason[:300])
    return stopped


def stop_for_warning(broker_id: int) -> list[int]:
    """The banners of a broker that now has an active warning: those it advertises and those
    linking to one of its domains, by anyone."""
    from infofinance.brokers.models import Broker

    broker = Broker.objects.filter(pk=broker_id).prefetch_related("licences").first()
    if broker is None or not broker.has_warnings:
        return []
    ids = set(selectors.of_broker(broker.pk).values_list("pk", flat=True))
    ids |= set(selectors.linking_to(validation.domains_of(broker)).values_list("pk", flat=True))
    reason = f"{broker.name}: {validation.warning_words(broker)}"
    return stop_banners(ids, reason)


# -- counts ------------------------------------------------------------------------------------


def fold_counts(now: datetime | None = None) -> int:
    """Copy today's and yesterday's totals from the cache into BannerDay (each row the greater
    of itself and the counter: a total only grows). Returns the rows written."""
    now = now or timezone.now()
    today = vietnam_today(now)
    written = 0
    for day in (today - timedelta(days=1), today):
        start, end = day_bounds(day)
        ids = list(
            Banner.objects.filter(starts_at__lt=end, ends_at__gt=start).values_list("pk", flat=True)
        )
        if not ids:
            continue
        found = counting.totals(day, ids)
        if not found:
            continue
        with transaction.atomic():
            rows = {
                row.banner_id: row
                for row in BannerDay.objects.select_for_update().filter(day=day, banner_id__in=ids)
            }
            for pk in ids:
                impressions = found.get((pk, counting.IMPRESSION), 0)
                clicks = found.get((pk, counting.CLICK), 0)
                if not impressions and not clicks:
                    continue
                row = rows.get(pk)
                if row is None:
                    BannerDay.objects.create(
                        banner_id=pk, day=day, impressions=impressions, clicks=clicks
                    )
                    written += 1
                elif impressions > row.impressions or clicks > row.clicks:
                    row.impressions = max(row.impressions, impressions)
                    row.clicks = max(row.clicks, clicks)
                    row.save(update_fields=["impressions", "clicks"])
                    written += 1
    return written
