"""The signed tokens in banner links and impression posts: the banner's id and an HMAC of it
(the project's secret key, a purpose per kind), nothing else. A click token names a banner,
never an address: the redirect goes to the link stored on the banner, so no token can send a
reader anywhere staff did not approve (no open redirect)."""

import base64
import re

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

CLICK, VIEW = "banners.click", "banners.view"
_TOKEN = re.compile(r"([0-9a-z]{1,13})-([A-Za-z0-9_-]{22})")


def _signature(pk: int, purpose: str) -> str:
    digest = salted_hmac(purpose, str(pk), algorithm="sha256").digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make(pk: int, purpose: str) -> str:
    return f"{int_to_base36(pk)}-{_signature(pk, purpose)}"


def read(token: str, purpose: str) -> int | None:
    """The banner id of a token of ours for `purpose`, else None (tampered, truncated, other
    purpose, not a token at all)."""
    match = _TOKEN.fullmatch(token or "")
    if match is None:
        return None
    try:
        pk = base36_to_int(match.group(1))
    except ValueError:
        return None
    if pk <= 0 or not constant_time_compare(match.group(2), _signature(pk, purpose)):
        return None
    return pk
