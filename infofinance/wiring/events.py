"""Domain events: one app's service announces a change, other apps react, neither imports the
other.

A service publishes inside its transaction:

    from infofinance.wiring import events

    events.publish("broker.warning_changed", broker_id=broker.pk, warnings=["expired"])

and an app subscribes from its `AppConfig.ready()`:

    events.subscribe("broker.warning_changed", handlers.on_warning_changed)

Nothing is sent before the transaction commits (nothing at all when it rolls back). Each
subscriber then runs as its own queued task (django-tasks, backend `WIRING_EVENTS_BACKEND`,
"queue" by default: the worker), so a slow or failing subscriber neither delays nor breaks the
publisher. The payload is passed as keyword arguments and must be JSON-serialisable; this is
checked when publishing, not when the task is already queued. Handlers are module-level
functions (the task names them by their dotted path) and must be safe to run twice.
"""

import json
import logging
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)

_subscribers: dict[str, list[str]] = {}


def _path(handler: Callable[..., Any]) -> str:
    module, name = getattr(handler, "__module__", None), getattr(handler, "__qualname__", "")
    if not module or not name or "<" in name:
        raise ValueError(f"{handler!r}: an event handler must be a module-level function")
    return f"{module}:{name}"


def _resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    target: Any = import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def subscribe(event: str, handler: Callable[..., Any]) -> None:
    """Run `handler(**payload)` as a queued task after each committed `publish(event, …)`.
    Subscribing the same handler twice has no further effect."""
    path = _path(handler)
    handlers = _subscribers.setdefault(event, [])
    if path not in handlers:
        handlers.append(path)


def unsubscribe(event: str, handler: Callable[..., Any]) -> None:
    handlers = _subscribers.get(event, [])
    path = _path(handler)
    if path in handlers:
        handlers.remove(path)


def subscribers(event: str) -> list[str]:
    """Dotted paths of the event's handlers, in subscription order."""
    return list(_subscribers.get(event, []))


def registered() -> dict[str, list[str]]:
    return {event: list(paths) for event, paths in sorted(_subscribers.items()) if paths}


def publish(event: str, /, **payload: Any) -> None:
    """Announce `event` once the current transaction commits (at once outside a transaction).
    Raises TypeError or ValueError here, in the publisher, when the payload is not
    JSON-serialisable. An event nobody subscribed to is not an error."""
    try:
        encoded = json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"event {event!r}: payload is not JSON-serialisable ({error})") from error
    data = json.loads(encoded)  # what the handlers will receive, whatever the queue
    transaction.on_commit(lambda: _dispatch(event, data))


def _dispatch(event: str, payload: dict[str, Any]) -> None:
    backend = getattr(settings, "WIRING_EVENTS_BACKEND", "queue")
    for path in subscribers(event):
        try:
            run_subscriber.using(backend=backend).enqueue(event, path, payload)
        except Exception:
            # The publisher's transaction is committed: losing one reaction is logged, not
            # raised back into the request that made the change.
            logger.exception("event %s: could not queue %s", event, path)


@task()
def run_subscriber(event: str, path: str, payload: dict[str, Any]) -> None:
    """One subscriber of one event, in the worker."""
    _resolve(path)(**payload)
