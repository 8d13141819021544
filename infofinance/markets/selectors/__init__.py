"""Reads of the markets app: the calendar's day and week views and the indicator pages
(`calendar`), the assets (`assets`), releases as shown at a time (`revisions`)."""

from .assets import asset_index_context, asset_page_context
from .calendar import calendar_context, indicator_page_context
from .revisions import release_as_of

__all__ = [
    "asset_index_context",
    "asset_page_context",
    "calendar_context",
    "indicator_page_context",
    "release_as_of",
]
