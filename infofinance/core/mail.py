"""E-mail helpers shared by every app.

A task may run twice (its worker died after sending, before recording success: the queue puts
it back). Mail sent with `stable_message_id` then arrives with the same `Message-ID` both
times, so mail clients and servers that deduplicate on it show it once, and a copy can be told
from a second message.

Every message we send ends with the recipient's data-rights link (`data_rights_footer`): an
opaque token (`issue_token`) opening, without a login, the page where they download or erase
what we hold about that address (accounts/data_rights.py, docs/privacy.md). The token names
nothing: the address, what the token is for and until when are kept server-side, under the
token's SHA-256, by the store the accounts app registers (`register_token_store`). The page is
found by its route name only and the store is registered: core imports no domain app."""

import base64
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

_UNSAFE = re.compile(r"[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+")

# The link in every e-mail: valid DATA_RIGHTS_LINK_MAX_AGE seconds from the message's first
# sending.
DATA_RIGHTS_LINK_MAX_AGE = 30 * 24 * 3600
DATA_RIGHTS_ROUTE = "accounts:data_link"
ACCESS = "access"  # the purpose of the link in every e-mail (erasure has its own, accounts')

# Our tokens: 32 bytes, URL-safe base64 without padding (43 characters), nothing else.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_DERIVATION_SALT = "infofinance.data-rights.token"

# Links of the earlier format (until 2026-12): `TimestampSigner` over the address itself, which
# showed it (base64) in every URL. Those already mailed keep working until their own expiry
# (30 days, two for an erasure link): the address of one is already in every log its use
# reaches, refusing it would hide nothing. Remove with LEGACY_SALTS after 2027-01-05.
LEGACY_SALTS = {ACCESS: "infofinance.data-rights.link", "erase": "infofinance.data-rights.erase"}


class LinkInvalid(Exception):
    """Not a token of ours for this purpose (altered, truncated, unknown, revoked)."""


class LinkExpired(LinkInvalid):
    """One of ours, past its validity."""


@dataclass(frozen=True)
class Grant:
    """What a token opens: the address (normalised) and, for some purposes, data (JSON)."""

    address: str
    data: dict[str, Any] = field(default_factory=dict)


class TokenStore(Protocol):
    def save(
        self,
        *,
        digest: str,
        purpose: str,
        address: str,
        expires_at: datetime,
        data: dict[str, Any],
    ) -> None:
        """Keep the grant under `digest`; when it is already kept, leave it as it is."""

    def find(self, *, digest: str, purpose: str) -> tuple[Grant, datetime] | None:
        """The grant and expiry kept under `digest` for `purpose`, else None."""


_store: TokenStore | None = None


def register_token_store(store: TokenStore) -> None:
    global _store
    _store = store


def _token_store() -> TokenStore:
    if _store is None:
        raise RuntimeError("no data-rights token store registered (accounts app not ready)")
    return _store


def stable_message_id(kind: str, key: object) -> str:
    """`<kind.key@site-host>`: the same message (kind of mail and what it is about, e.g.
    `complaint-update`, the update's id) always gets the same Message-ID."""
    domain = urlsplit(settings.SITE_URL).hostname or "infofinance.invalid"
    left = ".".join(_UNSAFE.sub("-", str(part)).strip("-.") or "-" for part in (kind, key))
    return f"<{left}@{domain}>"


def _normalise(address: str) -> str:
    return (address or "").strip().lower()


