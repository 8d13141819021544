"""Module-level handlers for tests/test_wiring_events.py (event handlers are named by path)."""

CALLS: list[dict] = []


def record(**payload):
    CALLS.append(payload)


def explode(**payload):
    raise RuntimeError("subscriber failure")
