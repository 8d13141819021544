"""The registration form (docs/design/events.md §6.2): a guest gives a name and an e-mail
address; everyone answers the event's questions. The questions' specs (key, kind, required,
choice codes) are the event's (`Event.questions`, copied from the source page); their labels
come from the page in the reader's language. Answers are checked by
`services.validate_answers`, its errors shown beside their question."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind

TEXT_MAX = 2000
FIELD_PREFIX = "q_"


def field_name(key: str) -> str:
    return FIELD_PREFIX + key


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    # A field people never see (hidden by events.css, out of the tab order): bots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, event, labels: dict | None = None, reader=None, **kwargs):
        """`labels`: {key: EventQuestion} of the page in the reader's language; `reader`: the
        signed-in user, whose name and address are shown, not asked."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.reader = reader
        self.consent_texts: dict[str, str] = {}
        labels = labels or {}
        if reader is not None:
            del self.fields["name"]
            del self.fields["email"]
        for spec in event.questions or []:
            key = spec["key"]
            row = labels.get(key)
            label = row.label if row is not None else key
            help_text = row.help_text if row is not None else ""
            required = bool(spec.get("required"))
            kind = spec.get("kind", QuestionKind.TEXT)
            codes = list(spec.get("choices") or [])
            names = dict(row.parsed_choices()) if row is not None else {}
            choices = [(code, names.get(code, code)) for code in codes]
            field: forms.Field
            if kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    required=required,
                    widget=forms.RadioSelect,
                )
            elif kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    required=required,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif kind == QuestionKind.CONSENT:
                field = forms.BooleanField(label=label, required=required)
                self.consent_texts[key] = label
            else:
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            field.help_text = help_text
            self.fields[field_name(key)] = field

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""

    def raw_answers(self) -> dict:
        answers = {}
        for spec in self.event.questions or []:
            key = spec["key"]
            value = self.cleaned_data.get(field_name(key))
            if key in self.consent_texts:
                value = {"accepted": bool(value), "text": self.consent_texts[key]}
            answers[key] = value
        return answers

    def clean(self):
        from . import services

        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["answers"] = services.validate_answers(self.event, self.raw_answers())
        except ValidationError as error:
            for key, messages in getattr(error, "error_dict", {}).items():
                name = field_name(key) if field_name(key) in self.fields else None
                for message in messages:
                    self.add_error(name, message)
            if not hasattr(error, "error_dict"):
                raise
        return cleaned

    @property
    def visible_question_fields(self):
        return [self[name] for name in self.fields if name.startswith(FIELD_PREFIX)]
