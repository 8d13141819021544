"""The health of background work: queue depth, the oldest waiting task, running and failed
tasks, the workers heard of, and the last run of every periodic job."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from infofinance.wiring.periodic import registered_jobs

from .models import PeriodicJobRun, WorkerHeartbeat


@dataclass(frozen=True)
class JobHealth:
    name: str
    run: PeriodicJobRun | None


@dataclass(frozen=True)
class TasksHealth:
    queue: str  # "database" or "redis"
    depth: int
    oldest_waiting_at: datetime | None
    running: int
    failed: int
    workers: list[WorkerHeartbeat]
    jobs: list[JobHealth]
    checked_at: datetime
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def oldest_wait_seconds(self) -> float | None:
        if self.oldest_waiting_at is None:
            return None
        return max(0.0, (self.checked_at - self.oldest_waiting_at).total_seconds())


def _database_queue(backend_name: str, now: datetime) -> dict:
    results = DBTaskResult.objects.filter(backend_name=backend_name)
    waiting = results.ready()
    return {
        "queue": "database",
        "depth": waiting.count(),
        "oldest_waiting_at": waiting.order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first(),
        "running": results.filter(status=TaskResultStatus.RUNNING).count(),
        "failed": results.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(days=1)
        ).count(),
    }


def tasks_health(*, backend_name: str = "queue") -> TasksHealth:
    now = timezone.now()
    if isinstance(task_backends[backend_name], DatabaseBackend):
        queue = _database_queue(backend_name, now)
    else:
        from . import redis_queue

        queue = {"queue": "redis", **redis_queue.health()}
    heard_since = now - timedelta(seconds=settings.TASKS_ABANDONED_AFTER)
    workers = list(
        WorkerHeartbeat.objects.filter(
            last_seen__gte=heard_since, stopped_at__isnull=True
        ).order_by("-last_seen")
    )
    runs = PeriodicJobRun.objects.in_bulk(list(registered_jobs()))
    jobs = [JobHealth(name=name, run=runs.get(name)) for name in registered_jobs()]
    health = TasksHealth(**queue, workers=workers, jobs=jobs, checked_at=now)

    max_wait = settings.TASKS_HEALTH_MAX_WAIT
    if health.oldest_wait_seconds is not None and health.oldest_wait_seconds > max_wait:
        health.problems.append(
            _("The oldest waiting task has waited %(seconds)d seconds (more than %(limit)d).")
            % {"seconds": health.oldest_wait_seconds, "limit": max_wait}
        )
    if not workers:
        health.problems.append(_("No worker has been heard of recently."))
    max_age = timedelta(seconds=settings.TASKS_HEALTH_MAX_PERIODIC_AGE)
    for job in jobs:
        if job.run is None:
            health.problems.append(_("Periodic job %(name)s has never run.") % {"name": job.name})
        elif job.run.last_finished_at < now - max_age:
            health.problems.append(
                _("Periodic job %(name)s has not run for %(minutes)d minutes.")
                % {
                    "name": job.name,
                    "minutes": (now - job.run.last_finished_at).total_seconds() // 60,
                }
            )
        elif not job.run.last_ok:
            health.problems.append(
                _("The last run of periodic job %(name)s failed.") % {"name": job.name}
            )
    return health
