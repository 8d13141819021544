"""The banner form in the Wagtail admin: times entered in Vietnam time (whatever the staff
member's own zone), targeting by page type, section and tag, images through Wagtail's chooser;
saved through services.save_banner, whose refusals (a warned broker, an unapproved domain, a
wrong image, a full placement) come back on their fields and save nothing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.images.widgets import AdminImageChooser
from wagtail.log_actions import log

from infofinance.news.models import Section, Tag

from . import services
from .dates import VIETNAM
from .models import Banner
from .placements import PLACEMENTS, PageType

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
INPUT_FORMATS = [LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class VietnamDateTimeField(forms.DateTimeField):
    """A wall-clock time in Vietnam (Asia/Ho_Chi_Minh), stored in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "astimezone") and timezone.is_aware(value):
            value = value.astimezone(VIETNAM).replace(tzinfo=None)
        return super().prepare_value(value)

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        naive = result.replace(tzinfo=None) if timezone.is_aware(result) else result
        return naive.replace(tzinfo=VIETNAM)


def _language_label(row) -> str:
    return f"{row} ({row.locale.language_code})"


class LabelledChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _language_label(obj)


class BannerForm(forms.ModelForm):
    link = forms.URLField(label=_("link"), max_length=500, assume_scheme="https")
    starts_at = VietnamDateTimeField(label=_("starts (Vietnam time)"))
    ends_at = VietnamDateTimeField(label=_("ends (Vietnam time)"))
    page_types = forms.MultipleChoiceField(
        label=_("page types"),
        choices=PageType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every page the placement appears on."),
    )
    sections = LabelledChoice(
        label=_("sections"),
        queryset=Section.objects.select_related("locale").order_by("locale", "sort_order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every section. In the banner's language."),
    )
    tags = LabelledChoice(
        label=_("tags"),
        queryset=Tag.objects.select_related("locale").order_by("locale", "name"),
        required=False,
        help_text=_("Empty: every tag. In the banner's language."),
    )

    class Meta:
        model = Banner
        fields = [
            "name",
            "advertiser",
            "placement",
            "language",
            "desktop_image",
            "mobile_image",
            "link",
            "alt_text",
            "starts_at",
            "ends_at",
            "weight",
            "after_paragraph",
            "page_types",
            "sections",
            "tags",
        ]
        widgets = {"desktop_image": AdminImageChooser, "mobile_image": AdminImageChooser}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        sizes = "; ".join(
            f"{p.label}: {p.desktop}" + (f" / {p.mobile}" if p.mobile else "")
            for p in PLACEMENTS.values()
        )
        self.fields["placement"].help_text = _(
            "Image sizes in pixels, desktop / phone (at least these, the same shape): %(sizes)s."
        ) % {"sizes": sizes}
        self.fields["link"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        if self.instance.pk and self.instance.status == "stopped":
            self.fields["name"].help_text = _("Stopped: %(reason)s") % {
                "reason": self.instance.stopped_reason
            }

    def clean_page_types(self):
        return list(self.cleaned_data.get("page_types") or [])


class _SavedThroughService:
    """The generic view saves through the service: its ValidationError lands on the form's
    fields (else at its top), never a 500, and nothing is saved."""

    def is_valid(self, form):
        if not super().is_valid(form):
            return False
        banner = form.instance  # the form wrote its values onto it, not yet saved
        try:
            self.saved = services.save_banner(
                banner,
                sections=form.cleaned_data.get("sections") or [],
                tags=form.cleaned_data.get("tags") or [],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, messages in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, messages)
            else:
                form.add_error(None, error.messages)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return True

    def save_instance(self):
        return self.saved


class BannerCreateView(_SavedThroughService, CreateView):
    def save_instance(self):
        log(instance=self.saved, action="wagtail.create", user=self.request.user)
        return self.saved


class BannerEditView(_SavedThroughService, EditView):
    def save_instance(self):
        log(instance=self.saved, action="wagtail.edit", user=self.request.user)
        return self.saved
