"""The client address of a request, the same for every log line and every rate limit.

Behind a reverse proxy every request comes from the proxy's address. The proxy appends the
address it saw to `X-Forwarded-For`; only the entries appended by proxies we trust can be
believed, so with `TRUSTED_PROXY_COUNT = n` the client is the n-th entry from the right (anything
to its left was written by the client and may be forged). `TRUSTED_CLIENT_IP_HEADER` names a
header that a trusted proxy sets to the client address instead (e.g. `X-Real-IP`). With neither
set (the default) the header is ignored and `REMOTE_ADDR` is the client.

allauth reads the same two settings (ALLAUTH_TRUSTED_PROXY_COUNT, ALLAUTH_TRUSTED_CLIENT_IP_HEADER
in settings/base.py), so its rate limits key on the same address.
"""

import ipaddress

from django.conf import settings


def _valid(candidate: str) -> str | None:
    candidate = candidate.strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The real client address of `request` ("" if it has none that parses)."""
    meta = request.META
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "")
    if header:
        value = meta.get("HTTP_" + header.upper().replace("-", "_"), "")
        address = _valid(value.split(",")[0]) if value else None
        if address:
            return address
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if len(forwarded) >= count:
            address = _valid(forwarded[-count])
            if address:
                return address
    return _valid(meta.get("REMOTE_ADDR", "")) or ""
