"""Where each app declares the personal data it holds about a person, so the data-rights views
cover every app without importing them: the account's (export everything, delete the account)
and the signed link of every e-mail, which works by e-mail address, with or without an account
(docs/privacy.md).

An app registers, usually from its `AppConfig.ready()`:

    personal_data.register(
        "complaints",
        export=export_complaints,
        erase=anonymise_complaints,
        export_for_address=export_complaints_of_address,
        erase_for_address=anonymise_complaints_of_address,
    )

`export(user)` returns JSON-serialisable data; `erase(user)` removes or anonymises what the app
holds, inside the caller's transaction, before the user row is deleted.

`export_for_address(address)` returns what the app holds about the person who reads that
address: what is keyed by the address itself (a complaint's contact address) and what belongs
to an account whose address it is; the same shape as `export(user)`. `erase_for_address(address)`
removes or anonymises what is keyed by the address itself; what belongs to an account is erased
through the account's deletion (`erase(user)` of every app, then the account), so an app's
address hook never deletes an account. The address is given normalised (`normalise_address`)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Source:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None
    export_for_address: Callable[[str], Any] | None = None
    erase_for_address: Callable[[str], None] | None = None


_sources: dict[str, Source] = {}


def register(
    name: str,
    *,
    export: Callable[[Any], Any],
    erase: Callable[[Any], None] | None = None,
    export_for_address: Callable[[str], Any] | None = None,
    erase_for_address: Callable[[str], None] | None = None,
) -> None:
    _sources[name] = Source(name, export, erase, export_for_address, erase_for_address)


def sources() -> list[Source]:
    return [_sources[name] for name in sorted(_sources)]


def normalise_address(address: str) -> str:
    """One spelling per mailbox for our look-ups: stripped, lower case (every query by address
    is case-insensitive too)."""
    return (address or "").strip().lower()


def export_all(user) -> dict[str, Any]:
    return {source.name: source.export(user) for source in sources()}


def erase_all(user) -> None:
    for source in sources():
        if source.erase is not None:
            source.erase(user)


def export_all_for_address(address: str) -> dict[str, Any]:
    """Every app's data about the reader of `address`; an app without an address hook has
    nothing keyed by an address (None)."""
    address = normalise_address(address)
    return {
        source.name: source.export_for_address(address)
        if source.export_for_address is not None
        else None
        for source in sources()
    }


def erase_all_for_address(address: str) -> None:
    """What every app holds keyed by `address` itself, inside the caller's transaction. An
    account with that address is not deleted here (see the module's docstring)."""
    address = normalise_address(address)
    for source in sources():
        if source.erase_for_address is not None:
            source.erase_for_address(address)
