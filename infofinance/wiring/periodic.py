"""Periodic jobs the worker runs every minute. Apps register theirs in `AppConfig.ready()`:

from infofinance.wiring.periodic import periodic_job

@periodic_job("brokers.expire-licences")
def expire_licences(): ...
"""

import logging
import traceback
from collections.abc import Callable
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)
_JOBS: dict[str, Callable[[], object]] = {}


def periodic_job(name: str):
    def register(func: Callable[[], object]) -> Callable[[], object]:
        _JOBS[name] = func
        return func

    return register


def registered_jobs() -> dict[str, Callable[[], object]]:
    return dict(_JOBS)


def run_periodic_jobs(
    on_result: Callable[[str, datetime, str | None], object] | None = None,
) -> dict[str, bool]:
    """Run every job once; one failing job is logged and does not stop the others. `on_result`
    is told each job's name, start time and traceback (None when it succeeded). Jobs must be
    safe to run twice: a worker that dies in the middle of one runs it again next time."""
    results = {}
    for name, job in _JOBS.items():
        close_old_connections()
        started_at, error = timezone.now(), None
        try:
            job()
        except Exception:
            logger.exception("periodic job %s failed", name)
            error = traceback.format_exc()
        results[name] = error is None
        if on_result is not None:
            on_result(name, started_at, error)
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
