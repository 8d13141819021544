"""The process runner of `make run` (scripts/supervise.py with the Procfile): a worker or a web
server killed with SIGKILL is started again, the other keeps serving, the access log goes to a
file and not through the runner, and SIGTERM stops everything."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .conftest import ROOT, free_port, redis_db

# The process runner's restarts and signals do not depend on the database: once is enough.
pytestmark = [pytest.mark.e2e, pytest.mark.db_independent]


def started(log_path, name: str) -> list[int]:
    return [int(pid) for pid in re.findall(rf"{name} started \(pid (\d+)\)", log_path.read_text())]


def wait_until(condition, timeout: float, what: str, log_path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}:\n{log_path.read_text()}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def runner(empty_site):
    site = empty_site
    log_dir = site.tmp / "var" / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    config = log_dir / "granian-logging.json"
    template = (ROOT / "deploy" / "granian-logging.json.template").read_text()
    config.write_text(template.replace("@ACCESS_LOG@", str(log_dir / "access.log")))
    # What scripts/run exports before it hands over to the runner (ACCESS_LOG=1).
    site.env.update(
        HTTP_PORT=str(site.port),
        WEB_WORKERS="2",
        GRANIAN_LOG_CONFIG=str(config),
        GRANIAN_LOG_ACCESS_ENABLED="true",  # as with ACCESS_LOG=1 make run
    )
    log_path = site.tmp / "runner.log"
    with open(log_path, "w") as handle:
        process = subprocess.Popen(
            [sys.executable, "scripts/supervise.py", "-f", "Procfile", "--grace", "10"],
            cwd=ROOT,
            env=site.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: answers(site.url), 60, "the web server did not start", log_path)
        wait_until(lambda: started(log_path, "worker"), 10, "no worker", log_path)
        yield site, process, log_path
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_killed_worker_and_web_server_are_restarted(runner):
    site, process, log_path = runner
    (worker_pid,) = started(log_path, "worker")
    wait_until(lambda: "worker: periodic jobs" in log_path.read_text(), 30, "worker", log_path)

    os.kill(worker_pid, signal.SIGKILL)
    failures = 0
    deadline = time.monotonic() + 20
    while len(started(log_path, "worker")) < 2 and time.monotonic() < deadline:
        failures += not answers(site.url)  # the web server keeps answering meanwhile
        time.sleep(0.1)
    restarted = started(log_path, "worker")
    assert len(restarted) == 2, log_path.read_text()
    assert failures == 0
    assert f"worker (pid {worker_pid}) killed by SIGKILL" in log_path.read_text()
    assert alive(restarted[1]) and not alive(worker_pid)
    assert process.poll() is None

    (web_pid,) = started(log_path, "web")
    os.kill(web_pid, signal.SIGKILL)
    wait_until(lambda: len(started(log_path, "web")) == 2, 20, "web not restarted", log_path)
    wait_until(lambda: answers(site.url), 60, "the new web server does not answer", log_path)
    assert f"web (pid {web_pid}) killed by SIGKILL" in log_path.read_text()
    assert alive(started(log_path, "worker")[1])  # the worker was left alone

    # Requests are logged to the file, not relayed through the runner to the terminal.
    access_log = (site.tmp / "var" / "log" / "access.log").read_text()
    assert '"GET /healthz/ HTTP/1.1" 200' in access_log
    assert "/healthz/" not in log_path.read_text()

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    text = log_path.read_text()
    assert "SIGTERM: stopping web, worker" in text and "worker: stopped" in text
    assert not answers(site.url)
    for pid in (*started(log_path, "web"), *started(log_path, "worker")):
        assert not alive(pid)


def test_serve_production_runs_and_restarts_the_worker_and_web_server(empty_site, tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (make test installs it)")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    site = empty_site
    site.env.update(
        CACHE_URL=f"redis://127.0.0.1:6379/{redis_db()}",
        NGINX_VAR=str(tmp_path / "nginx"),
        PAGE_CACHE_NGINX_DIR=str(tmp_path / "nginx" / "cache"),
    )
    port, app_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as handle:
        process = subprocess.Popen(
            ["scripts/serve-production", str(port), str(app_port)],
            cwd=ROOT,
            env=site.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until(lambda: answers(url), 90, "serve-production did not start", log_path)
        wait_until(lambda: started(log_path, "worker"), 10, "no worker", log_path)
        assert started(log_path, "nginx") and started(log_path, "web")
        (worker_pid,) = started(log_path, "worker")
        os.kill(worker_pid, signal.SIGKILL)
        wait_until(lambda: len(started(log_path, "worker")) == 2, 20, "no new worker", log_path)
        assert answers(url)
        (web_pid,) = started(log_path, "web")
        os.kill(web_pid, signal.SIGKILL)
        wait_until(lambda: len(started(log_path, "web")) == 2, 20, "no new web", log_path)
        wait_until(lambda: answers(url), 60, "nginx gets no answer again", log_path)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not answers(url)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
