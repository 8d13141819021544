"""The background process: runs queued tasks (backend "queue": the database queue, or Redis
when TASKS_URL is set) and, at the start of every minute, the registered periodic jobs, which
of several workers exactly one runs (a lock in the database). It says it is alive every few
seconds and puts back in the queue the tasks of workers that died (TASKS_ABANDONED_AFTER)."""

import logging
import signal
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from infofinance.ops import services
from infofinance.wiring.periodic import registered_jobs, run_periodic_jobs

logger = logging.getLogger("infofinance.worker")


class Periodic:
    """Runs the periodic jobs once per period, aligned on period boundaries (a publication set
    for 10:05 runs at 10:05:00), in whichever worker claims that period first."""

    def __init__(self, worker_id: str, period: float, out):
        self.worker_id, self.period, self.out = worker_id, period, out
        self.next_at = 0.0

    def due(self) -> bool:
        return time.time() >= self.next_at

    def run(self) -> None:
        now = time.time()
        slot = int(now // self.period * self.period)
        self.next_at = slot + self.period
        lease = timedelta(seconds=max(settings.TASKS_ABANDONED_AFTER, self.period))
        if not services.claim_periodic_slot(slot, self.worker_id, lease=lease):
            return
        try:
            run_periodic_jobs(on_result=self.record)
        finally:
            services.release_periodic_slot(self.worker_id)
        logger.debug("periodic jobs of slot %s ran in %s", slot, self.worker_id)
        self.out(f"periodic: slot {slot} by {self.worker_id}", verbosity=2)

    def record(self, name, started_at, error) -> None:
        services.record_periodic_run(
            name, started_at=started_at, error=error, worker_id=self.worker_id
        )


class Command(BaseCommand):
    help = (
        "Run queued background tasks and, every minute, the periodic jobs (scheduled publishing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            type=float,
            default=60.0,
            help="Seconds between runs of the periodic jobs (default 60).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between polls of the task queue (default 1).",
        )
        parser.add_argument("--backend", default="queue", help="Task backend to run.")
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the periodic jobs and the queued tasks once, then exit (database queue).",
        )

    def say(self, message: str, verbosity: int = 1) -> None:
        if self.verbosity >= verbosity:
            self.stdout.write(message)

    def handle(self, *args, period, interval, backend, once, verbosity, **options):
        self.verbosity = verbosity
        self.running = True
        self.db_worker = None
        self.worker_id = services.new_worker_id()
        self.started_at = timezone.now()
        self.backend_name = backend
        self.periodic = Periodic(self.worker_id, period, self.say)
        after = settings.TASKS_ABANDONED_AFTER
        self.beat_every = max(0.5, min(10.0, after / 4))
        kind = "database" if isinstance(task_backends[backend], DatabaseBackend) else "redis"
        self.say(
            f"worker: periodic jobs every {period:g}s ({', '.join(registered_jobs())}); "
            f"queue '{backend}' ({kind}) polled every {interval:g}s; id {self.worker_id}"
        )
        services.beat(self.worker_id, backend=backend, started_at=self.started_at)
        try:
            if kind == "database":
                self.run_database_queue(interval, once)
            else:
                self.run_redis_queue()
        finally:
            close_old_connections()
            services.stopped(self.worker_id)
        self.say("worker: stopped")

    # -- the database queue ----------------------------------------------------------------

    def run_database_queue(self, interval: float, once: bool) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=self.backend_name,
            startup_delay=False,
            max_tasks=None,
            excluded_queue_names=[],
            worker_id=self.worker_id,
        )
        self.db_worker = worker
        stop_beating = threading.Event()
        beating = threading.Thread(target=self._beat, args=(stop_beating,), daemon=True)
        beating.start()
        next_requeue = 0.0
        try:
            while self.running:
                if time.monotonic() >= next_requeue:
                    services.requeue_abandoned(backend_name=self.backend_name)
                    next_requeue = time.monotonic() + self.beat_every
                if self.periodic.due():
                    self.periodic.run()
                worker.run()
                close_old_connections()
                if once:
                    break
                time.sleep(max(0.05, min(interval, self.periodic.next_at - time.time())))
        finally:
            stop_beating.set()
            beating.join(timeout=5)

    def _beat(self, stop: threading.Event) -> None:
        """A thread of its own: the worker stays alive in the heartbeats during a long task."""
        try:
            while not stop.wait(self.beat_every):
                try:
                    services.beat(
                        self.worker_id, backend=self.backend_name, started_at=self.started_at
                    )
                except Exception:
                    logger.exception("worker heartbeat failed")
        finally:
            connection.close()

    def _stop(self, signum, frame):
        self.running = False
        if self.db_worker is not None:
            self.db_worker.running = False  # no further task of the current batch

    # -- the Redis queue -------------------------------------------------------------------

    def run_redis_queue(self) -> None:
        from infofinance.ops import redis_queue

        after = settings.TASKS_ABANDONED_AFTER
        # The running job's heartbeat must come several times within TASKS_ABANDONED_AFTER.
        monitoring = max(1, min(30, int(after // 3)))
        next_beat = 0.0

        def tick():
            nonlocal next_beat
            if time.monotonic() >= next_beat:
                services.beat(self.worker_id, backend=self.backend_name, started_at=self.started_at)
                next_beat = time.monotonic() + self.beat_every
            if self.periodic.due():
                self.periodic.run()
            close_old_connections()

        worker = redis_queue.make_worker(
            name=self.worker_id,
            tick=tick,
            tick_every=1,
            monitoring=monitoring,
            abandoned_after=after,
            max_attempts=settings.TASKS_MAX_ATTEMPTS,
        )
        # As `rqworker --job-class django_tasks_rq.Job --with-scheduler` (pitfalls.md).
        worker.work(with_scheduler=True, logging_level="INFO")
