"""A task for the worker fault tests (tests/e2e/test_worker_faults.py), importable by the worker
from the repository root: it writes a row, waits for a flag file, then sends an e-mail, in
separate steps, each safe to repeat (the row through its primary key, the mail through a stable
Message-ID)."""

import os
import time
from pathlib import Path

from django.core.mail import EmailMessage
from django.db import connection
from django_tasks import task

from infofinance.core.mail import stable_message_id

TABLE = "fault_test_row"
CREATE_TABLE = f"CREATE TABLE IF NOT EXISTS {TABLE} (key VARCHAR(64) PRIMARY KEY, pid INTEGER)"


@task(backend="queue")
def write_then_mail(key: str, flags: str) -> str:
    flags_dir = Path(flags)
    with connection.cursor() as cursor:  # step 1, committed at once (autocommit)
        cursor.execute(
            f"INSERT INTO {TABLE} (key, pid) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
            [key, os.getpid()],
        )
    (flags_dir / f"started-{os.getpid()}").write_text(str(os.getpid()))
    deadline = time.monotonic() + 120
    while not (flags_dir / "release").exists():  # the test kills the worker here
        if time.monotonic() > deadline:
            raise TimeoutError("no release flag")
        time.sleep(0.05)
    message = EmailMessage(  # step 2
        subject=f"Fault test {key}",
        body="Written once, sent at least once.",
        to=["reader@example.com"],
        headers={"Message-ID": stable_message_id("fault-test", key)},
    )
    message.send()
    return key
