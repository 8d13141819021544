"""Registration under load: 2,000 signed-in readers try to register for one event of 500 seats
at once, over HTTP against `scripts/serve-production` (nginx in front of granian and the
worker), with the rate limits on. Afterwards the database must hold exactly 500 confirmed
registrations and the rest on the waiting list, and no answer may be an error. Then a probe:
`--probe` more readers from one address, of whom all above the per-address limit get a 429.

The load comes from 250 client addresses (198.18.0.0/15, the benchmarking range): the bench acts
as a trusted proxy in front of nginx, so the server runs with TRUSTED_PROXY_COUNT=2 and keys its
per-address limits on the address the bench puts in X-Forwarded-For. The limits stay as
configured (EVENTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR, …_PER_ACCOUNT_PER_HOUR) and are reported.

    .venv/bin/python bench/events_register.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/events_register.py --databases sqlite --readers 200 --seats 50

Each database is built fresh (var/bench/events.sqlite3, PostgreSQL infofinance_bench_events).
Results: bench/results/events-register-<database>.json and .md.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.http.run import python, stop, wait_for  # noqa: E402 - after the path it is found on

BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PG = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = "infofinance_bench_events"
NGINX_PORT, APP_PORT, REDIS_DB = 8096, 8097, 6


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def env_for(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="infofinance.settings.local",
        DATABASE_URL=(
            PG + PG_NAME if database == "postgres" else f"sqlite:///{VAR / 'events.sqlite3'}"
        ),
        CACHE_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        NGINX_VAR=str(VAR / "nginx-events"),
        PAGE_CACHE_NGINX_DIR=str(VAR / "nginx-events" / "cache"),
        SITE_URL=f"http://127.0.0.1:{NGINX_PORT}",
        # The bench is the proxy in front of nginx: believe its X-Forwarded-For entry too.
        TRUSTED_PROXY_COUNT="2",
        LOG_LEVEL="WARNING",
        MALLOC_ARENA_MAX="2",
        PYTHONUNBUFFERED="1",
        # The tickets go to the worker's console, which the bench does not read.
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    return env


def fresh_database(database: str, env: dict[str, str]) -> None:
    if database == "postgres":
        import psycopg

        with psycopg.connect(PG + "postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {PG_NAME}")
    else:
        for suffix in ("", "-wal", "-shm"):
            (VAR / f"events.sqlite3{suffix}").unlink(missing_ok=True)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


PREPARE = r"""
import json, secrets, sys
from datetime import timedelta
import django
django.setup()
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from infofinance.events import setup
from infofinance.events.models import EventPage
from infofinance.home.services import add_page, ensure_site_structure

readers, seats = int(sys.argv[1]), int(sys.argv[2])
ensure_site_structure()
index = setup.ensure_index_pages()["vi"]
starts = (timezone.now() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
page = EventPage(
    title="Hội thảo đo tải đăng ký",
    slug="hoi-thao-do-tai",
    summary="Sự kiện dùng cho phép đo đăng ký đồng thời.",
    locale=index.locale,
    starts_at=starts,
    ends_at=starts + timedelta(hours=3),
    time_zone="Asia/Ho_Chi_Minh",
    attendance="in_person",
    capacity=seats,
    venue_name="Trung tâm Hội nghị Quốc gia",
    street_address="57 Phạm Hùng",
    locality="Hà Nội",
)
add_page(index, page, live=True)
User = get_user_model()
password = make_password(secrets.token_urlsafe(16))  # one hash: no reader signs in by form
users = User.objects.bulk_create(
    User(username=f"bench-{n}", email=f"bench-{n}@bench.infofinance.example",
         password=password, display_name=f"Nhà đầu tư {n}")
    for n in range(readers)
)
users = list(User.objects.filter(username__startswith="bench-").order_by("pk"))
EmailAddress.objects.bulk_create(
    EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
)
backend = "allauth.account.auth_backends.AuthenticationBackend"
sessions = []
for user in users:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({"path": page.url + "dang-ky/", "event": page.shared_event().pk,
                  "sessions": sessions}))
"""

COUNT = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.db.models import Count
from infofinance.events.models import Registration
rows = Registration.objects.filter(event_id=int(sys.argv[1])).values("status")
print(json.dumps({
    "by_status": {row["status"]: row["n"] for row in rows.annotate(n=Count("pk"))},
    "limits": {
        "per_address_per_hour": settings.EVENTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR,
        "per_account_per_hour": settings.EVENTS_REGISTRATIONS_PER_ACCOUNT_PER_HOUR,
    },
}))
"""


def python_json(env, code: str, *args: str) -> dict:
    """The JSON that `code` prints last, run against the data set `env` names."""
    return json.loads(python(env, code, *args).splitlines()[-1])


