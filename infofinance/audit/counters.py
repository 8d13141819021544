"""Counters in the shared cache, for the rate limits of every app (complaints, reviews,
events): every web process sees the same counts, and an increment is atomic in Redis and in
the database cache alike. A leaf module: it knows no app."""

from collections.abc import Iterable
from contextlib import suppress

from django.core.cache import cache


def add(key: str, amount: int = 1, *, timeout: int) -> int:
    """Add `amount` to the counter `key` (created for `timeout` seconds, which should outlive
    the window it counts) and return the new total."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key, amount)
    except ValueError:  # evicted between add and incr
        cache.add(key, amount, timeout=timeout)
        return amount


def give_back(taken: Iterable[tuple[str, int]]) -> None:
    """Undo `add` for each (key, amount): what was counted for an attempt that saved nothing."""
    for key, amount in taken:
        with suppress(ValueError):  # evicted meanwhile: nothing left to give back
            cache.decr(key, amount)
