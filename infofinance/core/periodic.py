"""Periodic jobs the worker runs every minute. Apps register theirs in `AppConfig.ready()`:

from infofinance.core.periodic import periodic_job

@periodic_job("brokers.expire-licences")
def expire_licences(): ...
"""

import logging
from collections.abc import Callable

from django.db import close_old_connections

logger = logging.getLogger(__name__)
_JOBS: dict[str, Callable[[], object]] = {}


def periodic_job(name: str):
    def register(func: Callable[[], object]) -> Callable[[], object]:
        _JOBS[name] = func
        return func

    return register


def registered_jobs() -> dict[str, Callable[[], object]]:
    return dict(_JOBS)


def run_periodic_jobs() -> dict[str, bool]:
    """Run every job once; one failing job is logged and does not stop the others."""
    results = {}
    for name, job in _JOBS.items():
        close_old_connections()
        try:
            job()
        except Exception:
            logger.exception("periodic job %s failed", name)
            results[name] = False
        else:
            results[name] = True
    close_old_connections()
    return results


@periodic_job("wagtail.publish-scheduled")
def publish_scheduled() -> None:
    """Apply due scheduled publications and unpublications (Wagtail's own command)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    changes = [line for line in out.getvalue().splitlines() if line and not line.startswith("No ")]
    if changes:
        logger.info("publish_scheduled: %s", " | ".join(changes))
