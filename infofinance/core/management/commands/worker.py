"""The one background process: runs queued tasks (django-tasks database backend, backend
"queue") and, at the start of every minute, the registered periodic jobs."""

import logging
import signal
import socket
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from infofinance.core.periodic import registered_jobs, run_periodic_jobs

logger = logging.getLogger("infofinance.worker")


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
            help="Run the periodic jobs and the queued tasks once, then exit.",
        )

    def handle(self, *args, period, interval, backend, once, **options):
        self.running = True
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=backend,
            startup_delay=False,
            max_tasks=None,
            excluded_queue_names=[],
            worker_id=f"{socket.gethostname()}-{int(time.time())}"[:64],
        )
        self.stdout.write(
            f"worker: periodic jobs every {period:g}s ({', '.join(registered_jobs())}); "
            f"queue '{backend}' polled every {interval:g}s"
        )
        next_periodic = 0.0
        while self.running:
            now = time.time()
            if now >= next_periodic:
                run_periodic_jobs()
                # Align on period boundaries so a publication set for 10:05 runs at 10:05:00.
                next_periodic = (now // period + 1) * period
            worker.run()
            close_old_connections()
            if once:
                break
            time.sleep(max(0.05, min(interval, next_periodic - time.time())))
        self.stdout.write("worker: stopped")

    def _stop(self, signum, frame):
        self.running = False
