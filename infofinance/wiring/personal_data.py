"""Where each app declares the personal data it holds about a user, so the account's data-rights
views (export everything, delete the account) cover every app without importing them.

An app registers, usually from its `AppConfig.ready()`:

    personal_data.register("complaints", export=export_complaints, erase=anonymise_complaints)

`export(user)` returns JSON-serialisable data; `erase(user)` removes or anonymises what the app
holds, inside the caller's transaction, before the user row is deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Source:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


_sources: dict[str, Source] = {}


def register(name: str, *, export: Callable[[Any], Any], erase=None) -> None:
    _sources[name] = Source(name, export, erase)


def sources() -> list[Source]:
    return [_sources[name] for name in sorted(_sources)]


def export_all(user) -> dict[str, Any]:
    return {source.name: source.export(user) for source in sources()}


def erase_all(user) -> None:
    for source in sources():
        if source.erase is not None:
            source.erase(user)
