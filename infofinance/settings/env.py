"""Parsing of the environment variables the settings read (database, cache, lists, booleans)."""

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(url: str) -> dict:
    """A DATABASES entry from a URL. SQLite gets WAL, IMMEDIATE writes and a busy timeout so the
    web processes and the worker can share one file."""
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0 if config["NAME"] == ":memory:" else 600
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                # No memory-mapped reads: they put every page read into each web process's
                # resident memory, for no clear gain (docs/performance.md). Reads go through
                # the OS page cache either way.
                "PRAGMA busy_timeout=20000;"
                # Each thread's connection keeps a smaller page cache than SQLite's default
                # (four threads per web process): the rest is read from the OS page cache.
                "PRAGMA cache_size=-1024;"
            ),
        }
        config["TEST"] = {"NAME": None}
    return config


def cache_config(url: str, default_dir: Path) -> dict:
    """A CACHES entry from a URL: redis://, rediss://, locmem://, dummy://, or diskcache:///path
    (a SQLite-backed cache on disk that every local process shares; the embedded default)."""
    parts = urlsplit(url) if url else None
    scheme = parts.scheme if parts else "diskcache"
    if scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "if",
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "if"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "diskcache":
        location = parts.path if parts and parts.path else str(default_dir)
        options = {k: v[0] for k, v in parse_qs(parts.query).items()} if parts else {}
        return {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": location,
            "TIMEOUT": 300,
            "SHARDS": int(options.get("shards", 4)),
            "DATABASE_TIMEOUT": 0.25,
            "OPTIONS": {"size_limit": int(options.get("size_limit", 2**30))},
        }
    raise ValueError(f"CACHE_URL: unsupported scheme {scheme!r}")
