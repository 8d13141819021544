from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Our own user model from the first migration, so accounts can grow without a swap."""

    class Language(models.TextChoices):
        VIETNAMESE = "vi", "Tiếng Việt"
        ENGLISH = "en", "English"

    email = models.EmailField(_("email address"), blank=True, db_index=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.VIETNAMESE,
        help_text=_("The language of the site after you log in and of the e-mails we send you."),
    )

    privacy_consent_at = models.DateTimeField(
        _("consent to the privacy policy"),
        null=True,
        blank=True,
        help_text=_("When the reader agreed to the processing of their personal data."),
    )

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def public_name(self) -> str:
        """The name shown to the reader themselves (never the e-mail to anyone else)."""
        return self.display_name or self.email.split("@")[0] or self.username


class AccountEvent(models.Model):
    """Security log of the accounts: refused and failed logins, sign-ups, deletions. Staff read
    it in the admin (Settings › Account security log)."""

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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account security event")
        verbose_name_plural = _("account security log")

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier or self.user_id or ''}".strip()