def start_server(env) -> subprocess.Popen:
    shutil.rmtree(env["NGINX_VAR"], ignore_errors=True)
    subprocess.run(
        ["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, stdout=subprocess.DEVNULL
    )
    return subprocess.Popen(
        ["scripts/serve-production", str(NGINX_PORT), str(APP_PORT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


def client_address(n: int, addresses: int) -> str:
    k = n % addresses
    return f"198.18.{k // 250}.{k % 250 + 1}"


def attempt(path: str, session: str, address: str) -> tuple[int, float]:
    """One reader's registration POST, as the form sends it: (status, seconds)."""
    token = secrets.token_hex(16)  # a 32-character CSRF secret, set as the cookie and the field
    body = urlencode({"csrfmiddlewaretoken": token})
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": address,
    }
    connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=120)
    start = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    except OSError:
        return 0, time.perf_counter() - start
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(database: str, args) -> dict:
    env = env_for(database)
    log(f"== {database}: a fresh database")
    fresh_database(database, env)
    log(f"   {args.readers:,} readers with sessions, an event of {args.seats} seats")
    probe_size = args.probe
    prepared = python_json(env, PREPARE, str(args.readers + probe_size), str(args.seats))
    probe_sessions = prepared["sessions"][args.readers :]
    server = start_server(env)
    try:
        wait_for(f"http://127.0.0.1:{NGINX_PORT}/healthz/")
        path = prepared["path"]
        statuses: dict[int, int] = {}
        latencies: list[float] = []
        done = 0
        lock = threading.Lock()

        def one(n: int) -> None:
            nonlocal done
            status, seconds = attempt(
                path, prepared["sessions"][n], client_address(n, args.addresses)
            )
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                latencies.append(seconds)
                done += 1
                if done % 100 == 0:
                    sys.stderr.write(f"\r   attempts {done:,}/{args.readers:,}")

        log(f"   {args.readers:,} POSTs, {args.concurrency} at a time, {args.addresses} addresses")
        start = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(one, range(args.readers)))
        elapsed = time.perf_counter() - start
        sys.stderr.write("\n")
        counts = python_json(env, COUNT, str(prepared["event"]))
        # The limits are on: more readers than the per-address limit from one new address.
        probe: dict[int, int] = {}
        for session in probe_sessions:
            status, _seconds = attempt(path, session, "198.19.255.1")
            probe[status] = probe.get(status, 0) + 1
    finally:
        stop(server)
    by_status = counts["by_status"]
    errors = sum(n for status, n in statuses.items() if status not in (302, 303))
    result = {
        "database": database,
        "readers": args.readers,
        "seats": args.seats,
        "addresses": args.addresses,
        "concurrency": args.concurrency,
        "seconds": round(elapsed, 1),
        "per_second": round(args.readers / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000),
        "p99_ms": round(percentile(latencies, 0.99) * 1000),
        "http_statuses": {str(status): n for status, n in sorted(statuses.items())},
        "errors": errors,
        "rate_limited": statuses.get(429, 0),
        "rate_limits": counts["limits"],
        "limit_probe": {
            "attempts_from_one_address": probe_size,
            "http_statuses": {str(status): n for status, n in sorted(probe.items())},
        },
        "registrations": by_status,
        "exact": by_status.get("confirmed", 0) == args.seats
        and by_status.get("waiting", 0) == args.readers - args.seats
        and errors == 0
        and probe.get(429, 0) == max(0, probe_size - counts["limits"]["per_address_per_hour"]),
    }
    log(
        f"   {result['seconds']} s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"statuses {result['http_statuses']}, registrations {by_status}"
    )
    return result


def write(result: dict) -> None:
    name = f"events-register-{result['database']}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    limits, probe = result["rate_limits"], result["limit_probe"]
    lines = [
        f"# Registration under load, {result['database']}",
        "",
        f"{result['readers']:,} signed-in readers, {result['seats']} seats, "
        f"{result['concurrency']} requests at a time from {result['addresses']} client "
        "addresses, over HTTP through nginx (scripts/serve-production).",
        "",
        "| confirmed | waiting | other | errors | 429 | p50 | p99 | total |",
        "|---|---|---|---|---|---|---|---|",
        "| {c} | {w} | {o} | {e} | {r} | {p50} ms | {p99} ms | {s} s |".format(
            c=result["registrations"].get("confirmed", 0),
            w=result["registrations"].get("waiting", 0),
            o=sum(
                n
                for status, n in result["registrations"].items()
                if status not in ("confirmed", "waiting")
            ),
            e=result["errors"],
            r=result["rate_limited"],
            p50=result["p50_ms"],
            p99=result["p99_ms"],
            s=result["seconds"],
        ),
        "",
        f"Rate limits on: {limits['per_address_per_hour']} registrations per address and "
        f"{limits['per_account_per_hour']} per account per hour. HTTP statuses: "
        f"{result['http_statuses']}. Then {probe['attempts_from_one_address']} more readers "
        f"from one address: {probe['http_statuses']} (429: over the per-address limit). "
        f"Exactly {result['seats']} confirmed, no error, the limit enforced: "
        f"{'yes' if result['exact'] else 'NO'}.",
        "",
    ]
    (RESULTS / f"{name}.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--readers", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--addresses", type=int, default=250)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument(
        "--probe", type=int, default=35, help="readers sent from one address after the run"
    )
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    failed = False
    for database in args.databases:
        result = run(database, args)
        write(result)
        failed |= not result["exact"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
