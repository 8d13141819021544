"""Counting impressions and clicks without trackers (docs/design/banners.md §4).

No cookie, nothing stored about a reader: a request counts once per banner, kind (impression
or click) and Vietnam day for each `visitor` — the SHA-256 of the day's salt, the client's
address (behind the trusted proxies, audit.clientip) and its User-Agent. The salt is random,
made by the first request of the day and shared by every process through the cache; it and
the day's hashes expire at the end of the day, so no hash can be linked to another day's or
recomputed from an address later. Replays of the same request hit the same hash and count
nothing.

The counts live in the shared cache (Redis in production: two round trips per counted event)
and the worker copies each day's totals into `BannerDay` every minute
(services.fold_counts). A total only grows, so the copy is the greater of the row and the
counter: safe to run twice, and a counter lost with the cache (a Redis restart) loses at
most the increments since the last copy."""

import hashlib
import re
import secrets
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone

from infofinance.audit import counters
from infofinance.audit.clientip import client_ip

from .dates import VIETNAM, vietnam_today

IMPRESSION, CLICK = "i", "c"
KINDS = (IMPRESSION, CLICK)
SALT_KEY = "banners:salt:{day}"
SEEN_KEY = "banners:seen:{day}:{kind}:{banner}:{visitor}"
COUNT_KEY = "banners:count:{day}:{kind}:{banner}"
COUNT_LIFETIME = 3 * 24 * 3600  # outlives the day: the worker's last copy of it
# Browsers, crawlers and tools that announce themselves, and previews that are not readers.
BOT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|lighthouse|"
    r"pingdom|uptime|monitor|curl|wget|python-|httpx|aiohttp|go-http-client|java/|okhttp|"
    r"libwww|scrapy|phantomjs|selenium|playwright|puppeteer|wrk|ab/|siege|k6/",
    re.IGNORECASE,
)
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")

_salts: dict[str, str] = {}  # this process's copy of the day's salt


def seconds_left_today(now: datetime | None = None) -> int:
    local = (now or timezone.now()).astimezone(VIETNAM)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), VIETNAM)
    return max(1, int((midnight - local).total_seconds()))


def is_bot(request) -> bool:
    """Known robots and tools by their User-Agent (an empty one included), and prefetches and
    prerenders (`Sec-Purpose: prefetch`, `Purpose: prefetch`, `X-Moz: prefetch`)."""
    agent = request.headers.get("user-agent", "")
    if not agent.strip() or BOT.search(agent):
        return True
    return any("prefetch" in request.META.get(h, "").lower() for h in PREFETCH_HEADERS) or (
        "prerender" in request.headers.get("sec-purpose", "").lower()
    )


def _salt(day: date) -> str:
    key = SALT_KEY.format(day=day.isoformat())
    salt = _salts.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), timeout=seconds_left_today())
        salt = cache.get(key) or ""
        if salt:
            _salts.clear()  # yesterday's copy goes with the day
            _salts[key] = salt
    return salt


def visitor(request, day: date) -> str:
    raw = f"{client_ip(request)}\0{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256((_salt(day) + raw).encode("utf-8", "replace")).hexdigest()[:32]


def count(request, kind: str, banner_ids, day: date | None = None) -> list[int]:
    """Count one `kind` event for each banner of `banner_ids` from this reader, unless this
    reader already counted it today; returns the banners counted now."""
    day = day or vietnam_today()
    who = visitor(request, day)
    left = seconds_left_today()
    counted = []
    for banner in dict.fromkeys(banner_ids):
        seen = SEEN_KEY.format(day=day.isoformat(), kind=kind, banner=banner, visitor=who)
        if cache.add(seen, 1, timeout=left):
            _increment(COUNT_KEY.format(day=day.isoformat(), kind=kind, banner=banner))
            counted.append(banner)
    return counted


def _increment(key: str) -> None:
    """Add one to the counter `key`, created for COUNT_LIFETIME by the day's first count.
    `audit.counters.add` creates first and then increments; a counter exists on all counts
    but the first, so this increments first: one round trip fewer to Redis per count."""
    try:
        cache.incr(key)
    except ValueError:  # the day's first count (or the counter was evicted)
        if not cache.add(key, 1, timeout=COUNT_LIFETIME):
            counters.add(key, timeout=COUNT_LIFETIME)  # another process created it meanwhile


def totals(day: date, banner_ids) -> dict[tuple[int, str], int]:
    """{(banner, kind): count} of what the cache holds for `day`."""
    keys = {
        COUNT_KEY.format(day=day.isoformat(), kind=kind, banner=banner): (banner, kind)
        for banner in banner_ids
        for kind in KINDS
    }
    found = cache.get_many(list(keys))
    return {keys[key]: int(value) for key, value in found.items()}
