"""The one way the site fetches a URL it was given (imports, feeds, webhooks): refuses what could
reach the site's own network.

    from infofinance.core import safefetch

    result = safefetch.fetch("https://example.org/releases.csv")
    result.body, result.content_type, result.url  # the final URL after redirects

- Only http and https, no credentials in the URL.
- The host is resolved once; every address it resolves to must be public (private, loopback,
  link-local, multicast, reserved, unspecified and shared addresses are refused, in IPv4 and
  IPv6, IPv4-mapped and 6to4 addresses judged by the IPv4 address inside). The connection goes
  to the checked address, never through a second lookup, so DNS rebinding cannot slip in; TLS
  still verifies the certificate against the host name (SNI included).
- Redirects are followed by hand, at most `MAX_REDIRECTS`, each checked like the first URL.
- The body is read in chunks and cut off past `SAFE_FETCH_MAX_BYTES`; the connection has its
  own time limit and the whole fetch (redirects included) another (`SAFE_FETCH_TIMEOUT`: a
  number of seconds for both, or a pair (connect, total)).
- `SAFE_FETCH_ALLOWED` lists `host:port` pairs (`127.0.0.1:8123`, `[::1]:8123`) fetched even
  though they are private: only tests set it, for their local server.

Every failure raises `FetchError` (`FetchRefused` when the site refused to go there), whose
message says why in the active language."""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, total (seconds)
CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
USER_AGENT = "InfoFinance-fetch/1.0 (+https://infofinance.vn)"


class FetchError(Exception):
    """A fetch that failed: the message says why (shown to staff, e.g. in an import's result)."""


class FetchRefused(FetchError):
    """A fetch the site refused to make or to finish: a scheme other than http(s), an address
    inside a private network, too many redirects, a body too large."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str] = field(repr=False)  # names in lower case
    body: bytes = field(repr=False)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _sep, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"'")
        return None


def _limits(max_bytes: int | None, timeout) -> tuple[int, float, float]:
    size = max_bytes if max_bytes is not None else getattr(settings, "SAFE_FETCH_MAX_BYTES", None)
    size = int(size or DEFAULT_MAX_BYTES)
    limit = timeout if timeout is not None else getattr(settings, "SAFE_FETCH_TIMEOUT", None)
    if limit is None:
        limit = DEFAULT_TIMEOUT
    if isinstance(limit, (tuple, list)):
        connect, total = float(limit[0]), float(limit[1])
    else:
        connect = total = float(limit)
    return size, min(connect, total), total


def _allowed() -> set[str]:
    return {entry.strip().lower() for entry in getattr(settings, "SAFE_FETCH_ALLOWED", ()) or ()}


def _key(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_public_address(address: str) -> bool:
    """Whether an IP address may be fetched: a global unicast address, judged by the IPv4
    address inside an IPv4-mapped or 6to4 IPv6 address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None and not is_public_address(str(embedded)):
            return False
        nat64 = ip in NAT64  # the IPv4 address in its tail
        if nat64 and not is_public_address(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))):
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # as in the URL (lower case), for the Host header and TLS
    port: int
    path: str  # path and query
    addresses: tuple  # getaddrinfo entries, all checked


