"""Audit: the one place that knows a request's real client address, and the security logs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "infofinance.audit"
    label = "audit"
    verbose_name = _("Security logs")
