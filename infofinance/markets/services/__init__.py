"""Writes of the markets app. Releases and their revisions: `releases` (every change keeps a
revision and publishes a domain event after its commit); prices: `prices`; the flash drafts
created when an actual arrives: `flash`."""

from .flash import create_flash_drafts
from .prices import record_price
from .releases import record_actual, refresh_typical_surprises, save_release

__all__ = [
    "create_flash_drafts",
    "record_actual",
    "record_price",
    "refresh_typical_surprises",
    "save_release",
]
