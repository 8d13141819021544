"""Background work's bookkeeping (infofinance.ops): re-queueing tasks of dead workers, the
periodic jobs' lock and last runs, the health command and staff page, stable Message-IDs, and
RQ staying out of web processes."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from infofinance.core.mail import stable_message_id
from infofinance.ops import services
from infofinance.ops.models import PeriodicJobRun, WorkerHeartbeat
from infofinance.wiring.periodic import registered_jobs, run_periodic_jobs

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def running_task(worker_ids, started_ago: float) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.e2e.fault_tasks.write_then_mail",
        worker_ids=worker_ids,
        backend_name="queue",
        run_after=timezone.now(),
        started_at=timezone.now() - timedelta(seconds=started_ago),
    )


def heartbeat(worker_id: str, seen_ago: float) -> None:
    services.beat(worker_id, backend="queue", started_at=timezone.now())
    WorkerHeartbeat.objects.filter(pk=worker_id).update(
        last_seen=timezone.now() - timedelta(seconds=seen_ago)
    )


@override_settings(TASKS_ABANDONED_AFTER=60, TASKS_MAX_ATTEMPTS=3)
def test_running_task_of_a_silent_worker_is_requeued_and_a_living_ones_is_not():
    heartbeat("dead", seen_ago=120)
    heartbeat("alive", seen_ago=5)
    orphan = running_task(["dead"], started_ago=300)
    never_heard = running_task(["db_worker-without-heartbeat"], started_ago=300)
    long_task = running_task(["alive"], started_ago=300)
    just_started = running_task(["dead"], started_ago=10)

    assert services.requeue_abandoned(backend_name="queue") == (2, 0)
    for result, status in [
        (orphan, "READY"),
        (never_heard, "READY"),
        (long_task, "RUNNING"),
        (just_started, "RUNNING"),
    ]:
        result.refresh_from_db()
        assert result.status == status
    orphan.refresh_from_db()
    assert orphan.started_at is None and orphan.worker_ids == ["dead"]
    assert DBTaskResult.objects.ready().filter(pk=orphan.pk).exists()
    assert services.requeue_abandoned(backend_name="queue") == (0, 0)


@override_settings(TASKS_ABANDONED_AFTER=60, TASKS_MAX_ATTEMPTS=3)
def test_task_that_killed_its_worker_three_times_fails_instead():
    poison = running_task(["w1", "w2", "w3"], started_ago=300)
    assert services.requeue_abandoned(backend_name="queue") == (0, 1)
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == "infofinance.ops.services.AbandonedTask"
    assert "died 3 times" in poison.traceback


@override_settings(TASKS_ABANDONED_AFTER=60)
def test_stopped_worker_counts_as_gone():
    heartbeat("stopped", seen_ago=1)
    services.stopped("stopped")
    task = running_task(["stopped"], started_ago=300)
    assert services.requeue_abandoned(backend_name="queue") == (1, 0)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY


def test_periodic_slot_goes_to_exactly_one_worker():
    lease = timedelta(minutes=10)
    assert services.claim_periodic_slot(600, "a", lease=lease)
    assert not services.claim_periodic_slot(600, "b", lease=lease)
    assert not services.claim_periodic_slot(600, "a", lease=lease)  # not twice by the same
    # The next period, while "a" still runs the previous one: nobody else may start.
    assert not services.claim_periodic_slot(660, "b", lease=lease)
    services.release_periodic_slot("a")
    assert services.claim_periodic_slot(660, "b", lease=lease)
    assert not services.claim_periodic_slot(660, "a", lease=lease)
    # A holder that died keeps the lock only until its lease ends.
    assert not services.claim_periodic_slot(720, "a", lease=lease)
    from infofinance.ops.models import PeriodicLock

    PeriodicLock.objects.update(held_until=timezone.now() - timedelta(seconds=1))
    assert services.claim_periodic_slot(720, "a", lease=lease)


def test_periodic_runs_are_recorded_per_job(monkeypatch):
    from infofinance.wiring import periodic

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(periodic, "_JOBS", {"ok-job": lambda: None, "broken-job": broken})
    # As in the worker, minus closing the connection that holds the test's transaction.
    monkeypatch.setattr(periodic, "close_old_connections", lambda: None)

    def record(name, started_at, error):
        services.record_periodic_run(name, started_at=started_at, error=error, worker_id="w")

    assert run_periodic_jobs(on_result=record) == {"ok-job": True, "broken-job": False}
    run_periodic_jobs(on_result=record)
    ok, broken_run = (
        PeriodicJobRun.objects.get(pk="ok-job"),
        PeriodicJobRun.objects.get(pk="broken-job"),
    )
    assert (ok.last_ok, ok.runs, ok.failures, ok.last_worker) == (True, 2, 0, "w")
    assert (broken_run.last_ok, broken_run.runs, broken_run.failures) == (False, 2, 2)
    assert "RuntimeError: boom" in broken_run.last_error


def test_bookkeeping_writes_send_no_model_signals():
    """A heartbeat every few seconds must not look like a content change (the page cache
    invalidates the whole site on a save of a model it does not know)."""
    saved = []

    def receiver(sender, **kwargs):
        saved.append(sender)

    post_save.connect(receiver, weak=False)
    try:
        services.beat("w", backend="queue", started_at=timezone.now())
        services.beat("w", backend="queue", started_at=timezone.now())
        services.claim_periodic_slot(60, "w", lease=timedelta(minutes=1))
        services.release_periodic_slot("w")
        services.record_periodic_run("job", started_at=timezone.now(), error=None)
        services.record_periodic_run("job", started_at=timezone.now(), error="x")
        services.stopped("w")
    finally:
        post_save.disconnect(receiver)
    assert saved == []


def healthy_state():
    services.beat("w", backend="queue", started_at=timezone.now())
    for name in registered_jobs():
        services.record_periodic_run(name, started_at=timezone.now(), error=None)


def health_command(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("tasks_health", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@override_settings(TASKS_HEALTH_MAX_WAIT=300, TASKS_HEALTH_MAX_PERIODIC_AGE=300)
def test_health_command_reports_queue_and_periodic_runs():
    healthy_state()
    code, out = health_command()
    assert code == 0, out
    assert "queue: database" in out and "waiting: 0" in out and "status: healthy" in out
    assert "periodic wagtail.publish-scheduled: ok" in out

    waiting = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.e2e.fault_tasks.write_then_mail",
        backend_name="queue",
        run_after=timezone.now() - timedelta(hours=1),
    )
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=20)
    )
    code, out = health_command("--json")
    data = json.loads(out)
    assert code == 1
    assert data["waiting"] == 1 and 1190 < data["oldest_wait_seconds"] < 1300
    assert data["workers"] == ["w"]
    assert any("oldest waiting task" in problem for problem in data["problems"])


@override_settings(TASKS_HEALTH_MAX_PERIODIC_AGE=300, TASKS_ABANDONED_AFTER=60)
def test_health_command_fails_without_recent_periodic_run_or_worker():
    code, out = health_command()
    assert code == 1
    assert "has never run" in out and "No worker has been heard of recently." in out
    healthy_state()
    PeriodicJobRun.objects.filter(pk="wagtail.publish-scheduled").update(
        last_finished_at=timezone.now() - timedelta(minutes=6)
    )
    code, out = health_command()
    assert code == 1
    assert "Periodic job wagtail.publish-scheduled has not run for 6 minutes." in out
    assert "No worker" not in out


def test_health_page_is_for_staff_with_the_permission(client, structure, django_user_model):
    from django.contrib.auth.models import Permission

    from tests.accounts_helpers import mfa_verified_login

    healthy_state()
    editor = django_user_model.objects.create_user("ed", "ed@example.com", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    mfa_verified_login(client, editor)
    assert client.get("/admin/tasks-health/").status_code in (302, 403)
    assert "/admin/tasks-health/" not in client.get("/admin/").content.decode()

    editor.user_permissions.add(Permission.objects.get(codename="view_tasks_health"))
    response = client.get("/admin/tasks-health/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "wagtail.publish-scheduled" in html  # the admin speaks Vietnamese by default
    assert "Các tác vụ nền đang hoạt động bình thường." in html


def test_health_page_lists_problems_in_vietnamese(client, structure, django_user_model):
    from tests.accounts_helpers import mfa_verified_login

    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "S3cret-pass!")
    mfa_verified_login(client, admin)
    response = client.get("/admin/tasks-health/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Các tác vụ nền cần được kiểm tra:" in html
    assert "Công việc định kỳ wagtail.publish-scheduled chưa từng chạy." in html
    assert "Gần đây không có tiến trình nền nào báo hoạt động." in html


def test_stable_message_id():
    with override_settings(SITE_URL="https://infofinance.vn"):
        assert stable_message_id("complaint-update", 42) == "<complaint-update.42@infofinance.vn>"
        assert stable_message_id("a b<>", "x@y") == "<a-b.x-y@infofinance.vn>"
        assert stable_message_id("k", 1) == stable_message_id("k", 1)


def test_web_process_does_not_import_rq_on_the_redis_queue():
    code = (
        "import sys, django\n"
        "from infofinance.wsgi import application\n"
        "print(sorted(m for m in sys.modules if m == 'rq' or m.startswith(('rq.', 'django_rq'))))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "infofinance.settings.test",
        "TASKS_URL": "redis://127.0.0.1:6379/13",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stderr
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
