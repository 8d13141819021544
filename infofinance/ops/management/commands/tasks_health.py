"""`manage.py tasks_health`: the health of background work, for a monitor or a person. Exits
with status 1 when something is wrong (a task waiting too long, no worker heard of, a periodic
job that has not run lately or failed)."""

import json

from django.core.management.base import BaseCommand
from django.utils import translation

from infofinance.ops.selectors import tasks_health


class Command(BaseCommand):
    help = "Queue depth, oldest waiting task, workers and the last periodic runs; 1 if unhealthy."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="queue")
        parser.add_argument("--json", action="store_true", dest="as_json", help="One JSON object.")

    def handle(self, *args, backend, as_json: bool, **options):
        with translation.override("en"):
            health = tasks_health(backend_name=backend)
        if as_json:
            self.stdout.write(_as_json(health))
        else:
            self.stdout.write(_as_text(health))
        if not health.healthy:
            raise SystemExit(1)


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else "-"


def _as_text(health) -> str:
    wait = health.oldest_wait_seconds
    lines = [
        f"queue: {health.queue}",
        f"waiting: {health.depth}",
        f"oldest waiting: {'-' if wait is None else f'{wait:.0f}s'}",
        f"running: {health.running}",
        f"failed (last day): {health.failed}",
        f"workers: {', '.join(w.worker_id for w in health.workers) or '-'}",
    ]
    for job in health.jobs:
        run = job.run
        state = "never" if run is None else ("ok" if run.last_ok else "FAILED")
        lines.append(
            f"periodic {job.name}: {state}, last {_when(run and run.last_finished_at)}"
            + (f", {run.runs} runs, {run.failures} failed" if run else "")
        )
    lines.append("status: " + ("healthy" if health.healthy else "UNHEALTHY"))
    lines.extend(f"problem: {problem}" for problem in health.problems)
    return "\n".join(lines)


def _as_json(health) -> str:
    return json.dumps(
        {
            "queue": health.queue,
            "waiting": health.depth,
            "oldest_wait_seconds": health.oldest_wait_seconds,
            "running": health.running,
            "failed_last_day": health.failed,
            "workers": [w.worker_id for w in health.workers],
            "periodic": {
                job.name: None
                if job.run is None
                else {
                    "last_finished_at": _when(job.run.last_finished_at),
                    "ok": job.run.last_ok,
                    "runs": job.run.runs,
                    "failures": job.run.failures,
                }
                for job in health.jobs
            },
            "healthy": health.healthy,
            "problems": health.problems,
        }
    )
