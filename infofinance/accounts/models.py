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


class DataRightsToken(models.Model):
    """What an opaque data-rights token grants (core/mail.py `issue_token`, docs/privacy.md):
    the token itself is never stored, only its SHA-256; the URL carries the token alone."""

    class Purpose(models.TextChoices):
        ACCESS = "access", _("download or ask for erasure (the link of every e-mail)")
        ERASE = "erase", _("confirm an erasure (the mailed confirmation link)")

    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    address = models.CharField(_("e-mail address"), max_length=254, db_index=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("data-rights token")
        verbose_name_plural = _("data-rights tokens")

    def __str__(self):
        return f"{self.purpose} token #{self.pk}"
