"""Audit: the one place that knows a request's real client address, and the security logs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "infofinance.audit"
    label = "audit"
    verbose_name = _("Security logs")

    def ready(self):
        from infofinance.pagecache import registry

        from .models import AccountEvent, SecurityEvent

        # Logs: no public page shows them.
        registry.register_bookkeeping(AccountEvent, SecurityEvent)
