"""The security logs, both keyed on audit.clientip's client address: the accounts' (refused and
failed logins, rate-limited requests, refused admin access, deleted accounts; Settings › Account
security log) and the refused attempts (permission, CSRF, unsafe upload, a rule of a complaint
broken; Complaints › Security log). Written only through audit.services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    """Security log of the accounts: refused and failed logins, rate-limited requests, refused
    admin access, deletions. Staff read it in the admin (Settings › Account security log).
    Refusals that repeat are kept as one row per address and window: `count` attempts."""

    class Kind(models.TextChoices):
        LOGIN_FAILED = "login_failed", _("login failed")
        LOGIN_REFUSED = "login_refused", _("login refused: too many attempts")
        RATE_LIMITED = "rate_limited", _("request refused: too many attempts")
        ADMIN_REFUSED = "admin_refused", _("admin access refused")
        ACCOUNT_DELETED = "account_deleted", _("account deleted")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices, db_index=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identifier = models.CharField(_("login entered"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    # Repeats of a refusal within a window (audit.services.AGGREGATED_ACCOUNT_EVENTS).
    count = models.PositiveIntegerField(_("attempts"), default=1)
    last_seen_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account security event")
        verbose_name_plural = _("account security log")

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier or self.user_id or ''}".strip()


class SecurityEvent(models.Model):
    """A refused attempt (permission, CSRF, unsafe upload, rule broken), for staff to review.
    Floods are kept as one row per address, action and detail in a time window (audit.services
    .record_security_event(aggregate=True)): `count` attempts, the last at `last_seen_at`."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("time"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(max_length=64, verbose_name=_("action"))
    path = models.CharField(max_length=300, blank=True, verbose_name=_("path"))
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP address"))
    detail = models.CharField(max_length=500, blank=True, verbose_name=_("detail"))
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("complaint"),
    )
    count = models.PositiveIntegerField(_("attempts"), default=1)
    last_seen_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("refused attempt")
        verbose_name_plural = _("refused attempts")

    def __str__(self):
        return f"{self.action} {self.path}"