def token_digest(token: str) -> str:
    """What the store keeps of a token: its SHA-256 (a copy of the table opens no page)."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def issue_token(
    purpose: str,
    address: str,
    *,
    max_age: int,
    message_id: str | None = None,
    data: dict[str, Any] | None = None,
) -> str:
    """A new opaque token granting `purpose` over `address` (normalised) for `max_age` seconds.

    With `message_id`, the token is derived from the message's identity (HMAC over the secret
    key of purpose, Message-ID and address): a message sent again, by a retried task, carries
    the same link, and the grant first stored (its expiry, its data) stays. Without, it is
    random."""
    address = _normalise(address)
    if message_id is None:
        token = secrets.token_urlsafe(32)
    else:
        value = "\n".join((purpose, message_id, address))
        digest = salted_hmac(_DERIVATION_SALT, value, algorithm="sha256").digest()
        token = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
    _token_store().save(
        digest=token_digest(token),
        purpose=purpose,
        address=address,
        expires_at=timezone.now() + timedelta(seconds=max_age),
        data=data or {},
    )
    return token


def _legacy_grant(token: str, purpose: str, max_age: int) -> Grant:
    signer = signing.TimestampSigner(salt=LEGACY_SALTS[purpose])
    try:
        value = signer.unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired(purpose) from error
    except (signing.BadSignature, ValueError) as error:
        raise LinkInvalid(purpose) from error
    if purpose == ACCESS and isinstance(value, str) and "@" in value:
        return Grant(value)
    if purpose != ACCESS and isinstance(value, dict) and isinstance(value.get("a"), str):
        return Grant(value["a"], {"account_ids": [int(pk) for pk in value.get("u", [])]})
    raise LinkInvalid(purpose)


def read_token(token: str, purpose: str, *, legacy_max_age: int | None = None) -> Grant:
    """What `token` grants for `purpose`. Raises `LinkExpired` when it is past its validity,
    `LinkInvalid` when it is not one of ours for that purpose. A token of the earlier signed
    format is read as before, while it lasts (`legacy_max_age`, the purpose's validity)."""
    if ":" in token and purpose in LEGACY_SALTS and legacy_max_age is not None:
        return _legacy_grant(token, purpose, legacy_max_age)
    if not _TOKEN.fullmatch(token):
        raise LinkInvalid(purpose)
    found = _token_store().find(digest=token_digest(token), purpose=purpose)
    if found is None:
        raise LinkInvalid(purpose)
    grant, expires_at = found
    if expires_at <= timezone.now():
        raise LinkExpired(purpose)
    return grant


def address_from_token(token: str) -> str:
    """The address a data-rights link (purpose `access`) was made for; `LinkExpired`,
    `LinkInvalid` as `read_token`."""
    return read_token(token, ACCESS, legacy_max_age=DATA_RIGHTS_LINK_MAX_AGE).address


def data_rights_url(address: str, language: str, *, message_id: str | None = None) -> str:
    """The absolute link to the data-rights page of `address`, in `language`: a new token,
    the same one for every sending of the message `message_id` to that address."""
    from infofinance.core.urls import reverse_in

    token = issue_token(ACCESS, address, max_age=DATA_RIGHTS_LINK_MAX_AGE, message_id=message_id)
    return settings.SITE_URL + reverse_in(language, DATA_RIGHTS_ROUTE, token=token)


def data_rights_footer(address: str, language: str, *, message_id: str | None = None) -> str:
    """The closing lines of every e-mail: the recipient's own data-rights link, in their
    language."""
    from django.utils.translation import gettext

    with translation.override(language):
        return "\n\n-- \n" + gettext(
            "Your personal data at Info Finance: download it or ask us to erase it, without "
            "logging in, at this personal link (valid for 30 days; do not forward it): %(url)s"
        ) % {"url": data_rights_url(address, language, message_id=message_id)}


def _language(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return language if language in codes else settings.LANGUAGE_CODE


class StableMessage(EmailMessage):
    """Django's message, with a MIME type's parameters kept on an attachment
    (`text/calendar; method=PUBLISH; charset=utf-8`: Django would take the whole string as the
    subtype) and a multipart boundary made of the Message-ID, so that a message sent again is
    the same, part for part."""

    boundary = ""

    def _create_mime_attachment(self, content, mimetype):
        main, *parameters = (part.strip() for part in mimetype.split(";"))
        attachment = super()._create_mime_attachment(content, main)
        for parameter in parameters:
            name, _sep, value = parameter.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"')
            if name and value and name != "charset":  # Django sets the charset it encoded
                attachment.set_param(name, value)
        return attachment

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        if self.boundary and message.is_multipart():
            message.set_boundary(self.boundary)
        return message


def send_stable(
    kind: str,
    key: object,
    *,
    subject: str,
    body: str,
    to: list[str],
    language: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Send one plain-text message under `stable_message_id(kind, key)`, to each address of
    `to` its own copy (the same Message-ID), ending with that address's data-rights link in
    `language` (else the active language); sent again (a retried task), each copy is the same,
    link included. A failure is raised, not swallowed: the task that sends it is then recorded
    as failed, not as done.

    `attachments` are `(file name, content, MIME type)`; the type may carry parameters
    (`text/calendar; method=PUBLISH; charset=utf-8`). The caller makes their content the same
    on every sending (no time of sending, no random part), so that a copy is a copy."""
    message_id = stable_message_id(kind, key)
    headers = {"Message-ID": message_id, "Auto-Submitted": "auto-generated"}
    language = _language(language)
    boundary = "=_" + hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:32]
    for address in to:
        footer = data_rights_footer(address, language, message_id=message_id)
        text = body.rstrip("\n") + footer + "\n"
        message = StableMessage(subject=subject, body=text, to=[address], headers=headers)
        message.boundary = boundary
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send()
