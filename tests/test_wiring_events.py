"""Domain events (infofinance.wiring.events): dispatched after commit, each subscriber a queued
task run by the worker, payload checked at publish, failures kept away from the publisher."""

from unittest.mock import patch

import pytest
from django.db import transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from infofinance.wiring import events
from tests import wiring_events_handlers as handlers

pytestmark = pytest.mark.django_db
EVENT = "test.something_changed"


@pytest.fixture(autouse=True)
def _subscribers():
    handlers.CALLS.clear()
    saved = {name: list(paths) for name, paths in events._subscribers.items()}
    yield
    events._subscribers.clear()
    events._subscribers.update(saved)
    handlers.CALLS.clear()


def run_queue():
    """The database worker, in this process and inside the test's transaction. The worker
    closes connections it thinks obsolete between tasks; inside a test's transaction Django
    counts the connection as such (autocommit is off) and PostgreSQL's would be closed under the
    test, so that clean-up is left out here."""
    with patch.object(db_worker, "close_old_connections", lambda: None):
        _worker().run()


def _worker():
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="queue",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-wiring",
        excluded_queue_names=[],
    )


def test_subscriber_runs_once_through_the_queue_after_commit(django_capture_on_commit_callbacks):
    events.subscribe(EVENT, handlers.record)
    events.subscribe(EVENT, handlers.record)  # idempotent
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        events.publish(EVENT, broker_id=7, warnings=["expired"])
        assert DBTaskResult.objects.count() == 0
    assert len(callbacks) == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "infofinance.wiring.events.run_subscriber"
    assert handlers.CALLS == []  # queued, not run in the publisher
    run_queue()
    assert handlers.CALLS == [{"broker_id": 7, "warnings": ["expired"]}]
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    run_queue()
    assert len(handlers.CALLS) == 1


def test_nothing_is_published_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    events.subscribe(EVENT, handlers.record)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        events.publish(EVENT, broker_id=7)
        1 / 0
    assert callbacks == []
    assert DBTaskResult.objects.count() == 0


def test_event_without_subscribers_is_fine(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("test.nobody_listens", value=1)
    assert DBTaskResult.objects.count() == 0


def test_payload_must_be_json_serialisable():
    with pytest.raises(TypeError):
        events.publish(EVENT, when=object())
    with pytest.raises(TypeError):
        events.publish(EVENT, ratio=float("nan"))


def test_failing_handler_does_not_break_the_publisher_nor_the_others(
    django_capture_on_commit_callbacks,
):
    events.subscribe(EVENT, handlers.explode)
    events.subscribe(EVENT, handlers.record)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(EVENT, broker_id=3)
    run_queue()
    statuses = dict(DBTaskResult.objects.values_list("args_kwargs__args__1", "status"))
    assert statuses == {
        "tests.wiring_events_handlers:explode": TaskResultStatus.FAILED,
        "tests.wiring_events_handlers:record": TaskResultStatus.SUCCESSFUL,
    }
    assert handlers.CALLS == [{"broker_id": 3}]


def test_handlers_must_be_module_level():
    with pytest.raises(ValueError):
        events.subscribe(EVENT, lambda **payload: None)
