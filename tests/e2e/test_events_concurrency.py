"""Seats under real concurrency: separate processes (the web server's workers are processes),
each with its own database connection, register for the same event at the same instant. On the
SQLite file and on PostgreSQL (the suite's DATABASE_URL), never more holders than seats, the
others on the waiting list, and no "database is locked"."""

import subprocess
import sys
import time

from .conftest import ROOT

PROCESSES, EACH, SEATS = 8, 25, 100

MAKE_EVENT = """
from tests.events_support import make_event
event = make_event(capacity={seats}, english=False)
print(event.pk)
"""

# Each process waits for the same start time, then registers its addresses one by one.
REGISTER = """
import time
from infofinance.events import services
from infofinance.events.models import Event
event = Event.objects.get(pk={event})
time.sleep(max(0.0, {start} - time.time()))
kinds = []
for n in range({each}):
    outcome = services.register(
        event, user=None, name="Khách", email=f"p{worker}-{{n}}@example.com", language="vi",
        answers={{}}, source="staff",
    )
    kinds.append(outcome.kind)
print(",".join(kinds))
"""

COUNT = """
from infofinance.events.models import Registration
from django.db.models import Count
rows = Registration.objects.filter(event_id={event}).values("status").annotate(n=Count("id"))
print(",".join(f"{{r['status']}}={{r['n']}}" for r in sorted(rows, key=lambda r: r["status"])))
"""


def test_processes_registering_at_once_never_overfill_the_event(empty_site):
    site = empty_site
    site.manage("setup_events")
    event = site.python(MAKE_EVENT.format(seats=SEATS)).splitlines()[-1]
    start = time.time() + 20  # every process is up and connected by then
    prelude = "import django; django.setup()\n"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                prelude + REGISTER.format(event=event, start=start, each=EACH, worker=worker),
            ],
            cwd=ROOT,
            env=site.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(PROCESSES)
    ]
    outputs = [process.communicate(timeout=600) for process in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "database is locked" not in err
    kinds = ",".join(out.strip().splitlines()[-1] for out, _err in outputs).split(",")
    assert kinds.count("confirmed") == SEATS
    assert kinds.count("waiting") == PROCESSES * EACH - SEATS
    assert site.python(COUNT.format(event=event)) == (
        f"confirmed={SEATS},waiting={PROCESSES * EACH - SEATS}"
    )
