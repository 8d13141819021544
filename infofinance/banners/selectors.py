"""Reads of the banners: the live value the pages render from, the choice of banners for one
page, the schedule's fingerprint and the reports."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Max, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone

from infofinance.fastpath import sitecache

from . import tokens
from .dates import day_bounds, vietnam_today
from .models import Banner, BannerDay, Status
from .placements import PLACEMENTS

# Per language: {"day": iso, "until": iso, "placements": {code: [candidate, ...]}}: the banners
# of each placement that run at some moment of the Vietnam day, with what their markup needs
# (rendition URLs, tokens, targeting). Fetched with the request's other site-wide values, so a
# page pays no query for its banners. Rebuilt when a banner changes (forget_live), when the
# worker sees the schedule move, and when read after `until` (the next start or end, or the
# end of the day).
LIVE_KEY = "banners:live:v2:{language}"
sitecache.register(LIVE_KEY)
LIVE_TIMEOUT = 24 * 3600
VISIBLE = (Status.SCHEDULED, Status.LIVE)


def forget_live() -> None:
    sitecache.forget(LIVE_KEY)


def running(language: str | None = None, *, at: datetime | None = None):
    """Banners running at `at` (now): within their schedule and not stopped."""
    at = at or timezone.now()
    banners = Banner.objects.filter(status__in=VISIBLE, starts_at__lte=at, ends_at__gt=at)
    return banners.filter(language=language) if language else banners


def scheduled_on(day: date, language: str | None = None):
    """Banners whose schedule meets the Vietnam day `day` (stopped ones excepted)."""
    start, end = day_bounds(day)
    banners = Banner.objects.filter(status__in=VISIBLE, starts_at__lt=end, ends_at__gt=start)
    return banners.filter(language=language) if language else banners


# -- the live value ----------------------------------------------------------------------------


def rendition_specs(size) -> dict[str, str]:
    """The renditions of an image in a box of `size`, each cropped to the box's ratio: WebP at
    1× and 2× (every browser the site supports reads WebP: Safari since 14, 2020)."""
    w, h = size.width, size.height
    return {"1x": f"fill-{w}x{h}|format-webp", "2x": f"fill-{w * 2}x{h * 2}|format-webp"}


def _image(image, size) -> dict | None:
    """One image's sources in a box of `size` (2× only when the upload is big enough)."""
    if image is None or size is None:
        return None
    specs = rendition_specs(size)
    if image.width < size.width * 2 or image.height < size.height * 2:
        del specs["2x"]
    made = image.get_renditions(*specs.values())
    urls = {key: made[spec].url for key, spec in specs.items()}
    srcset = ", ".join(f"{urls[k]} {k}" for k in ("1x", "2x") if k in urls)
    return {"srcset": srcset, "src": urls["1x"], "x2": urls.get("2x", "")}


def _candidate(banner: Banner) -> dict:
    placement = PLACEMENTS[banner.placement]
    desktop = _image(banner.desktop_image, placement.desktop)
    mobile = _image(banner.mobile_image, placement.mobile)
    return {
        "id": banner.pk,
        "weight": banner.weight,
        "starts": banner.starts_at.isoformat(),
        "ends": banner.ends_at.isoformat(),
        "page_types": list(banner.page_types or []),
        "sections": sorted(s.pk for s in banner.sections.all()),
        "tags": sorted(t.pk for t in banner.tags.all()),
        "after": banner.after_paragraph,
        "alt": banner.alt_text,
        "href": reverse("banners:click", args=[tokens.make(banner.pk, tokens.CLICK)]),
        "view": tokens.make(banner.pk, tokens.VIEW),
        "desktop": desktop,
        "mobile": mobile,
    }


def public(candidate: dict) -> dict:
    """What the browser needs of a banner to show and count it (the live JSON)."""
    mobile = candidate["mobile"]
    return {
        "h": candidate["href"],
        "v": candidate["view"],
        "a": candidate["alt"],
        "w": candidate["weight"],
        "d": candidate["desktop"]["srcset"],
        "m": mobile["srcset"] if mobile else "",
    }


