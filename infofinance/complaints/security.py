"""Refused CSRF checks, site-wide: answered like Django does (403) and logged as a refused
attempt that staff see in the admin."""

import logging

from django.views.csrf import csrf_failure as django_csrf_failure

logger = logging.getLogger("infofinance.complaints")


def csrf_failure(request, reason=""):
    from .services import log_refusal

    try:
        log_refusal(request, "csrf", reason)
    except Exception:  # logging must never turn a 403 into a 500
        logger.exception("could not log a refused CSRF check")
    return django_csrf_failure(request, reason=reason)
