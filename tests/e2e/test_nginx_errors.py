"""nginx's own refusals and failures, served for real from deploy/nginx.conf.template: a body
over client_max_body_size gets the site's 413 page, an application that is down its 502 page
and one that does not answer its 504 page, in the language of the address (/en/ → English)."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import PYTHON, ROOT, free_port

# nginx's own pages in front of an application that is down or does not answer: no database
# takes part, so the PostgreSQL run leaves it out (scripts/test).
pytestmark = [pytest.mark.e2e, pytest.mark.db_independent]


def render_config(tmp: Path, port: int, app_port: int, *, read_timeout: str = "") -> Path:
    """The template filled in as scripts/serve-production fills it (static files in tmp)."""
    var, static = tmp / f"var-{port}", tmp / "static"
    for name in ("cache", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (var / name).mkdir(parents=True, exist_ok=True)
    text = (ROOT / "deploy/nginx.conf.template").read_text()
    for key, value in {
        "@VAR@": str(var),
        "@CACHE_DIR@": str(var / "cache"),
        "@PORT@": str(port),
        "@APP_PORT@": str(app_port),
        "@USER@": "user root;" if os.getuid() == 0 else "",
        "@STATIC_ROOT@": str(static),
        "@MEDIA_ROOT@": str(tmp / "media"),
    }.items():
        text = text.replace(key, value)
    if read_timeout:  # only to see a 504 without waiting nginx's default minute
        text = text.replace("proxy_pass http://app;", f"proxy_pass http://app;\n{read_timeout}")
    config = var / "nginx.conf"
    config.write_text(text)
    return config


@pytest.fixture
def nginx(tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (make test installs it)")
    subprocess.run(
        [PYTHON, "manage.py", "proxy_error_pages", "--dir", str(tmp_path / "static/errors")],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "infofinance.settings.test"},
        check=True,
        timeout=120,
    )
    started = []

    def start(app_port: int, **options) -> int:
        port = free_port()
        config = render_config(tmp_path, port, app_port, **options)
        prefix = str(config.parent)
        subprocess.run(["nginx", "-t", "-q", "-c", str(config), "-p", prefix], check=True)
        process = subprocess.Popen(
            ["nginx", "-c", str(config), "-p", prefix, "-g", "daemon off;"],
            start_new_session=True,
        )
        started.append(process)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return port
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    yield start
    for process in started:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def request(port, method, path, headers=None, body=None) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest(method, path)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def too_large(port, path):
    """Headers announcing 120 MB of form: nginx answers before the body is sent."""
    return request(
        port,
        "POST",
        path,
        {
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(120 * 1024 * 1024),
        },
        b"--x\r\n",
    )


def test_a_body_over_the_limit_gets_the_site_s_413_page_in_its_language(nginx):
    port = nginx(free_port())
    status, headers, html = too_large(port, "/khieu-nai/gui/")
    assert status == 413
    assert headers["Content-Type"].startswith("text/html")
    assert '<html lang="vi">' in html and "<h1>Tệp quá lớn</h1>" in html
    assert 'href="/static/css/site.css"' in html and "nginx" not in html
    status, _headers, html = too_large(port, "/en/complaints/new/")
    assert status == 413 and "<h1>The files are too large</h1>" in html


def test_the_application_down_gets_the_site_s_502_page(nginx):
    port = nginx(free_port())  # nothing listens there
    status, headers, html = request(port, "GET", "/tin-tuc/")
    assert status == 502 and "<h1>Trang web tạm thời không truy cập được</h1>" in html
    assert headers.get("Cache-Control") == "no-store"
    status, _headers, html = request(port, "GET", "/en/news/")
    assert status == 502 and "<h1>The site is briefly unavailable</h1>" in html
    # The pages themselves are not addresses of the site.
    status, _headers, html = request(port, "GET", "/__errors/502.vi.html")
    assert status == 404


def test_an_application_that_does_not_answer_gets_the_site_s_504_page(nginx):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    accepted = []

    def accept():  # takes connections and never answers
        while True:
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        port = nginx(silent.getsockname()[1], read_timeout="proxy_read_timeout 1s;")
        status, _headers, html = request(port, "GET", "/en/news/")
        assert status == 504 and "<h1>The server took too long to answer</h1>" in html
        status, _headers, html = request(port, "GET", "/tin-tuc/")
        assert status == 504 and "<h1>Máy chủ phản hồi quá lâu</h1>" in html
    finally:
        silent.close()
        for connection in accepted:
            connection.close()
