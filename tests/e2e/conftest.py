"""A real site for end-to-end tests: its own database (a SQLite file, or a PostgreSQL database
when the suite runs on PostgreSQL), the local profile, the web server (granian) and, when
asked, the worker."""

import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).with_name("granian"))


def redis_db() -> int:
    """A Redis database of this test process's own (pytest-xdist's workers run side by side);
    13 to 15 belong to other tests."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return 10 + int(worker[2:]) % 3 if worker.startswith("gw") else 12


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp: Path, name: str) -> tuple[str, callable]:
    """An empty database of its own (a SQLite file in `tmp`, or a PostgreSQL database when the
    suite runs on PostgreSQL): its URL, and the function that drops it."""
    url, _name, drop = _new_database(tmp, name, None)
    return url, drop


_SITE_NUMBERS = itertools.count()


def _new_database(tmp: Path, name: str, template: "Site | None") -> tuple[str, str, callable]:
    """A database of its own: a copy of the template's when one is given (a SQLite file
    copied, a PostgreSQL database created from it), else an empty one."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(base)
        # Unique per site, not only per process: a module outside tests/e2e/ that imports a
        # session fixture from here gets its own instance of it, next to this package's.
        dbname = f"{config['NAME']}_{name}_{os.getpid()}_{next(_SITE_NUMBERS)}"

        def admin(sql):
            with psycopg.connect(
                host=config["HOST"],
                port=config["PORT"] or 5432,
                user=config["USER"],
                password=config["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
            ) as conn:
                conn.execute(sql)

        admin(f'DROP DATABASE IF EXISTS "{dbname}"')
        if template is None:
            admin(f'CREATE DATABASE "{dbname}"')
        else:
            admin(f'CREATE DATABASE "{dbname}" TEMPLATE "{template.dbname}"')
        url = base.rsplit("/", 1)[0] + f"/{dbname}"
        return url, dbname, lambda: admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    path = tmp / "db.sqlite3"
    if template is not None:
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(template.tmp / "db.sqlite3") + suffix)
            if source.exists():
                shutil.copyfile(source, str(path) + suffix)
    return f"sqlite:///{path}", str(path), lambda: None


class Site:
    """A site of its own. Built from `template` (a site after migrate, setup_site and
    collectstatic, made once per session), its database is a copy of the template's, set up
    again for its own address, and it serves the template's static files (read only)."""

    def __init__(self, tmp: Path, name: str, demo: bool, template: "Site | None" = None):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        database_url, self.dbname, self._drop = _new_database(tmp, name, template)
        static = (template.tmp if template else tmp) / "static"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "infofinance.settings.local",
            "DATABASE_URL": database_url,
            "INFOFINANCE_VAR_DIR": str(tmp / "var"),
            "STATIC_ROOT": str(static),
            "SITE_URL": self.url,
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("CACHE_URL", None)
        self.processes: list[subprocess.Popen] = []
        # setup_site again on a copy: the Site record takes this site's address.
        commands = [["setup_site"], *([["load_demo"]] if demo else [])]
        if template is None:
            commands[:0] = [["migrate", "--noinput", "-v0"]]
            commands.append(["collectstatic", "--noinput", "-v0"])
        for command in commands:
            self.manage(*command)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def python(self, code: str) -> str:
        """Run code against the site's database in a separate process."""
        prelude = "import django; django.setup()\n"
        result = subprocess.run(
            [PYTHON, "-c", prelude + code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    def start(self, *command: str, log: str) -> subprocess.Popen:
        handle = open(self.tmp / log, "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def start_web(self) -> None:
        self.start(
            GRANIAN,
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            "2",
            "--blocking-threads",
            "4",
            "--no-ws",
            "infofinance.wsgi:application",
            log="web.log",
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz/", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):  # workers still booting
                time.sleep(0.2)
        raise RuntimeError("the web server did not start:\n" + (self.tmp / "web.log").read_text())

    def start_worker(self, period: float = 1.0) -> None:
        self.start(
            PYTHON,
            "manage.py",
            "worker",
            "--period",
            str(period),
            "--interval",
            "0.2",
            log="worker.log",
        )

    def get(self, path: str) -> tuple[int, str]:
        # A guard against a hung server, not a speed check: on a loaded two-core host a worker's
        # first render of a page type once took over 10 s (CI, PostgreSQL run).
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self._drop()


@pytest.fixture(scope="session")
def site_template(tmp_path_factory):
    """Migrated once per session (per xdist worker): each site copies this database."""
    site = Site(tmp_path_factory.mktemp("template-site"), "template", demo=False)
    yield site
    site.stop()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, site_template):
    site = Site(tmp_path_factory.mktemp("demo-site"), "demo", demo=True, template=site_template)
    site.start_web()
    yield site
    site.stop()


@pytest.fixture
def empty_site(tmp_path_factory, site_template):
    site = Site(
        tmp_path_factory.mktemp("worker-site"), "worker", demo=False, template=site_template
    )
    yield site
    site.stop()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Debian's Chromium under Playwright, shared by a module's browser tests. Playwright's
    sync API keeps an event loop running in this thread while it is open, and Django refuses
    database work inside one: closed at the end of the module, so that the tests an xdist
    worker runs next can use the database, and opened after the test database is set up."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
