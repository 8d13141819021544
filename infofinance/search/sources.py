"""Helpers for the sources apps register (see index.register): each app indexes its own things
from its `search.py` (news: articles; brokers: brokers and regulators; complaints: published
complaints), registered from its `AppConfig.ready()`."""

import html
import re

LANGUAGES = ("vi", "en")  # the languages an object indexed in every language is written in
_TAG = re.compile(r"<[^>]+>")
_SKIP_KEYS = {"type", "id", "alignment", "format", "first_row_is_table_header"}


def plain_text(value) -> str:
    """Every string inside a StreamField's raw data, without markup."""
    parts: list[str] = []

    def walk(node, key=""):
        if isinstance(node, str):
            if key not in _SKIP_KEYS:
                parts.append(html.unescape(_TAG.sub(" ", node)))
        elif isinstance(node, dict):
            for child_key, child in node.items():
                walk(child, child_key)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child, key)

    walk(value)
    return " ".join(" ".join(parts).split())


def stream_text(value) -> str:
    """The plain text of a StreamField value (its raw data, without rendering blocks)."""
    raw = value.raw_data if hasattr(value, "raw_data") else value
    return plain_text(list(raw))
