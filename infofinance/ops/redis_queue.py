"""The task queue on Redis (TASKS_URL=redis://…): django-tasks-rq's backend, and the worker loop
`manage.py worker` runs for it. Imported only by the worker and by whatever enqueues a task, so
web processes that enqueue nothing never load RQ.

What the stock pieces lack, added here (pitfalls.md): the worker uses django_tasks_rq.Job and
runs the scheduler; and a job whose worker died, which RQ moves to the failed registry once its
heartbeat has expired, is put back in the queue (TASKS_ABANDONED_AFTER, at most
TASKS_MAX_ATTEMPTS times), as the database queue does."""

import logging
from collections.abc import Callable

import django_rq
from django.db import connections
from django_tasks_rq import Job
from django_tasks_rq.backend import RQBackend as StockRQBackend
from rq import Worker
from rq.exceptions import AbandonedJobError, InvalidJobOperation, NoSuchJobError
from rq.registry import FailedJobRegistry, StartedJobRegistry
from rq.utils import current_timestamp

logger = logging.getLogger("infofinance.worker")
ABANDONED_META = "infofinance_abandoned"


class RQBackend(StockRQBackend):
    """django-tasks-rq's backend without its check that django_rq is an installed app: django_rq
    imports RQ when it is loaded, which would put RQ into every web process. Its queues are read
    from RQ_QUEUES all the same."""

    def check(self, **kwargs):
        for message in super().check(**kwargs):
            if "django_rq app not installed" not in message.msg:
                yield message


class QueueWorker(Worker):
    """RQ's forking worker, waking at least every `tick_every` seconds to call `tick` (periodic
    jobs, heartbeat) and to re-queue abandoned jobs; RQ's own maintenance keeps its rhythm, and
    the jobs its clean-up finds abandoned are re-queued too."""

    def __init__(
        self,
        *args,
        tick: Callable[[], object],
        tick_every: float,
        abandoned_after: float,
        max_attempts: int,
        **kwargs,
    ):
        self._tick = tick
        self._tick_every = max(1, int(tick_every))
        self._abandoned_after = abandoned_after
        self._max_attempts = max_attempts
        self._abandoned: list[str] = []
        super().__init__(*args, **kwargs)
        self.push_exc_handler(self._collect_abandoned)

    @property
    def dequeue_timeout(self) -> int:
        return self._tick_every

    @property
    def should_run_maintenance_tasks(self) -> bool:
        return True

    def run_maintenance_tasks(self):
        self._tick()
        for queue in self.queues:
            expire_abandoned(queue, self._abandoned_after, self.job_monitoring_interval, self)
        if super().should_run_maintenance_tasks:
            super().run_maintenance_tasks()
        found, self._abandoned = self._abandoned, []
        requeue(found, connection=self.connection, max_attempts=self._max_attempts)

    def _collect_abandoned(self, job, exc_type, exc_value, traceback):
        if exc_type is not None and issubclass(exc_type, AbandonedJobError):
            self._abandoned.append(job.id)
        return True

    def fork_work_horse(self, job, queue):
        # The horse must open its own database connections, not share the worker's sockets.
        connections.close_all()
        super().fork_work_horse(job, queue)


def queues(names: list[str] | None = None):
    names = names or list(django_rq.settings.QUEUES)
    return [django_rq.get_queue(name, job_class=Job) for name in names]


def make_worker(
    *, name: str, tick, tick_every: float, monitoring: int, abandoned_after: float, max_attempts
) -> QueueWorker:
    qs = queues()
    return QueueWorker(
        qs,
        name=name,
        connection=qs[0].connection,
        job_class=Job,
        tick=tick,
        tick_every=tick_every,
        job_monitoring_interval=monitoring,
        abandoned_after=abandoned_after,
        max_attempts=max_attempts,
    )


def expire_abandoned(queue, abandoned_after: float, monitoring: int, worker) -> None:
    """RQ's clean-up of the started registry, for executions whose heartbeat is older than
    `abandoned_after` seconds: it moves them to the failed registry as AbandonedJobError (and
    calls django-tasks-rq's failure callback and the worker's exception handlers)."""
    # An execution expires at its last heartbeat + (monitoring interval + 60) s; move that
    # expiry to `abandoned_after` after the heartbeat when that is sooner (RQ's own clean-up,
    # every ten minutes and when a worker starts, still expires the others at RQ's margin).
    cutoff = current_timestamp() + monitoring + 60 - abandoned_after
    handlers = worker._exc_handlers
    StartedJobRegistry(queue=queue).cleanup(timestamp=cutoff, exception_handlers=handlers)


def requeue(job_ids: list[str], *, connection, max_attempts: int) -> int:
    """Put abandoned jobs back in their queue, each at most `max_attempts - 1` times."""
    requeued = 0
    for job_id in job_ids:
        try:
            job = Job.fetch(job_id, connection=connection)
        except NoSuchJobError:
            continue
        attempts = job.meta.get(ABANDONED_META, 0) + 1
        if attempts >= max_attempts:
            logger.error("job %s (%s) abandoned for good", job.id, job.func_name)
            continue
        job.meta[ABANDONED_META] = attempts
        job.save_meta()
        try:
            FailedJobRegistry(queue=django_rq.get_queue(job.origin, job_class=Job)).requeue(job)
        except InvalidJobOperation:
            continue  # re-queued by another worker already
        requeued += 1
        logger.warning("job %s (%s) re-queued: its worker died", job.id, job.func_name)
    return requeued


def health() -> dict:
    """Depth, oldest waiting job, running and failed jobs of the Redis queues."""
    depth = running = failed = 0
    oldest = None
    for queue in queues():
        depth += queue.count
        running += StartedJobRegistry(queue=queue).count
        failed += FailedJobRegistry(queue=queue).count
        first = queue.get_job_ids(0, 0)
        if first:
            job = Job.fetch(first[0], connection=queue.connection)
            if job.enqueued_at and (oldest is None or job.enqueued_at < oldest):
                oldest = job.enqueued_at
    return {
        "depth": depth,
        "oldest_enqueued_at": oldest,
        "running": running,
        "failed": failed,
    }
