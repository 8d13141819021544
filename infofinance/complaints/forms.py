"""Readers' forms: the complaint (draft or send), evidence added later, a cancellation request.
Evidence is cleaned here (uploads.clean_upload) so that every refusal is an error on the field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infofinance.brokers.models import Broker

from . import uploads
from .models import PUBLICATION_CONSENT_TEXT, CancellationReason, Category, Complaint


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; each checked by content, size and type."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png,image/webp,application/pdf"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > uploads.max_files():
            raise ValidationError(
                gettext("Send at most %(count)s files at a time.") % {"count": uploads.max_files()}
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(uploads.clean_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class OversizeMixin:
    """Files cut off while the request was read (uploads.LimitedUploadHandler) are reported
    on the evidence field, never silently dropped."""

    def __init__(self, *args, oversized=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = list(oversized)

    def clean(self):
        cleaned = super().clean()
        limit = f"{uploads.max_file_bytes() // (1024 * 1024)} MB"
        for name in self.oversized:
            self.add_error(
                "evidence",
                gettext("“%(name)s” is larger than %(limit)s.")
                % {"name": (name or "file")[-150:], "limit": limit},
            )
        return cleaned


class BrokerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ComplaintForm(OversizeMixin, forms.ModelForm):
    broker = BrokerChoiceField(
        queryset=Broker.objects.filter(hidden=False).order_by("name").only("id", "name"),
        required=False,
        label=_("Broker from our directory"),
        empty_label=_("— not in the list —"),
    )
    category = forms.ChoiceField(
        choices=Category.choices, widget=forms.RadioSelect, label=_("What happened?")
    )
    evidence = EvidenceField(
        label=_("Evidence (photos, screenshots, contracts)"),
        help_text=_("JPEG, PNG, WebP or PDF; at most 10 files of 10 MB each."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Info Finance processes the personal data in this form to handle my "
            "complaint, as described in the privacy policy."
        ),
        error_messages={"required": _("We cannot keep your complaint without your consent.")},
    )
    # Apart from the consent above, optional and unticked: no complaint is published without it.
    publication_consent = forms.BooleanField(
        label=PUBLICATION_CONSENT_TEXT,
        required=False,
        help_text=_("Optional: without it, your complaint is handled but never published."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Complaint
        fields = [
            "broker",
            "broker_name",
            "broker_url",
            "category",
            "title",
            "description",
            "full_name",
            "email",
            "phone",
        ]
        labels = {
            "broker_name": _("Or the broker's name"),
            "broker_url": _("and its website"),
            "title": _("Title"),
            "description": _("What happened"),
            "full_name": _("Full name"),
            "email": _("E-mail"),
            "phone": _("Phone"),
        }
        help_texts = {
            "description": _(
                "Dates, amounts, account numbers at the broker, what you asked and what they "
                "answered. Plain text."
            ),
            "broker_url": _("For example https://broker.example"),
            "title": _(
                "For our staff only. If you agree to publication, staff write the public title "
                "and text themselves, without your personal details."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "broker_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, sending: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.sending = sending
        for name in ("title", "description", "full_name", "email"):
            self.fields[name].required = True
        self.fields["phone"].required = False
        if self.instance.pk:
            self.initial.setdefault("publication_consent", self.instance.publication_consented)

    def clean_broker_url(self):
        url = self.cleaned_data.get("broker_url", "")
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Enter a web address starting with http:// or https://."))
        return url

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("broker") and not (cleaned.get("broker_name") or "").strip():
            self.add_error("broker_name", _("Choose the broker from the list or type its name."))
        return cleaned


class EvidenceForm(OversizeMixin, forms.Form):
    evidence = EvidenceField(
        label=_("New evidence"),
        required=True,
        help_text=_("JPEG, PNG, WebP or PDF; at most 10 files of 10 MB each."),
    )


class CancellationForm(forms.Form):
    reason = forms.ChoiceField(
        choices=CancellationReason.choices, widget=forms.RadioSelect, label=_("Reason")
    )
    explanation = forms.CharField(
        label=_("Anything to add?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
