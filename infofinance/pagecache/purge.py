"""The front cache's half of exact invalidation: nginx keeps public pages on disk
(docs/operations.md) and the application deletes exactly the files of the pages a change makes
stale, the way nginx's own purge would.

nginx sends each cache miss with the key it files the page under (`X-PageCache-Key`); the page
cache records that key under every tag the page depends on (a Redis set per tag, so every app
process and the worker share them) and answers with `X-Accel-Expires` so nginx keeps the page.
Moving a tag on deletes the files of the keys recorded under it. Without Redis, or without
`PAGE_CACHE_NGINX_DIR`, nothing is registered and nginx keeps nothing (`X-Accel-Expires: 0`)."""

import hashlib
import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from . import reads, store

log = logging.getLogger(__name__)
SET_PREFIX = "pagecache:keys:"


def _redis():
    """The Redis client behind the default cache, or None (another backend)."""
    backend = caches["default"]
    if not getattr(settings, "PAGE_CACHE_NGINX_DIR", "") or not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def file_for(key: str) -> Path:
    """The file nginx keeps the page filed under `key` in (`levels=1:2`)."""
    digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
    return Path(settings.PAGE_CACHE_NGINX_DIR) / digest[-1] / digest[-3:-1] / digest


def proxy_headers(environ, tags, status: int, conditions=None) -> list[tuple[str, str]]:
    """The headers that let the front cache keep a response for as long as none of `tags`
    moves on (registering its key under them), or that forbid it to when it could not purge.
    Only pages: redirects and errors answer any made-up address, and registering each would
    let a flood of them grow the sets without bound (the application's own cache, bounded by
    its size, keeps them). Nor a page nginx's key does not fully determine (reads.py): a page
    built from more of the query string than that key holds."""
    key = environ.get("HTTP_X_PAGECACHE_KEY")
    if not key:
        return []
    keep = status == 200 and reads.nginx_may_keep(environ, conditions)
    client = _redis() if keep else None
    if client is None:
        return [("X-Accel-Expires", "0")]
    pipe = client.pipeline(transaction=False)
    lifetime = settings.PAGE_CACHE_SECONDS + 60  # nginx drops the page by then
    for tag in set(tags) - {store.SITE}:  # `site` purges the whole folder
        pipe.sadd(SET_PREFIX + tag, key)
        pipe.expire(SET_PREFIX + tag, lifetime)
    pipe.execute()
    return [("X-Accel-Expires", str(settings.PAGE_CACHE_SECONDS))]


def purge_tags(tags) -> None:
    client = _redis()
    if client is None:
        return
    tags = set(tags)
    if store.SITE in tags:
        root = Path(settings.PAGE_CACHE_NGINX_DIR)
        for child in root.iterdir() if root.is_dir() else ():
            shutil.rmtree(child, ignore_errors=True)
        return
    pipe = client.pipeline(transaction=True)
    for tag in tags:
        pipe.smembers(SET_PREFIX + tag)
        pipe.delete(SET_PREFIX + tag)
    results = pipe.execute()
    for members in results[::2]:
        for key in members:
            try:
                file_for(key.decode()).unlink(missing_ok=True)
            except OSError:  # pragma: no cover - a file nginx is replacing right now
                log.warning("page cache: could not delete nginx's copy of %s", key)
