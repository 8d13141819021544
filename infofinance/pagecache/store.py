"""What may be cached, under which key, and what each cached page depends on.

A page declares, while it renders, the things it shows (`depends_on`): its own translation
group, the articles on its cards, the listings it reads ranges of, the broker it describes.
Each such tag has a version in the shared cache; an entry records the versions it was rendered
at and is valid while they are all current. A change moves on the versions of exactly the tags
it affects (signals.py): one publication costs a few cache writes whatever the number of
cached pages, and no reader ever sees a stale page. Two tags stand for everything: `site`
(navigation, settings, templates: every page depends on it) and `any` (moved by every content
change; pages that declare nothing, error pages and redirects depend on it)."""

import contextvars
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver

from . import registry, tags

VERSION_PREFIX = "pagecache:v:"
SITE = tags.SITE
ANY = tags.ANY
# Files with cache lifetimes of their own (the favicon's is longer than a page's).
EXCLUDED_PREFIXES = (
    *("/admin/", "/static/", "/media/", "/documents/", "/healthz/", "/_util/"),
    "/favicon.ico",
)
SESSION_COOKIES = (settings.SESSION_COOKIE_NAME, "sessionid")

# The tags the page being rendered in this thread has declared (None outside a request).
_declared: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "pagecache_declared", default=None
)


def __getattr__(name):
    if name == "ALLOWED_PARAMS":  # registered by the apps once they are ready
        return registry.PARAMS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


# -- what a page depends on ----------------------------------------------------------------------


def depends_on(*tags: str) -> None:
    """Declare that the page being rendered shows what these tags stand for."""
    declared = _declared.get()
    if declared is not None:
        declared.update(tags)


def shows_page(pk) -> None:
    """`depends_on(tags.page(pk))` in one call (core reports every card and byline so)."""
    declared = _declared.get()
    if declared is not None:
        declared.add(tags.page(pk))


def shows_translations(translation_key) -> None:
    declared = _declared.get()
    if declared is not None:
        declared.add(tags.translations(translation_key))


def begin_render() -> contextvars.Token:
    return _declared.set(set())


def end_render(token: contextvars.Token) -> set[str]:
    declared = _declared.get() or set()
    _declared.reset(token)
    return declared


# -- versions ------------------------------------------------------------------------------------


def versions(tags: Iterable[str]) -> dict[str, int]:
    """The current version of each tag (0 for one never moved or evicted)."""
    tags = list(tags)
    found = cache.get_many([VERSION_PREFIX + tag for tag in tags])
    return {tag: found.get(VERSION_PREFIX + tag, 0) for tag in tags}


def invalidate(tags: Iterable[str] = (SITE,)) -> None:
    """Make stale every cached page that depends on one of `tags` (by default: every page).
    A version is the time of the change in nanoseconds, so a render that began before it can
    tell that what it read may be old (see `save`)."""
    tags = {*tags, ANY}  # `any` is also every process's signal to check its local copies
    now = time.time_ns()
    # A version outlives every entry that recorded the one before it; one that expires or is
    # evicted reads as 0, which only turns entries into misses.
    lifetime = 2 * max(settings.PAGE_CACHE_SECONDS, 60)
    cache.set_many({VERSION_PREFIX + tag: now for tag in tags}, lifetime)
    from . import purge

    purge.purge_tags(tags)


# -- keys and entries ----------------------------------------------------------------------------


def cacheable_request(method: str, path: str, cookies: str, authorization: str) -> bool:
    if method not in ("GET", "HEAD") or authorization:
        return False
    if path.startswith(EXCLUDED_PREFIXES):
        return False
    return not any(f"{name}=" in cookies for name in SESSION_COOKIES)


def cache_key(host: str, path: str, query_string: str, accept_encoding: str) -> str:
    # Only the query parameters that change what a public page shows (the apps register
    # them); any other (utm_*, fbclid, random cache-busters) is left out of the key, so it
    # cannot multiply entries or bypass the cache.
    allowed = registry.PARAMS
    params = sorted(
        (k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k in allowed
    )
    encoding = "gzip" if "gzip" in (accept_encoding or "").lower() else "identity"
    raw = f"{host.lower()}|{path}|{urlencode(params)}|{encoding}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


class LocalCopies:
    """Entries this process served recently, in its own memory, with the version of `any` at
    which they were last found valid. Every change moves `any`, so while it has not moved a copy
    is still valid and a hit costs one small read of the shared cache instead of two larger
    ones. Bounded in bytes (least recently used out first) and by each entry's lifetime."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, tuple[dict, int, float]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, clock: int):
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            entry, seen_at, expires = item
            if seen_at != clock or expires < time.monotonic():
                return None
            self.items.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict, clock: int) -> None:
        size = len(entry["body"])
        if size > self.max_bytes // 8:
            return
        expires = time.monotonic() + settings.PAGE_CACHE_SECONDS
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.size -= len(old[0]["body"])
            self.items[key] = (entry, clock, expires)
            self.size += size
            while self.size > self.max_bytes:
                _key, (dropped, _clock, _expires) = self.items.popitem(last=False)
                self.size -= len(dropped["body"])

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


def _clock_reader():
    """A function reading the version of `any`: on Redis, one GET through a client kept for
    the process (Django's backend builds a client object per call, which costs more than the
    read itself on this path); elsewhere the cache's own get."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=False)
        key = backend.make_and_validate_key(VERSION_PREFIX + ANY)

        def read():
            value = client.get(key)
            return int(value) if value is not None else None

        return read
    return lambda: cache.get(VERSION_PREFIX + ANY)


def read_clock():
    global _read_clock
    if _read_clock is None:
        _read_clock = _clock_reader()
    return _read_clock()


_read_clock = None


@receiver(setting_changed)
def _forget_clock_reader(setting, **kwargs):
    global _read_clock
    if setting in ("CACHES", "PAGE_CACHE_SECONDS"):
        _read_clock = None
        local.clear()


local = LocalCopies(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 16 * 2**20))


def load(key: str):
    # `any` first: a change after this read is seen by the next request.
    clock = read_clock()
    if clock is None:  # never moved, or expired after a long quiet time: start a new one
        cache.add(VERSION_PREFIX + ANY, time.time_ns(), 2 * max(settings.PAGE_CACHE_SECONDS, 60))
        clock = cache.get(VERSION_PREFIX + ANY, 0)
    entry = local.get(key, clock) if clock else None
    if entry is not None:
        return entry
    entry = cache.get(key)
    if entry is None:
        return None
    recorded = entry.get("versions")
    if not recorded or versions(recorded) != recorded:
        return None
    if clock:
        local.put(key, entry, clock)
    return entry


def save(
    key: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    *,
    tags: Iterable[str],
    started: int,
    conditions: dict | None = None,
) -> bool:
    """Store a response rendered from `started` (time.time_ns()) on, unless one of the things
    it shows changed meanwhile (it may then show the old state). Returns whether it stored.
    `conditions` (reads.py) say which requests of its key it answers, when not all of them."""
    current = versions({SITE, *tags})
    if any(version >= started for version in current.values()):
        return False
    cache.set(
        key,
        {
            "versions": current,
            "status": status,
            "headers": headers,
            "body": body,
            **({"conditions": conditions} if conditions else {}),
        },
        settings.PAGE_CACHE_SECONDS,
    )
    return True
