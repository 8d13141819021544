"""Seats under concurrency, with threads on PostgreSQL: every thread has its own connection and
the lock of `services.lock_event` is the only thing between them (docs/design/events.md §4.1).
On SQLite the test database is in memory and shared by the threads, which proves nothing: the
SQLite file is covered by tests/e2e/test_events_concurrency.py, with processes."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from infofinance.events import selectors, services
from infofinance.events.models import Registration, Status
from tests.events_support import make_event

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads share SQLite's in-memory test database: see tests/e2e/",
)


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Work committed for real, so that the threads' own connections see it, and removed at
    the end. (Not `django_db(transaction=True)`: its flush would also remove the session's
    site skeleton, which the tests after these ones build on.)"""
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Page

    from infofinance.events.models import CheckIn, Event, EventChange, EventIndexPage

    with django_db_blocker.unblock():
        indexes = set(EventIndexPage.objects.values_list("pk", flat=True))
        tasks = set(DBTaskResult.objects.values_list("pk", flat=True))
        made: list = []
        try:
            yield made
        finally:
            pks = [event.pk for event in made]
            CheckIn.objects.filter(event_id__in=pks).delete()
            EventChange.objects.filter(event_id__in=pks).delete()
            Registration.objects.filter(event_id__in=pks).delete()
            for event in made:
                for page in event.pages.values():
                    Page.objects.filter(pk=page.pk).first().delete()
            Event.objects.filter(pk__in=pks).delete()
            for page in EventIndexPage.objects.exclude(pk__in=indexes):
                page.delete()
            DBTaskResult.objects.exclude(pk__in=tasks).delete()  # the mails they queued


THREADS, ATTEMPTS, SEATS = 40, 5, 50


def run_together(work, count):
    """`work(n)` in `count` threads released at once; the errors they raised."""
    barrier = threading.Barrier(count)
    errors = []

    def run(n):
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # reported by the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def register(event, email, source="staff"):
    return services.register(
        event, user=None, name="Khách", email=email, language="vi", answers={}, source=source
    )


def event_of(committed, capacity):
    event = make_event(capacity=capacity, english=False)
    committed.append(event)
    return event


def test_forty_threads_never_take_more_seats_than_there_are(committed):
    event = event_of(committed, SEATS)
    kinds = Counter()
    lock = threading.Lock()

    def work(n):
        for attempt in range(ATTEMPTS):
            outcome = register(event, f"t{n}-{attempt}@example.com")
            with lock:
                kinds[outcome.kind] += 1

    assert run_together(work, THREADS) == []
    assert kinds == {"confirmed": SEATS, "waiting": THREADS * ATTEMPTS - SEATS}
    rows = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert rows == {Status.CONFIRMED: SEATS, Status.WAITING: THREADS * ATTEMPTS - SEATS}


def test_the_same_address_from_many_threads_is_one_registration(committed):
    event = event_of(committed, SEATS)
    assert run_together(lambda n: register(event, "Same@Example.com", "guest"), 20) == []
    assert Registration.objects.filter(event=event).count() == 1


def test_cancellations_and_registrations_at_once_keep_the_invariant(committed):
    event = event_of(committed, 20)
    holders = [register(event, f"h{n}@example.com").registration for n in range(20)]
    waiting = [register(event, f"w{n}@example.com").registration for n in range(20)]
    assert all(r.status == Status.WAITING for r in waiting)

    def work(n):
        if n % 2:
            services.cancel(holders[n])
        else:
            register(event, f"late{n}@example.com")
            services.cancel(holders[n])

    assert run_together(work, 20) == []
    event.refresh_from_db()
    from django.utils import timezone

    held = selectors.seats_held(event=event, now=timezone.now())
    assert held == 20  # every freed seat went to someone waiting, none twice
    statuses = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses[Status.CONFIRMED] + statuses[Status.OFFERED] == 20
    assert statuses[Status.CANCELLED] == 20
