"""Audit: the one place that knows a request's real client address, and the security logs."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "infofinance.audit"
    label = "audit"
    verbose_name = "Audit"
