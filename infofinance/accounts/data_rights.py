"""Data rights without an account, or without logging in: the opaque link at the end of every
e-mail we send (core/mail.py) opens a page where the holder of the link downloads everything we
hold about that address (the account export's JSON, from every app of the personal-data
registry) or asks for its erasure.

A link can leak (a forwarded e-mail), so the erasure is never done from it: asking for it sends
a second link, valid for ERASE_MAX_AGE, to the address itself, and only that link's page (a
POST with CSRF) erases, the account with that address included, through the same services as
deleting an account; a confirmation is then mailed. The second link names the accounts it was
sent for: an account created since is not touched by it.

Neither link carries the address: each is a random-looking token (core/mail.py `issue_token`)
whose SHA-256 names a `DataRightsToken` row (address, purpose, expiry), kept by
`DatabaseTokenStore`. docs/privacy.md."""

import copy
import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from infofinance.audit.clientip import client_network
from infofinance.audit.models import AccountEvent
from infofinance.audit.services import record_account_event
from infofinance.core.mail import (
    Grant,
    LinkExpired,
    LinkInvalid,
    address_from_token,
    issue_token,
    read_token,
    send_stable,
    stable_message_id,
)
from infofinance.core.urls import reverse_in
from infofinance.text.language import current_language
from infofinance.wiring import events
from infofinance.wiring.periodic import periodic_job

from . import selectors, services
from .models import DataRightsToken

ERASE_MAX_AGE = 2 * 24 * 3600
# An expired token's row is kept this long, so its link says "expired" rather than "not
# valid"; then the periodic job deletes it (the address with it).
KEEP_EXPIRED = timedelta(days=30)
# Requests per client network and hour on these pages (opening, downloading, asking, erasing).
REQUESTS_PER_HOUR_SETTING = "DATA_RIGHTS_REQUESTS_PER_HOUR"
DEFAULT_REQUESTS_PER_HOUR = 30

ERASE_CONFIRM_SUBJECT = gettext_lazy("Confirm the erasure of your data at Info Finance")
ERASE_DONE_SUBJECT = gettext_lazy("Your data at Info Finance has been erased")


def _language() -> str:
    language = current_language()
    return language if language in ("vi", "en") else "vi"


def _redacted(request):
    """The request as the security log may keep it: its path without the token (a valid link
    in the log would open the page to whoever reads the log)."""
    shown = copy.copy(request)
    shown.path = request.path.rsplit("/", 2)[0] + "/…/"
    return shown


def _rate_limited(request) -> bool:
    limit = getattr(settings, REQUESTS_PER_HOUR_SETTING, DEFAULT_REQUESTS_PER_HOUR)
    if limit <= 0:
        return False
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"limits:data-rights:{client_network(request) or 'unknown'}:{hour}"
    cache.add(key, 0, timeout=2 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=2 * 3600)
        count = 1
    return count > limit


def _too_many(request):
    record_account_event(
        AccountEvent.Kind.RATE_LIMITED, _redacted(request), identifier="data-rights link"
    )
    return render(request, "429.html", status=429)


def _invalid(request, *, expired: bool):
    """Expired: 400, say so and where a new link is. Altered or not ours: 404."""
    return render(
        request,
        "accounts/data_link_invalid.html",
        {"expired": expired, "noindex": True},
        status=400 if expired else 404,
    )


class DatabaseTokenStore:
    """core/mail.py's token store (registered in apps.py): one `DataRightsToken` per token."""

    def save(
        self,
        *,
        digest: str,
        purpose: str,
        address: str,
        expires_at: datetime,
        data: dict[str, Any],
    ) -> None:
        # A message sent again derives the same token: its first grant stays as it was.
        DataRightsToken.objects.get_or_create(
            digest=digest,
            defaults={
                "purpose": purpose,
                "address": address,
                "expires_at": expires_at,
                "data": data,
            },
        )

    def find(self, *, digest: str, purpose: str) -> tuple[Grant, datetime] | None:
        row = DataRightsToken.objects.filter(digest=digest, purpose=purpose).first()
        return None if row is None else (Grant(row.address, row.data), row.expires_at)


@periodic_job("accounts.purge-data-rights-tokens")
def purge_expired_tokens() -> int:
    """Delete the tokens expired more than KEEP_EXPIRED ago; how many were deleted."""
    deleted, _kinds = DataRightsToken.objects.filter(
        expires_at__lt=timezone.now() - KEEP_EXPIRED
    ).delete()
    return deleted


