"""The markets' reactions to domain events (infofinance.wiring.events), run by the worker after
the publisher's transaction committed; each is safe to run twice.

- `markets.actual_recorded` (services.releases.record_actual, payload `release_id=<int>`): the
  flash drafts of the release, one per language (services.flash)."""

from infofinance.wiring import events

ACTUAL_RECORDED = "markets.actual_recorded"


def on_actual_recorded(*, release_id: int, **payload) -> None:
    """Other keys of the payload (the figures, who recorded them) are not needed: the drafts
    are written from the release as it is now."""
    from .services.flash import create_flash_drafts

    create_flash_drafts(int(release_id))


SUBSCRIPTIONS = [(ACTUAL_RECORDED, on_actual_recorded)]


def register() -> None:
    for event, handler in SUBSCRIPTIONS:
        events.subscribe(event, handler)
