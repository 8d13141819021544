"""The worker's bookkeeping writes: heartbeats, the periodic jobs' lock and last runs, and the
re-queueing of tasks whose worker died (database queue; the Redis queue's is in rq.py)."""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import PeriodicJobRun, PeriodicLock, WorkerHeartbeat

logger = logging.getLogger("infofinance.worker")
PERIODIC = "periodic"


class AbandonedTask(Exception):
    """Recorded as the error of a task whose worker died TASKS_MAX_ATTEMPTS times running it."""


def abandoned_after() -> timedelta:
    return timedelta(seconds=settings.TASKS_ABANDONED_AFTER)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{int(timezone.now().timestamp())}"[:64]


def beat(worker_id: str, *, backend: str, started_at: datetime) -> None:
    """Say that `worker_id` is alive (an UPDATE, or the first INSERT)."""
    now = timezone.now()
    if not WorkerHeartbeat.objects.filter(pk=worker_id).update(last_seen=now, stopped_at=None):
        WorkerHeartbeat.objects.bulk_create(
            [
                WorkerHeartbeat(
                    worker_id=worker_id,
                    hostname=socket.gethostname()[:255],
                    pid=os.getpid(),
                    backend=backend,
                    started_at=started_at,
                    last_seen=now,
                )
            ],
            ignore_conflicts=True,
        )


def stopped(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(pk=worker_id).update(stopped_at=timezone.now())


def requeue_abandoned(*, backend_name: str) -> tuple[int, int]:
    """Put back in the queue the tasks RUNNING for longer than TASKS_ABANDONED_AFTER whose
    worker has not been heard of for that long (or has stopped): its process died in the middle
    (SIGKILL, out of memory, power). A task whose workers died TASKS_MAX_ATTEMPTS times is marked
    FAILED instead, so one that kills its worker cannot do so forever. Returns (re-queued, failed).
    Tasks must therefore be safe to run twice (docs/operations.md)."""
    now = timezone.now()
    cutoff = now - abandoned_after()
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=cutoff, stopped_at__isnull=True).values_list(
            "worker_id", flat=True
        )
    )
    requeued = failed = 0
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, backend_name=backend_name, started_at__lt=cutoff
    ).only("id", "worker_ids", "started_at", "task_path")
    for result in candidates:
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue  # a long task of a living worker
        same_run = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if len(result.worker_ids) >= settings.TASKS_MAX_ATTEMPTS:
            failed += same_run.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{__name__}.{AbandonedTask.__qualname__}",
                traceback=(
                    f"AbandonedTask: the worker running it died {len(result.worker_ids)} times "
                    f"({', '.join(result.worker_ids)})"
                ),
            )
            logger.error("task %s (%s) abandoned for good", result.pk, result.task_path)
        elif same_run.update(status=TaskResultStatus.READY, started_at=None):
            requeued += 1
            logger.warning(
                "task %s (%s) re-queued: its worker %s stopped answering",
                result.pk,
                result.task_path,
                result.worker_ids[-1] if result.worker_ids else "?",
            )
    return requeued, failed


def claim_periodic_slot(slot: int, holder: str, *, lease: timedelta) -> bool:
    """Whether `holder` runs the periodic jobs of the period starting at `slot` (a timestamp):
    one conditional UPDATE, true for exactly one caller per period, and for none while another
    holder's lease runs (a run that lasts longer than its period)."""
    PeriodicLock.objects.bulk_create([PeriodicLock(name=PERIODIC)], ignore_conflicts=True)
    now = timezone.now()
    return bool(
        PeriodicLock.objects.filter(name=PERIODIC, slot__lt=slot)
        .filter(Q(held_until__isnull=True) | Q(held_until__lt=now) | Q(holder=holder))
        .update(slot=slot, holder=holder, held_until=now + lease)
    )


def release_periodic_slot(holder: str) -> None:
    PeriodicLock.objects.filter(name=PERIODIC, holder=holder).update(held_until=None)


def record_periodic_run(
    name: str, *, started_at: datetime, error: str | None, worker_id: str = ""
) -> None:
    now = timezone.now()
    fields = {
        "last_started_at": started_at,
        "last_finished_at": now,
        "last_ok": error is None,
        "last_error": (error or "")[-4000:],
        "last_worker": worker_id,
    }
    updated = PeriodicJobRun.objects.filter(pk=name).update(
        **fields, runs=F("runs") + 1, failures=F("failures") + int(error is not None)
    )
    if not updated:
        PeriodicJobRun.objects.bulk_create(
            [PeriodicJobRun(name=name, **fields, runs=1, failures=int(error is not None))],
            ignore_conflicts=True,
        )
