"""What may be cached, under which key, and the generation counter that invalidates it.

A cached page is valid while the content generation it was rendered at is current; every
content change moves the generation on (signals.py), so no reader ever sees a stale page."""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "pagecache:generation"
# Query parameters that change what a public page shows; any other (utm_*, fbclid, random
# cache-busters) is left out of the key, so it cannot multiply entries or bypass the cache.
ALLOWED_PARAMS = frozenset(
    {
        "page",
        "p",
        "q",
        "sort",
        "view",
        "country",
        "regulator",
        "status",
        "product",
        "platform",
        "score_min",
        "score_max",
        "warnings",
        "san",
        "brokers",
        "broker",
        "partial",
        "type",
        "section",
        "date_from",
        "date_to",
        "both",
        "format",
    }
)
EXCLUDED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/healthz/", "/_util/")
SESSION_COOKIES = (settings.SESSION_COOKIE_NAME, "sessionid")


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def invalidate() -> None:
    """A content change: every cached page is now stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def cacheable_request(method: str, path: str, cookies: str, authorization: str) -> bool:
    if method not in ("GET", "HEAD") or authorization:
        return False
    if path.startswith(EXCLUDED_PREFIXES):
        return False
    return not any(f"{name}=" in cookies for name in SESSION_COOKIES)


def cache_key(host: str, path: str, query_string: str, accept_encoding: str) -> str:
    params = sorted(
        (k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k in ALLOWED_PARAMS
    )
    encoding = "gzip" if "gzip" in (accept_encoding or "").lower() else "identity"
    raw = f"{host.lower()}|{path}|{urlencode(params)}|{encoding}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def load(key: str):
    entry = cache.get(key)
    if entry is None or entry.get("generation") != generation():
        return None
    return entry


def save(key: str, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
    cache.set(
        key,
        {"generation": generation(), "status": status, "headers": headers, "body": body},
        settings.PAGE_CACHE_SECONDS,
    )