def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(_("Not a valid address: %(url)s") % {"url": url}) from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(
            _("Only http and https addresses can be fetched, not “%(scheme)s”.")
            % {"scheme": scheme or "?"}
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchRefused(_("The address has no host: %(url)s") % {"url": url})
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(_("Addresses with a user name or password are not fetched."))
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise FetchError(_("The host %(host)s could not be found.") % {"host": host}) from error
    if not infos:
        raise FetchError(_("The host %(host)s could not be found.") % {"host": host})
    if _key(host, port) not in _allowed():
        for info in infos:
            address = info[4][0]
            if not is_public_address(address):
                raise FetchRefused(
                    _(
                        "%(host)s resolves to %(address)s, an address inside a private or "
                        "reserved network: refused."
                    )
                    % {"host": host, "address": address}
                )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(scheme, host, port, path, tuple(infos))


def _pinned(target: _Target, connect_timeout: float, held: dict):
    """A connection that goes to the checked addresses only (no lookup of its own). `held`
    keeps its socket, for the time limits (http.client lets go of it once the answer has
    started when the server closes the connection)."""

    def create_connection(_address, _timeout=None, _source=None):
        last: OSError | None = None
        for family, kind, proto, _name, sockaddr in target.addresses:
            sock = socket.socket(family, kind, proto)
            held["sock"] = sock
            try:
                sock.settimeout(connect_timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                last = error
        raise last or OSError("no address")

    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=connect_timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=connect_timeout)
    connection._create_connection = create_connection
    return connection


def _remaining(deadline: float, total: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_("The fetch took longer than %(seconds)s seconds.") % {"seconds": total})
    return left


def fetch(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
    timeout=None,
) -> FetchResult:
    """Fetch `url` safely (see the module's docstring); a 2xx answer is returned, anything
    else raises FetchError."""
    size_limit, connect_timeout, total = _limits(max_bytes, timeout)
    deadline = time.monotonic() + total
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = _target(current)
        status, answer_headers, body, location = _one(
            target,
            method=method,
            data=data,
            headers=headers or {},
            size_limit=size_limit,
            connect_timeout=connect_timeout,
            deadline=deadline,
            total=total,
        )
        if status in REDIRECTS and location:
            current = urljoin(current, location)
            if status == 303 or (status in (301, 302) and method not in ("GET", "HEAD")):
                method, data = "GET", None
            continue
        if not 200 <= status < 300:
            raise FetchError(
                _("%(url)s answered with the HTTP status %(status)s.")
                % {"url": current, "status": status}
            )
        return FetchResult(url=current, status=status, headers=answer_headers, body=body)
    raise FetchRefused(_("More than %(count)s redirects: refused.") % {"count": MAX_REDIRECTS})


def _one(target, *, method, data, headers, size_limit, connect_timeout, deadline, total):
    held: dict = {"sock": None}
    connection = _pinned(target, min(connect_timeout, _remaining(deadline, total)), held)

    def stop() -> None:
        # At the deadline, however slowly the server drips: a shutdown wakes a blocked read.
        sock = held["sock"]
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(max(deadline - time.monotonic(), 0), stop)
    watchdog.daemon = True
    watchdog.start()
    try:
        try:
            connection.connect()
        except (OSError, http.client.HTTPException) as error:
            if time.monotonic() >= deadline or isinstance(error, TimeoutError):
                raise FetchError(
                    _("%(host)s did not answer in time.") % {"host": target.host}
                ) from error
            raise FetchError(
                _("Could not connect to %(host)s: %(error)s")
                % {"host": target.host, "error": error}
            ) from error
        request_headers = {
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "identity",
            "Connection": "close",
            **headers,
        }
        held["sock"] = connection.sock  # the TLS socket for https
        try:
            held["sock"].settimeout(_remaining(deadline, total))
            connection.request(method, target.path, body=data, headers=request_headers)
            response = connection.getresponse()
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
            status = response.status
            if status in REDIRECTS:
                return status, answer_headers, b"", answer_headers.get("location", "")
            declared = answer_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > size_limit:
                raise FetchRefused(_too_large(size_limit))
            chunks, size = [], 0
            while not response.isclosed():  # closed once the declared length is read
                held["sock"].settimeout(_remaining(deadline, total))
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > size_limit:
                    raise FetchRefused(_too_large(size_limit))
                chunks.append(chunk)
            return status, answer_headers, b"".join(chunks), ""
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, ValueError, AttributeError) as error:
            if time.monotonic() >= deadline - 0.01 or isinstance(error, TimeoutError):
                raise FetchError(
                    _("The fetch took longer than %(seconds)s seconds.") % {"seconds": total}
                ) from error
            raise FetchError(
                _("The answer of %(host)s could not be read: %(error)s")
                % {"host": target.host, "error": error}
            ) from error
    finally:
        watchdog.cancel()
        connection.close()
        if held["sock"] is not None:
            held["sock"].close()


def _too_large(limit: int) -> str:
    return _("The answer is larger than %(megabytes)s MB: refused.") % {
        "megabytes": f"{limit / (1024 * 1024):.3g}"
    }
