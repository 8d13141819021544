"""The results page's query string, validated: a bad value is reported next to its field and
ignored, never an error page."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infofinance.text.dates import HCM

from .text import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=10_000)
    type = forms.CharField(required=False)
    section = forms.TypedChoiceField(
        label=_("Section"), required=False, coerce=int, empty_value=None
    )
    date_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    both = forms.BooleanField(label=_("Search both languages"), required=False)

    def __init__(self, data, *, sections=(), kinds=()):
        super().__init__(data)
        self.kinds = tuple(kinds)
        self.fields["section"].choices = [("", _("All sections"))] + [
            (section.pk, section.name) for section in sections
        ]
        self.fields["q"].widget.attrs.update({"maxlength": MAX_QUERY_LENGTH, "id": "search-q"})

    def clean_type(self):
        value = self.cleaned_data.get("type") or ""
        return value if value in self.kinds else ""

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def value(self, name, default=None):
        """A field's clean value, or `default` when it was missing or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name in self.errors:
            return default
        return self.cleaned_data.get(name, default)

    def date_range(self) -> tuple[datetime | None, datetime | None]:
        """The chosen days as a half-open range of instants, days counted in Vietnam time."""
        start, end = self.value("date_from"), self.value("date_to")
        if "date_to" in self.errors:
            start, end = start, None
        since = timezone.make_aware(datetime.combine(start, time.min), HCM) if start else None
        until = (
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), HCM)
            if end
            else None
        )
        return since, until
