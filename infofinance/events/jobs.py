"""The events' periodic jobs (the worker runs each once a period). Each is safe to run twice:
every change they make is conditional on the state it changes."""


def expire_holds() -> None:
    """Unconfirmed guest holds and untaken offers that lapsed free their seats, which go to the
    next person waiting."""
    from . import services

    services.expire_lapsed()


def reminders() -> None:
    """The 24-hour, then the 1-hour reminders that are due, each sent once."""
    from . import notifications

    notifications.send_all_due_reminders()


def followups() -> None:
    """After an event, its materials to those who attended."""
    from . import notifications

    notifications.send_due_followups()


def cache_boundaries() -> None:
    """Pages showing an event whose registration opened or closed, or which started or ended,
    are made stale."""
    from . import cache

    cache.move_due_boundaries()


JOBS = [
    ("expire-holds", expire_holds),
    ("reminders", reminders),
    ("followups", followups),
    ("cache-boundaries", cache_boundaries),
]
