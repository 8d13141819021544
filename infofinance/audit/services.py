"""The one writer of both security logs, each row keyed on audit.clientip's client address.

A flood of one refusal (every anonymous POST with a bad CSRF token wrote a row: 100 in 0.6 s)
is aggregated: one row per address, action, user and detail in a time window, whose `count`
is incremented in the database (one UPDATE, no new row); past AGGREGATE_MAX_ROWS addresses in
a window, the rest of that action's refusals are counted together in one row without an
address. Staff see every attempt counted, and the table grows by a bounded number of rows."""

import logging
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from .clientip import client_ip
from .models import AccountEvent, SecurityEvent

logger = logging.getLogger("infofinance.audit")

AGGREGATE_WINDOW = timedelta(minutes=10)
# New rows of one aggregated action per window, site-wide (one per address); then one row
# counts the rest, whatever their address.
AGGREGATE_MAX_ROWS = 100
OVERFLOW_DETAIL = "(more addresses in this window, counted together)"


def _user(request, user=None):
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return None
    return user


def record_account_event(
    kind: str, request=None, *, user=None, identifier: str = "", detail: str = ""
) -> AccountEvent:
    """One row of the accounts' security log (`user` only when given: a failed login's
    request user is anonymous, a deleted account's no longer exists)."""
    if user is not None and not getattr(user, "pk", None):
        user = None
    event = AccountEvent.objects.create(
        kind=kind,
        user=user,
        identifier=(identifier or "")[:254],
        ip_address=(client_ip(request) or None) if request is not None else None,
        path=(request.path[:300] if request is not None else ""),
        detail=(detail or "")[:300],
    )
    logger.warning("account event %s: %s %s", kind, event.identifier, event.ip_address)
    return event


def record_security_event(
    request, action: str, detail: str = "", complaint=None, *, aggregate: bool = False
) -> SecurityEvent | None:
    """One refused attempt. With `aggregate`, a repeat within AGGREGATE_WINDOW of the same
    address, action, user and detail only counts in the existing row (None is returned)."""
    user = _user(request)
    ip = client_ip(request) or None
    action, detail = action[:64], (detail or "")[:500]
    if aggregate:
        now = timezone.now()
        since = now - AGGREGATE_WINDOW
        recent = SecurityEvent.objects.filter(action=action, created_at__gte=since)
        if _count_in(recent.filter(ip=ip, user=user, detail=detail, complaint=complaint), now):
            return None
        if recent.count() >= AGGREGATE_MAX_ROWS:
            ip, user, detail, complaint = None, None, OVERFLOW_DETAIL, None
            if _count_in(recent.filter(ip=None, user=None, detail=detail), now):
                return None
    event = SecurityEvent.objects.create(
        user=user,
        action=action,
        path=request.path[:300],
        ip=ip,
        detail=detail,
        complaint=complaint,
    )
    logger.warning(
        "refused %s %s user=%s ip=%s %s", action, request.path, event.user_id, ip, detail
    )
    return event


def _count_in(rows, now) -> bool:
    pk = rows.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if pk is None:
        return False
    return bool(SecurityEvent.objects.filter(pk=pk).update(count=F("count") + 1, last_seen_at=now))
