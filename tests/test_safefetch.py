"""The one module that fetches URLs (infofinance/core/safefetch.py): a local server allowed by
the settings answers; 127.0.0.1 on a port not allowed, a redirect there, a name resolving to a
private address, other schemes, bodies too large and servers too slow are refused with a clear
error. `local_server` is shared with the markets' import tests."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from infofinance.core import safefetch
from infofinance.core.safefetch import FetchError, FetchRefused, is_public_address


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        return None

    def do_GET(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.requests.append(self.path)
        if parts.path.startswith("/file/"):
            name = parts.path.removeprefix("/file/")
            if name not in self.server.files:
                return self._send(404, b"not found")
            body, content_type = self.server.files[name]
            return self._send(200, body, content_type)
        if parts.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", query.get("to", ["/redirect"])[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if parts.path == "/big":  # no Content-Length: the size is only known by reading
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(int(query["kb"][0]) // 64):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return None
        if parts.path == "/slow":  # headers at once, then a drip
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return None
        return self._send(404, b"not found")

    def _send(self, status, body, content_type="text/plain; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class LocalServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.files = {}
        self.httpd.requests = []
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, name: str, body: bytes, content_type="text/plain; charset=utf-8") -> str:
        self.httpd.files[name] = (body, content_type)
        return self.url(f"/file/{name}")

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server(settings):
    """A local HTTP server, allowed through SAFE_FETCH_ALLOWED for this test only."""
    server = LocalServer()
    settings.SAFE_FETCH_ALLOWED = [server.host_port]
    yield server
    server.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_allowed_local_server_is_fetched(local_server):
    url = local_server.serve("a.csv", b"indicator,period\n", "text/csv; charset=utf-8")
    result = safefetch.fetch(url)
    assert result.status == 200
    assert result.body == b"indicator,period\n"
    assert result.content_type == "text/csv"
    assert result.charset == "utf-8"
    assert result.url == url


def test_127_0_0_1_is_refused_when_not_allowed(local_server, settings):
    url = local_server.serve("a.csv", b"x")
    settings.SAFE_FETCH_ALLOWED = []
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.1"):
        safefetch.fetch(url)
    assert local_server.requests == []  # refused before connecting


def test_a_redirect_to_127_0_0_1_on_another_port_is_refused(local_server):
    other = free_port()
    target = f"http://127.0.0.1:{other}/secret"
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.1"):
        safefetch.fetch(local_server.url(f"/redirect?to={target}"))
    assert len(local_server.requests) == 1  # the allowed server was asked, the target never


def test_a_redirect_within_the_allowed_server_is_followed(local_server):
    local_server.serve("b.csv", b"ok")
    result = safefetch.fetch(local_server.url("/redirect?to=/file/b.csv"))
    assert result.body == b"ok"
    assert result.url == local_server.url("/file/b.csv")


def test_a_redirect_loop_stops(local_server):
    with pytest.raises(FetchRefused, match="5"):
        safefetch.fetch(local_server.url("/redirect"))  # to itself
    assert len(local_server.requests) == safefetch.MAX_REDIRECTS + 1


def test_a_body_too_large_is_cut_off(local_server, settings):
    settings.SAFE_FETCH_MAX_BYTES = 256 * 1024
    with pytest.raises(FetchRefused, match="MB"):
        safefetch.fetch(local_server.url("/big?kb=1024"))
    assert safefetch.fetch(local_server.url("/big?kb=128")).body == b"x" * 128 * 1024


def test_a_declared_length_too_large_is_refused(local_server, settings):
    settings.SAFE_FETCH_MAX_BYTES = 10
    url = local_server.serve("c.csv", b"y" * 100)
    with pytest.raises(FetchRefused):
        safefetch.fetch(url)


def test_a_slow_server_times_out(local_server, settings):
    settings.SAFE_FETCH_TIMEOUT = (1, 0.6)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"0\.6"):
        safefetch.fetch(local_server.url("/slow"))
    assert time.monotonic() - started < 2.5  # the drip would last 4 s


def test_an_error_status_is_an_error(local_server):
    with pytest.raises(FetchError, match="404"):
        safefetch.fetch(local_server.url("/file/missing"))


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/a.csv", "gopher://example.org/", "/relative"],
)
def test_other_schemes_are_refused(url):
    with pytest.raises(FetchRefused):
        safefetch.fetch(url)


def test_credentials_in_the_url_are_refused():
    with pytest.raises(FetchRefused):
        safefetch.fetch("http://user:secret@example.org/")


@pytest.mark.parametrize(
    "address", ["10.1.2.3", "192.168.0.7", "169.254.169.254", "100.64.0.1", "::1", "fd00::5"]
)
def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch, address):
    connected = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
        return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", lambda self, addr: connected.append(addr))
    with pytest.raises(FetchRefused, match=address.replace(".", r"\.")):
        safefetch.fetch("https://feeds.example.org/releases.csv")
    assert connected == []


def test_one_private_address_among_public_ones_is_enough_to_refuse(monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.1"):
        safefetch.fetch("http://rebind.example.org/")


def test_the_connection_goes_to_the_checked_address_without_a_second_lookup(
    local_server, monkeypatch, settings
):
    """The name resolves once (to the local server, allowed under its name); a second lookup
    would answer another address and fail the test."""
    url = local_server.serve("d.csv", b"pinned")
    lookups = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if len(lookups) > 1:
            raise AssertionError("looked up twice")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    settings.SAFE_FETCH_ALLOWED = [f"data.example.org:{local_server.port}"]
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    result = safefetch.fetch(url.replace("127.0.0.1", "data.example.org"))
    assert result.body == b"pinned"
    assert lookups == ["data.example.org"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::", False),
        ("fe80::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("::ffff:10.0.0.1", False),
        ("2002:0a00:0001::", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("not-an-address", False),
    ],
)
def test_public_addresses(address, public):
    assert is_public_address(address) is public
