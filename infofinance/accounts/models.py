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