def forget_links_of_address(address: str) -> None:
    """Erasure by address (personal-data registry): the address's data-rights links stop
    working. Confirmation links stay until they expire: one can be used again within its two
    days, and a used one is told apart ("expired") from an altered one."""
    DataRightsToken.objects.filter(
        address__iexact=address, purpose=DataRightsToken.Purpose.ACCESS
    ).delete()


def forget_links_of_user(user) -> None:
    """Account deletion (personal-data registry): the links of the account's address."""
    if user.email:
        forget_links_of_address(user.email)


def _read_erase_token(token: str) -> tuple[str, list[int]]:
    grant = read_token(token, DataRightsToken.Purpose.ERASE, legacy_max_age=ERASE_MAX_AGE)
    return grant.address, [int(pk) for pk in grant.data.get("account_ids", [])]


def _account_ids(address: str) -> list[int]:
    return list(selectors.accounts_with_address(address).values_list("pk", flat=True))


@never_cache
@require_http_methods(["GET", "POST"])
def link(request, token):
    """The page of the link of every e-mail: download, or ask for erasure (a link is mailed)."""
    if _rate_limited(request):
        return _too_many(request)
    try:
        address = address_from_token(token)
    except LinkExpired:
        return _invalid(request, expired=True)
    except LinkInvalid:
        return _invalid(request, expired=False)
    has_account = bool(_account_ids(address))
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "download":
        data = selectors.export_everything_for_address(address)
        stamp = timezone.now().strftime("%Y%m%d")
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, default=str),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="infofinance-my-data-{stamp}.json"'
        return response
    error = ""
    if action == "erase":
        if request.POST.get("confirm") == "1":
            events.publish(
                "accounts.erasure_requested",
                address=address,
                language=_language(),
                asked_at=timezone.now().isoformat(),
            )
            return render(
                request, "accounts/data_link_sent.html", {"address": address, "noindex": True}
            )
        error = _("Tick the box to confirm that you want your data erased.")
    return render(
        request,
        "accounts/data_link.html",
        {"address": address, "has_account": has_account, "error": error, "noindex": True},
        status=400 if error else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_erasure(request, token):
    """The second link's page, mailed to the address: a GET shows what is erased, only its POST
    erases."""
    if _rate_limited(request):
        return _too_many(request)
    try:
        address, account_ids = _read_erase_token(token)
    except LinkExpired:
        return _invalid(request, expired=True)
    except LinkInvalid:
        return _invalid(request, expired=False)
    if account_ids and set(account_ids) - set(_account_ids(address)):
        # Already used (the account is gone): nothing is left to erase with this link.
        return _invalid(request, expired=True)
    if request.method == "POST":
        services.erase_address(_redacted(request), address, account_ids)
        if request.user.is_authenticated and request.user.pk in account_ids:
            logout(request)
        events.publish(
            "accounts.address_erased",
            address=address,
            language=_language(),
            erased_at=timezone.now().isoformat(),
        )
        return render(
            request, "accounts/data_link_done.html", {"address": address, "noindex": True}
        )
    return render(
        request,
        "accounts/data_link_confirm.html",
        {"address": address, "has_account": bool(account_ids), "noindex": True},
    )


# E-mails (subscribers of the events above, run by the worker).


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def send_erasure_confirmation(address: str, language: str, asked_at: str) -> None:
    """`accounts.erasure_requested`: the second link, to the address itself."""
    account_ids = _account_ids(address)
    key = _key(address, asked_at)
    # Derived from the message: a retried task mails the same link (and keeps its first grant).
    token = issue_token(
        DataRightsToken.Purpose.ERASE,
        address,
        max_age=ERASE_MAX_AGE,
        message_id=stable_message_id("data-erasure-confirm", key),
        data={"account_ids": sorted(account_ids)},
    )
    with translation.override(language):
        url = settings.SITE_URL + reverse_in(language, "accounts:data_erase", token=token)
        body = render_to_string(
            "accounts/email/erase_confirm.txt",
            {"url": url, "has_account": bool(account_ids), "days": ERASE_MAX_AGE // 86400},
        )
        subject = str(ERASE_CONFIRM_SUBJECT)
    send_stable(
        "data-erasure-confirm",
        key,
        subject=subject,
        body=body,
        to=[address],
        language=language,
    )


def send_erasure_done(address: str, language: str, erased_at: str) -> None:
    """`accounts.address_erased`: what was done."""
    with translation.override(language):
        body = render_to_string("accounts/email/erase_done.txt", {})
        subject = str(ERASE_DONE_SUBJECT)
    send_stable(
        "data-erased",
        _key(address, erased_at),
        subject=subject,
        body=body,
        to=[address],
        language=language,
    )
