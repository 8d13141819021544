"""The one writer of both security logs, each row keyed on audit.clientip's client address.

A flood of one refusal (every anonymous POST with a bad CSRF token wrote a row: 100 in 0.6 s;
every login attempt of a locked-out client, every rate-limited request, likewise) is
aggregated: one row per address, kind, user and detail in a time window, whose `count` is
incremented in the database (one UPDATE, no new row). Past AGGREGATE_MAX_ROWS addresses in a
window, the rest of that kind's refusals are counted together in one row without an address.
Staff see every attempt counted, and the tables grow by a bounded number of rows."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .clientip import client_ip
from .models import AccountEvent, SecurityEvent

logger = logging.getLogger("infofinance.audit")

AGGREGATE_WINDOW = timedelta(minutes=10)
# New rows of one aggregated kind per window, site-wide (one per address); then one row counts
# the rest, whatever their address.
AGGREGATE_MAX_ROWS = 100
OVERFLOW_DETAIL = "(more addresses in this window, counted together)"
# Account events that repeat as fast as a client can send them: counted, not written each time.
# (Failed logins are not: the login_failed limit stops them after a few, and each names the
# login tried.)
AGGREGATED_ACCOUNT_EVENTS = {
    AccountEvent.Kind.LOGIN_REFUSED,
    AccountEvent.Kind.RATE_LIMITED,
    AccountEvent.Kind.ADMIN_REFUSED,
}


def _user(request: HttpRequest | None, user: Any = None) -> Any:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return None
    return user


def _counted(
    model: type[Model],
    recent: QuerySet[Any],
    same: dict[str, Any],
    overflow: dict[str, Any],
) -> tuple[bool, dict[str, Any]]:
    """Count this attempt in the window's row for `same` (True), or say which row to create:
    `same`, or once the window holds AGGREGATE_MAX_ROWS rows, `overflow`."""
    now = timezone.now()
    if _increment(model, recent.filter(**same), now):
        return True, same
    if recent.count() < AGGREGATE_MAX_ROWS:
        return False, same
    return _increment(model, recent.filter(**overflow), now), overflow


def _increment(model: type[Model], rows: QuerySet[Any], now: datetime) -> bool:
    pk = rows.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if pk is None:
        return False
    return bool(model._default_manager.filter(pk=pk).update(count=F("count") + 1, last_seen_at=now))


def record_account_event(
    kind: str,
    request: HttpRequest | None = None,
    *,
    user: Any = None,
    identifier: str = "",
    detail: str = "",
) -> AccountEvent | None:
    """One row of the accounts' security log (`user` only when given: a failed login's
    request user is anonymous, a deleted account's no longer exists). A repeat of an
    AGGREGATED_ACCOUNT_EVENTS kind within the window only counts in its row (None returned)."""
    if user is not None and not getattr(user, "pk", None):
        user = None
    fields = {
        "kind": kind,
        "user": user,
        "identifier": (identifier or "")[:254],
        "ip_address": (client_ip(request) or None) if request is not None else None,
        "detail": (detail or "")[:300],
    }
    if kind in AGGREGATED_ACCOUNT_EVENTS:
        since = timezone.now() - AGGREGATE_WINDOW
        recent = AccountEvent.objects.filter(kind=kind, created_at__gte=since)
        overflow = {"kind": kind, "user": None, "identifier": "", "ip_address": None}
        overflow["detail"] = OVERFLOW_DETAIL
        counted, fields = _counted(AccountEvent, recent, fields, overflow)
        if counted:
            return None
    event = AccountEvent.objects.create(
        path=(request.path[:300] if request is not None else ""), **fields
    )
    logger.warning("account event %s: %s %s", kind, event.identifier, event.ip_address)
    return event


def record_security_event(
    request: HttpRequest,
    action: str,
    detail: str = "",
    complaint: Any = None,
    *,
    aggregate: bool = False,
) -> SecurityEvent | None:
    """One refused attempt. With `aggregate`, a repeat within AGGREGATE_WINDOW of the same
    address, action, user and detail only counts in the existing row (None is returned)."""
    fields = {
        "action": action[:64],
        "user": _user(request),
        "ip": client_ip(request) or None,
        "detail": (detail or "")[:500],
        "complaint": complaint,
    }
    if aggregate:
        since = timezone.now() - AGGREGATE_WINDOW
        recent = SecurityEvent.objects.filter(action=fields["action"], created_at__gte=since)
        overflow = {"action": fields["action"], "user": None, "ip": None, "complaint": None}
        overflow["detail"] = OVERFLOW_DETAIL
        counted, fields = _counted(SecurityEvent, recent, fields, overflow)
        if counted:
            return None
    event = SecurityEvent.objects.create(path=request.path[:300], **fields)
    logger.warning(
        "refused %s %s user=%s ip=%s %s",
        event.action,
        event.path,
        event.user_id,
        event.ip,
        event.detail,
    )
    return event
