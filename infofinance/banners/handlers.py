"""The banners' reactions to domain events (infofinance.wiring.events), run by the worker
after the publisher committed; each is safe to run twice.

- `broker.warning_changed` (brokers.services.refresh_broker): a broker that now has a warning
  has its banners stopped at once, those it advertises and those linking to its domains;
- `banners.stopped` (services.stop_banners): the banner managers are told, by e-mail."""

from collections.abc import Callable

from infofinance.wiring import events

from .services import STOPPED


def on_warning_changed(*, broker_id: int, warnings=(), **payload) -> None:
    from .services import stop_for_warning

    if warnings:
        stop_for_warning(int(broker_id))


def on_stopped(*, banner_ids, reason: str = "", **payload) -> None:
    from .notifications import tell_managers_stopped

    tell_managers_stopped([int(pk) for pk in banner_ids], reason)


SUBSCRIPTIONS: list[tuple[str, Callable[..., None]]] = [
    ("broker.warning_changed", on_warning_changed),
    (STOPPED, on_stopped),
]


def register() -> None:
    for event, handler in SUBSCRIPTIONS:
        events.subscribe(event, handler)
