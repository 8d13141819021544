"""E-mail helpers shared by every app.

A task may run twice (its worker died after sending, before recording success: the queue puts
it back). Mail sent with `stable_message_id` then arrives with the same `Message-ID` both
times, so mail clients and servers that deduplicate on it show it once, and a copy can be told
from a second message."""

import re
from urllib.parse import urlsplit

from django.conf import settings

_UNSAFE = re.compile(r"[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+")


def stable_message_id(kind: str, key: object) -> str:
    """`<kind.key@site-host>`: the same message (kind of mail and what it is about, e.g.
    `complaint-update`, the update's id) always gets the same Message-ID."""
    domain = urlsplit(settings.SITE_URL).hostname or "infofinance.invalid"
    left = ".".join(_UNSAFE.sub("-", str(part)).strip("-.") or "-" for part in (kind, key))
    return f"<{left}@{domain}>"