def build_live(language: str, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    today = vietnam_today(now)
    _start, end_of_day = day_bounds(today)
    banners = (
        scheduled_on(today, language)
        .select_related("desktop_image", "mobile_image")
        .prefetch_related("sections", "tags")
        .order_by("-weight", "starts_at", "pk")
    )
    placements: dict[str, list[dict]] = {}
    until = end_of_day
    for banner in banners:
        placements.setdefault(banner.placement, []).append(_candidate(banner))
        for moment in (banner.starts_at, banner.ends_at):
            if now < moment < until:
                until = moment
    digest = hashlib.sha256(
        repr(
            sorted(
                (c["id"], c["href"], c["desktop"]["srcset"])
                for cs in placements.values()
                for c in cs
            )
        ).encode()
    ).hexdigest()[:12]
    return {
        "day": today.isoformat(),
        "until": until.isoformat(),
        "version": digest,
        "placements": placements,
    }


def live_json(language: str) -> dict:
    """{"v": version, "b": {id: banner}}: every banner of the language's live value (the
    browser shows those a page's boxes name)."""
    value = live(language)
    banners = {
        str(c["id"]): public(c) for candidates in value["placements"].values() for c in candidates
    }
    return {"v": value["version"], "b": banners}


def live(language: str) -> dict:
    key = LIVE_KEY.format(language=language)
    value = sitecache.read(key)
    now = timezone.now()
    if value is None or datetime.fromisoformat(value["until"]) <= now:
        value = build_live(language, now)
        sitecache.write(key, value, LIVE_TIMEOUT)
    return value


# -- one page's banners ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a page is, for targeting: its type, its section and its tags (ids)."""

    page_type: str
    section: int | None = None
    tags: frozenset[int] = frozenset()


def matches(candidate: dict, target: Target) -> bool:
    if candidate["page_types"] and target.page_type not in candidate["page_types"]:
        return False
    if candidate["sections"] and target.section not in candidate["sections"]:
        return False
    return not candidate["tags"] or bool(target.tags.intersection(candidate["tags"]))


@dataclass(frozen=True)
class Box:
    """A placement's reserved box on one page: `choices` run now (the browser rotates among
    them by weight); none run at this moment (later today, or ended earlier) when empty.
    `version` names the live JSON the browser reads them from."""

    code: str
    choices: tuple[dict, ...]
    after: int | None = None
    version: str = ""

    @property
    def ids(self) -> str:
        return " ".join(str(c["id"]) for c in self.choices)


def box_for(language: str, code: str, target: Target, now: datetime | None = None) -> Box | None:
    """The box of placement `code` on a page like `target`, or None when no banner that would
    appear on it is scheduled there today (the page then has no box at all)."""
    placement = PLACEMENTS[code]
    if target.page_type not in placement.page_types:
        return None
    value = live(language)
    candidates = [c for c in value["placements"].get(code, ()) if matches(c, target)]
    if not candidates:
        return None
    now_iso = (now or timezone.now()).isoformat()
    choices = tuple(c for c in candidates if c["starts"] <= now_iso < c["ends"])
    after = min(c["after"] for c in candidates) if code == "in_article" else None
    return Box(code, choices, after, value["version"])


# -- the schedule's fingerprint ----------------------------------------------------------------


def fingerprints(now: datetime | None = None) -> dict[tuple[str, str], str]:
    """{(placement, language): digest} of what each placement shows now: the day, and each
    banner scheduled that day with its last change and whether it runs at this moment. A
    placement with nothing scheduled has no entry."""
    now = now or timezone.now()
    today = vietnam_today(now)
    rows = (
        scheduled_on(today)
        .order_by("placement", "language", "pk")
        .values_list("placement", "language", "pk", "updated_at", "starts_at", "ends_at")
    )
    parts: dict[tuple[str, str], list[str]] = {}
    for code, language, pk, updated, starts, ends in rows:
        on = starts <= now < ends
        parts.setdefault((code, language), [today.isoformat()]).append(
            f"{pk}:{updated.isoformat()}:{int(on)}"
        )
    return {
        key: hashlib.sha256("|".join(value).encode()).hexdigest() for key, value in parts.items()
    }


# -- reports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayRow:
    day: date
    impressions: int
    clicks: int

    @property
    def rate(self) -> float | None:
        return self.clicks / self.impressions if self.impressions else None


def report_days(banners, start: date, end: date) -> list[DayRow]:
    """Every day from `start` to `end` (inclusive) with the summed counts of `banners`, days
    without counts as zeros (a chart shows the gaps)."""
    rows = (
        BannerDay.objects.filter(banner__in=banners, day__gte=start, day__lte=end)
        .values("day")
        .annotate(impressions=Sum("impressions"), clicks=Sum("clicks"))
    )
    found = {row["day"]: (row["impressions"] or 0, row["clicks"] or 0) for row in rows}
    days, day = [], start
    while day <= end:
        days.append(DayRow(day, *found.get(day, (0, 0))))
        day += timedelta(days=1)
    return days


def totals_by(key: str, banners, start: date, end: date) -> dict[int, DayRow]:
    """{value of `key` (e.g. "banner", "banner__advertiser"): summed counts} of `banners`
    from `start` to `end` (inclusive), one query."""
    rows = (
        BannerDay.objects.filter(banner__in=banners, day__gte=start, day__lte=end)
        .values(key)
        .annotate(impressions=Sum("impressions"), clicks=Sum("clicks"))
        .order_by()
    )
    return {row[key]: DayRow(start, row["impressions"] or 0, row["clicks"] or 0) for row in rows}


def report_range(banners) -> tuple[date, date]:
    """From the first scheduled day to the last (at most today), in Vietnam days."""
    today = vietnam_today()
    bounds = banners.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if bounds["first"] is None:
        return today, today
    first = vietnam_today(bounds["first"])
    last = vietnam_today(bounds["last"] - timedelta(microseconds=1))
    return min(first, today), min(last, today)


def overlapping(banner: Banner):
    """Other banners of the same placement and language whose schedule meets `banner`'s."""
    others = Banner.objects.filter(
        placement=banner.placement,
        language=banner.language,
        status__in=VISIBLE,
        starts_at__lt=banner.ends_at,
        ends_at__gt=banner.starts_at,
    )
    return others.exclude(pk=banner.pk) if banner.pk else others


def of_broker(broker_id: int):
    """The running and scheduled banners of an advertiser that is this broker."""
    return Banner.objects.filter(status__in=VISIBLE, advertiser__broker_id=broker_id)


def linking_to(domains: list[str]):
    """Running and scheduled banners whose link's host is one of `domains` or below one."""
    query = Q()
    for domain in domains:
        query |= Q(link__iregex=rf"^https?://([^/?#@]*\.)?{_escape(domain)}(:[0-9]+)?([/?#]|$)")
    return Banner.objects.filter(query, status__in=VISIBLE) if domains else Banner.objects.none()


def _escape(domain: str) -> str:
    return domain.replace(".", r"\.").replace("-", r"\-")
