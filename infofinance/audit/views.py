"""Refused CSRF checks, site-wide: answered like Django does (403) and logged as a refused
attempt that staff see in the admin, aggregated: repeats from one address within a window only
count in its row (audit.services), so a flood of bad POSTs cannot fill the log."""

import logging

from django.views.csrf import csrf_failure as django_csrf_failure

from .services import record_security_event

logger = logging.getLogger("infofinance.audit")


def csrf_failure(request, reason=""):
    try:
        record_security_event(request, "csrf", reason, aggregate=True)
    except Exception:  # logging must never turn a 403 into a 500
        logger.exception("could not log a refused CSRF check")
    return django_csrf_failure(request, reason=reason)
