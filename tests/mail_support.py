"""A real SMTP server for e-mail tests (aiosmtpd, in this process) and the database queue's
worker run in the test, so that a notification goes the way it goes on the site: the service's
event after commit, a queued task, the worker, SMTP."""

import socket
from email import message_from_bytes, policy
from unittest.mock import patch

import pytest


class Sink:
    """What the SMTP server received: `raw`, the bytes of each message; `messages`, parsed."""

    def __init__(self):
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        return "250 OK"

    @property
    def messages(self):
        return [message_from_bytes(data, policy=policy.default) for data in self.raw]

    def ids(self) -> list[str]:
        # A long header is folded onto the next line: the parser keeps the fold's space.
        return [str(m["Message-ID"]).strip() for m in self.messages]

    def duplicates(self) -> int:
        return len(self.raw) - len(set(self.ids()))

    def clear(self):
        self.raw.clear()


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def subject(message) -> str:
    return str(message["Subject"]).strip()


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    sink = Sink()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


def run_queue():
    """The database worker, in this process and inside the test's transaction (as in
    tests/test_wiring_events.py: its closing of "obsolete" connections is left out)."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="queue",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-mail",
        excluded_queue_names=[],
    )
    with patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()


def worker_died_after_sending() -> int:
    """Every finished task as it is left when its worker dies after sending, before recording
    success (RUNNING, its worker silent for longer than TASKS_ABANDONED_AFTER); then the
    worker's own re-queueing (ops.services.requeue_abandoned) puts them back in the queue.
    Returns how many were re-queued."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from infofinance.ops.services import abandoned_after, requeue_abandoned

    long_ago = timezone.now() - abandoned_after() - timedelta(minutes=1)
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING,
        started_at=long_ago,
        finished_at=None,
        worker_ids=["dead-worker"],
    )
    requeued, _failed = requeue_abandoned(backend_name="queue")
    return requeued
