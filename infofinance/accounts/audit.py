"""Writing the accounts' security log (AccountEvent), never failing the request that logs."""

import logging

logger = logging.getLogger("infofinance.accounts")


def client_ip(request) -> str | None:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request) or None
    except Exception:
        return request.META.get("REMOTE_ADDR") or None


def record(kind: str, request=None, *, user=None, identifier: str = "", detail: str = "") -> None:
    from .models import AccountEvent

    if user is not None and not getattr(user, "pk", None):
        user = None
    event = AccountEvent(
        kind=kind,
        user=user,
        identifier=(identifier or "")[:254],
        ip_address=client_ip(request) if request is not None else None,
        path=(request.path[:300] if request is not None else ""),
        detail=detail[:300],
    )
    event.save()
    logger.warning("account event %s: %s %s", kind, event.identifier, event.ip_address)
