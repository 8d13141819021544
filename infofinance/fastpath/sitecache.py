"""Small site-wide values kept in the shared cache (the routing snapshot, navigation, footer
links, hub URLs, site settings...), read at most once per request and together.

Each page reads a handful of these, some of them many times (every card asks for its section's
hub URL). With Redis each read is a round trip, so a request keeps what it has read, and its
first read fetches every registered key of the request's language in one `get_many`. Changes
go through `forget`, which clears the request's copy too. Outside a request (the worker,
commands, tests calling a function directly) every read goes to the cache, as before.

Each process also keeps the registered values it last fetched, per language, with the
generation they were fetched at: a number every `write` and `forget` renews in the shared
cache. A request then reads the generation alone, and fetches the values only when it moved,
so most requests make one short read instead of reading and decoding every value. The copy is
kept pickled and each request decodes its own, so no request sees another's objects. Values
change only through `write` and `forget`; should the generation be lost (a flushed or evicted
cache), values are fetched until it is set again.

With the fast path off a request keeps nothing and every read goes to the cache."""

import pickle
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from infofinance.text.language import current_language

from . import enabled

# Keys (str.format templates over `language`) that pages read on most requests.
_registered: list[str] = []
_request: ContextVar[dict[str, Any] | None] = ContextVar("sitecache_request", default=None)
_MISSING = object()
T = TypeVar("T")


def register(*templates: str) -> None:
    """Fetch these keys with the request's first read (templates may use `{language}`)."""
    _registered.extend(t for t in templates if t not in _registered)


GENERATION_KEY = "core:sitecache:generation:v1"
# language → (generation, the registered keys, their values pickled): this process's copy.
_kept: dict[str, tuple[str, frozenset[str], bytes]] = {}


def _renew_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _registered_values(language: str, keys: frozenset[str]) -> dict[str, Any]:
    """The registered keys' values: this process's copy while the generation has not moved,
    else from the shared cache (and kept)."""
    generation = cache.get(GENERATION_KEY)
    kept = _kept.get(language)
    if generation is not None and kept is not None and kept[:2] == (generation, keys):
        values: dict[str, Any] = pickle.loads(kept[2])  # noqa: S301 - pickled by this process
        return values
    if generation is None:
        token = uuid.uuid4().hex
        generation = token if cache.add(GENERATION_KEY, token, None) else None
    found = cache.get_many(sorted(keys))
    if generation is not None:  # read before the values: a later change moves it
        _kept[language] = (generation, keys, pickle.dumps(found))
    return found


def _prefetch(store: dict[str, Any], key: str) -> None:
    language = current_language()
    registered = frozenset(template.format(language=language) for template in _registered)
    flag = "prefetched:" + language
    if key in registered and flag not in store:
        store[flag] = True
        found = _registered_values(language, registered)
        for k in registered:
            if k not in store:
                store[k] = found.get(k, _MISSING)
        return
    keys = [k for k in registered | {key} if k not in store]
    found = cache.get_many(keys)
    for k in keys:
        store[k] = found.get(k, _MISSING)


def read(key: str) -> Any:
    """The cached value, or None."""
    store = _request.get()
    if store is None:
        return cache.get(key)
    if key not in store:
        _prefetch(store, key)
    value = store[key]
    return None if value is _MISSING else value


def write(key: str, value: Any, timeout: int) -> None:
    cache.set(key, value, timeout)
    _renew_generation()
    store = _request.get()
    if store is not None:
        store[key] = value


def _every_language(key: str) -> list[str]:
    if "{language}" not in key:
        return [key]
    return [key.format(language=code) for code, _name in settings.LANGUAGES]


def forget(*keys: str) -> None:
    """Delete these keys; a template over `{language}` stands for its key in every language."""
    expanded = [each for key in keys for each in _every_language(key)]
    cache.delete_many(expanded)
    _renew_generation()
    store = _request.get()
    if store is not None:
        for key in expanded:
            store.pop(key, None)


def cached(key: str, build: Callable[[], Any], timeout: int = 3600) -> Any:
    """The value under `key`, built and stored when missing (None is not a value)."""
    value = read(key)
    if value is None:
        value = build()
        write(key, value, timeout)
    return value


def in_request() -> bool:
    """Whether a request keeps what it reads (during a request, with the fast path on)."""
    return _request.get() is not None


def per_request(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, once per request (every time outside one)."""
    store = _request.get()
    if store is None:
        return compute()
    key = "call:" + name
    if key not in store:
        store[key] = compute()
    value: T = store[key]
    return value


def drop(name: str) -> None:
    store = _request.get()
    if store is not None:
        store.pop("call:" + name, None)


SITE_ROOT_PATHS_KEY = "core:site-root-paths:v1"
register(SITE_ROOT_PATHS_KEY)


def site_root_paths() -> Any:
    """`Site.get_site_root_paths()`, read once per request with the other registered values.

    Wagtail reads its site root paths from the cache for every URL it builds without a request
    (`page.url`), and a page shows dozens. Its key has a version of its own, so a `get_many`
    cannot fetch it with ours: the paths are kept under a key of ours as well, cleared with
    Wagtail's (`install_site_root_paths_clearing`). The project's pages read them here
    (`BasePage.get_url_parts`, through `pageurls`); off, this is Wagtail's function."""
    from wagtail.models import Site

    if not enabled():
        return Site.get_site_root_paths()
    return per_request(
        "site_root_paths", lambda: cached(SITE_ROOT_PATHS_KEY, Site.get_site_root_paths)
    )


def forget_site_root_paths() -> None:
    forget(SITE_ROOT_PATHS_KEY)
    drop("site_root_paths")


def install_site_root_paths_clearing() -> None:
    """Clear our copy of the site root paths whenever Wagtail clears its own: the one global
    patch left, installed only with the fast path on. Wagtail clears its copy from its model
    code (`Page.save` when a page's URL path changes, its signal handlers of `Site`), with no
    signal of its own to listen to (tests/test_fastpath_tripwires.py pins those callers)."""
    from wagtail.models import Site

    if getattr(Site.clear_site_root_paths_cache, "fast", False):
        return
    original_clear = Site.clear_site_root_paths_cache

    def clear_site_root_paths_cache() -> None:
        original_clear()
        forget_site_root_paths()

    # Marks of the patch (checked above, and by the tripwire tests).
    clear_site_root_paths_cache.__dict__.update(fast=True, original=original_clear)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths_cache)


def start_request(**kwargs: Any) -> None:
    # Off, a request keeps nothing: every read goes to the cache, as Django's cache API does.
    _request.set({} if enabled() else None)


def end_request(**kwargs: Any) -> None:
    _request.set(None)


request_started.connect(start_request, dispatch_uid="infofinance-sitecache-start")
request_finished.connect(end_request, dispatch_uid="infofinance-sitecache-finish")
