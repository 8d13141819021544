"""The client address of a request, the same for every log line and every rate limit.

Behind a reverse proxy every request comes from the proxy's address. The proxy appends the
address it saw to `X-Forwarded-For`; only the entries appended by proxies we trust can be
believed, so with `TRUSTED_PROXY_COUNT = n` the client is the n-th entry from the right (anything
to its left was written by the client and may be forged). `TRUSTED_CLIENT_IP_HEADER` names a
header that a trusted proxy sets to the client address instead (e.g. `X-Real-IP`; the proxy must
overwrite whatever the client sent). With neither set (the default) both headers are ignored and
`REMOTE_ADDR` is the client, so a forged `X-Forwarded-For` changes nothing.

A request that reached us with fewer entries than trusted proxies (it bypassed one), or whose
entry does not parse, is keyed on `REMOTE_ADDR`: never on anything the client chose.

allauth asks `client_ip` too (AccountAdapter.get_client_ip), so its rate limits key on the same
address; settings/base.py also hands the two settings to allauth (ALLAUTH_TRUSTED_PROXY_COUNT,
ALLAUTH_TRUSTED_CLIENT_IP_HEADER) for any code of allauth's that reads them itself.
"""

import ipaddress

from django.conf import settings

# A client on IPv6 usually holds a whole /64: rate limits count it as one (allauth does the same
# with ALLAUTH_RATE_LIMIT_IPV6_PREFIX, 64 by default).
IPV6_PREFIX = 64


def parse_address(value: str) -> str | None:
    """`value` as a normalised IP address, or None: surrounding spaces, a port (`1.2.3.4:80`,
    `[2001:db8::1]:443`) and an IPv6 zone (`%eth0`) are dropped; an IPv4-mapped IPv6 address is
    written as IPv4."""
    value = (value or "").strip()
    if not value or len(value) > 64:
        return None
    if value.startswith("["):  # [v6] or [v6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    value = value.split("%", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def _header(meta, name: str) -> str:
    return meta.get("HTTP_" + name.strip().upper().replace("-", "_"), "") or ""


def client_ip(request) -> str:
    """The real client address of `request` ("" if it has none that parses)."""
    meta = request.META
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "") or ""
    if header:
        # The proxy sets it to one address; if it appended instead, its own entry is the last.
        value = _header(meta, header)
        address = parse_address(value.rsplit(",", 1)[-1]) if value else None
        if address:
            return address
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if count > 0:
        forwarded = [part for part in _header(meta, "X-Forwarded-For").split(",") if part.strip()]
        if len(forwarded) >= count:
            address = parse_address(forwarded[-count])
            if address:
                return address
    return parse_address(meta.get("REMOTE_ADDR", "")) or ""


def client_network(request) -> str:
    """The key for a per-address rate limit: the client address, or its /64 for IPv6 (so a client
    cannot escape a limit by stepping through the addresses of its own network)."""
    address = client_ip(request)
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return address
