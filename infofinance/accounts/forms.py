"""Account forms: sign-up (with an optional display name), profile, account deletion."""

import re

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from infofinance.text.language import current_language
from infofinance.text.validators import validate_visible_text

from .models import User

# The privacy policy's paths (routes.md); a standard page of the site.
PRIVACY_POLICY = {"vi": "/chinh-sach-bao-mat/", "en": "/en/privacy-policy/"}
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


def clean_display_name(value: str) -> str:
    value = " ".join((value or "").split())
    if any(char in value for char in "<>"):
        raise forms.ValidationError(_("A name cannot contain < or >."))
    validate_visible_text(value)
    return value


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Optional. Shown with your reviews; you can change it later."),
    )

    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("We cannot create an account without your consent to the privacy policy.")
        },
    )

    field_order = ["email", "display_name", "password1", "password2", "privacy_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].label = format_html(
            _("I agree that Info Finance processes my personal data as described in the {link}."),
            link=format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                PRIVACY_POLICY.get(current_language(), PRIVACY_POLICY["vi"]),
                _("privacy policy"),
            ),
        )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data.get("display_name", ""))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "phone", "preferred_language"]
        labels = {
            "display_name": _("Display name"),
            "phone": _("Phone"),
            "preferred_language": _("Preferred language"),
        }
        help_texts = {
            "display_name": _("Shown with your reviews instead of your e-mail address."),
            "phone": _("Optional. Pre-fills your contact details when you file a complaint."),
        }
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data.get("display_name", ""))

    def clean_phone(self):
        phone = " ".join((self.cleaned_data.get("phone") or "").split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number of digits, for example 0912 345 678 or +84 912 345 678.")
            )
        return phone


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            # Accounts created through Google or Facebook have no password: the checkbox is
            # the confirmation, and the session was just authenticated by the provider.
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
