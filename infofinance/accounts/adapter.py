"""allauth adapters: e-mails in the reader's preferred language, landing in that language after
login, and every refused or failed login written to the security log."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from infofinance.audit.clientip import client_ip
from infofinance.audit.models import AccountEvent
from infofinance.audit.services import record_account_event
from infofinance.core.mail import data_rights_footer
from infofinance.text.language import current_language

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def language_of(user=None, email: str | None = None) -> str:
    """The language to write to this reader in: their preference, else the page's language."""
    if user is None and email:
        user = get_user_model().objects.filter(email__iexact=email).first()
    language = getattr(user, "preferred_language", "") or ""
    if language in LANGUAGE_CODES:
        return language
    current = current_language()
    return current if current in LANGUAGE_CODES else settings.LANGUAGE_CODE


def home_in(language: str) -> str:
    return "/en/" if language == "en" else "/"


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """Our one client address (audit.clientip): every allauth rate limit keys on it (allauth's
        ratelimit asks the adapter). Refused, as allauth does, when the request has none."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        language = current_language()
        user.preferred_language = language if language in LANGUAGE_CODES else "vi"
        if form.cleaned_data.get("privacy_consent"):
            user.privacy_consent_at = timezone.now()
        display_name = (form.cleaned_data.get("display_name") or "").strip()
        if display_name:
            user.display_name = display_name
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        return home_in(language_of(request.user))

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    def get_logout_redirect_url(self, request):
        return home_in(current_language())

    # E-mails: rendered and linked in the recipient's language, ending, like every e-mail we
    # send, with the recipient's data-rights link (core/mail.py).
    def render_mail(self, template_prefix, email, context, headers=None):
        msg = super().render_mail(template_prefix, email, context, headers=headers)
        if len(msg.to) == 1 and msg.content_subtype == "plain":
            language = translation.get_language() or settings.LANGUAGE_CODE
            msg.body = msg.body.rstrip("\n") + data_rights_footer(msg.to[0], language) + "\n"
        return msg

    def send_mail(self, template_prefix, email, context):
        with translation.override(language_of(context.get("user"), email)):
            super().send_mail(template_prefix, email, context)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        with translation.override(language_of(emailconfirmation.email_address.user)):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_password_reset_mail(self, user, email, context):
        with translation.override(language_of(user)):
            if context.get("key") and context.get("uid"):
                # The link in the reader's language, not the language of the page they used.
                context["password_reset_url"] = self.get_reset_password_from_key_url(
                    f"{context['uid']}-{context['key']}"
                )
            super().send_password_reset_mail(user, email, context)

    # Security log.
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            record_account_event(
                AccountEvent.Kind.LOGIN_REFUSED,
                request,
                identifier=credentials.get("email") or credentials.get("username") or "",
            )
            raise

    def authentication_failed(self, request, **credentials):
        record_account_event(
            AccountEvent.Kind.LOGIN_FAILED,
            request,
            identifier=credentials.get("email") or credentials.get("username") or "",
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
        if name and not user.display_name:
            user.display_name = name[:80]
        language = current_language()
        user.preferred_language = language if language in LANGUAGE_CODES else "vi"
        return user


def user_display(user) -> str:
    """How allauth names a reader in its messages and e-mails: their display name, never the
    generated username."""
    return getattr(user, "public_name", "") or str(user)
