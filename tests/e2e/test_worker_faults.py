"""A worker killed with SIGKILL in the middle of a task (row written, e-mail not yet sent) and
started again: the task is re-queued and finishes; the row exists once and the e-mail arrived at
least once, every copy with the same Message-ID. On the database queue (the site's SQLite file,
or PostgreSQL when the suite runs on it) and on Redis (TASKS_URL, RQ)."""

import os
import signal
import socket
import time
import uuid

import pytest

from .conftest import PYTHON

pytestmark = [pytest.mark.e2e]

REDIS_URL = os.environ.get("TEST_TASKS_REDIS_URL", "redis://127.0.0.1:6379/13")


def redis_reachable() -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.content.decode("utf-8", "replace"))
            return "250 OK"

    handler = Collect()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler.messages
    controller.stop()


def message_ids(messages) -> list[str]:
    from email import message_from_string

    return [message_from_string(text)["Message-ID"] for text in messages]


def wait_for(condition, timeout, describe):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(describe())


STATUS = """
from tests.e2e.fault_tasks import write_then_mail
print(write_then_mail.get_backend().get_result({id!r}).status)
"""


# The database queue runs on each database; the Redis queue (RQ) does not depend on it.
@pytest.mark.parametrize(
    "queue", ["database", pytest.param("redis", marks=pytest.mark.db_independent)]
)
def test_task_of_a_killed_worker_runs_again_once(queue, empty_site, smtp_server, tmp_path):
    if queue == "redis" and not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (TEST_TASKS_REDIS_URL)")
    site = empty_site
    port, received = smtp_server
    site.env.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="0",
        TASKS_ABANDONED_AFTER="3",
    )
    if queue == "redis":
        site.env["TASKS_URL"] = REDIS_URL
        site.python("import django_rq; django_rq.get_connection('default').flushdb()")
    flags = tmp_path / "flags"
    flags.mkdir()
    key = uuid.uuid4().hex
    site.python(
        "from django.db import connection\n"
        "from tests.e2e.fault_tasks import CREATE_TABLE\n"
        "connection.cursor().execute(CREATE_TABLE)"
    )
    task_id = site.python(
        "from tests.e2e.fault_tasks import write_then_mail\n"
        f"print(write_then_mail.enqueue({key!r}, {str(flags)!r}).id)"
    )
    worker = site.start(PYTHON, "manage.py", "worker", "--interval", "0.2", log="worker-1.log")

    def started():
        return sorted(flags.glob("started-*"))

    wait_for(lambda: started(), 90, lambda: (site.tmp / "worker-1.log").read_text())
    # Row written, mail not sent: kill the worker, and the process running the task (the
    # worker itself on the database queue, RQ's work-horse on Redis).
    task_pid = int(started()[0].read_text())
    os.kill(worker.pid, signal.SIGKILL)
    if task_pid != worker.pid:
        os.kill(task_pid, signal.SIGKILL)
    worker.wait(timeout=10)
    assert site.python(STATUS.format(id=task_id)) == "RUNNING"
    assert received == []
    (flags / "release").touch()

    second = site.start(PYTHON, "manage.py", "worker", "--interval", "0.2", log="worker-2.log")
    wait_for(
        lambda: received and site.python(STATUS.format(id=task_id)) == "SUCCESSFUL",
        120,
        lambda: (site.tmp / "worker-2.log").read_text(),
    )
    # Stop the worker and wait for it to exit: whatever it was still sending has arrived, and
    # nothing else can, so the messages counted below are all there will be.
    second.terminate()
    second.wait(timeout=30)
    rows = site.python(
        "from django.db import connection\n"
        "from tests.e2e.fault_tasks import TABLE\n"
        "c = connection.cursor()\n"
        "c.execute(f'SELECT COUNT(*) FROM {TABLE} WHERE key = %s', [" + repr(key) + "])\n"
        "print(c.fetchone()[0])"
    )
    ids = message_ids(received)
    duplicates = len(received) - 1
    print(f"\n{queue} queue: {len(received)} e-mail(s), {duplicates} duplicate(s), ids {ids}")
    assert rows == "1"
    assert len(received) >= 1
    assert len(set(ids)) == 1 and ids[0] == f"<fault-test.{key}@127.0.0.1>"
    assert len(started()) == 2  # the task ran twice: once killed, once to the end
    assert "re-queued" in (site.tmp / "worker-2.log").read_text()


def test_two_workers_run_each_period_once(empty_site):
    """Periodic jobs run in exactly one process: two workers, a one-second period, and every
    period's jobs claimed by one of them only (a lock row in the database)."""
    site = empty_site
    logs = ["lock-a.log", "lock-b.log"]
    for log in logs:
        site.start(
            PYTHON, "manage.py", "worker", "--period", "1", "--interval", "0.2", "-v", "2", log=log
        )

    def slots():
        found = []
        for log in logs:
            text = (site.tmp / log).read_text()
            found += [line.split()[2] for line in text.splitlines() if line.startswith("periodic:")]
        return found

    wait_for(lambda: len(set(slots())) >= 6, 90, lambda: "\n".join(slots()))
    for process in site.processes:
        process.terminate()
    for process in site.processes:
        process.wait(timeout=30)
    found = slots()
    assert len(found) == len(set(found)), sorted(found)  # no period ran twice
    runs = site.python(
        "from infofinance.ops.models import PeriodicJobRun\n"
        "print(PeriodicJobRun.objects.get(pk='wagtail.publish-scheduled').runs)"
    )
    assert int(runs) == len(found)
