"""Forms of the events' admin pages: adding an attendee by hand, changing an event's status
(told by e-mail to everyone registered or waiting) and the door's typed ticket code."""

import uuid
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import EventStatus

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class StaffAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=settings.LANGUAGES, initial="vi"
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class VietnamDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read as Vietnam time, whatever the staff member's own time
    zone in the admin: the e-mails and pages state times in Vietnam time."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [LOCAL_INPUT, "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        wall = timezone.make_naive(result) if timezone.is_aware(result) else result
        return wall.replace(tzinfo=VIETNAM)

    def prepare_value(self, value):
        if hasattr(value, "astimezone") and timezone.is_aware(value):
            return value.astimezone(VIETNAM).strftime(LOCAL_INPUT)
        return super().prepare_value(value)


STATUS_CHOICES = [
    (EventStatus.POSTPONED.value, _("Postpone (no new date yet)")),
    (EventStatus.RESCHEDULED.value, _("Move to a new date")),
    (EventStatus.MOVED_ONLINE.value, _("Move online")),
    (EventStatus.CANCELLED.value, pgettext_lazy("event action", "Cancel the event")),
    (EventStatus.SCHEDULED.value, _("Back on schedule")),
]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Change"), choices=STATUS_CHOICES, widget=forms.RadioSelect)
    new_starts_at = VietnamDateTimeField(label=_("New start (Vietnam time)"), required=False)
    new_ends_at = VietnamDateTimeField(label=_("New end (Vietnam time)"), required=False)
    message_vi = forms.CharField(
        label=_("Message to attendees (Vietnamese)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message_en = forms.CharField(
        label=_("Message to attendees (English)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that everyone registered or waiting gets an e-mail now."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["status"].choices = [c for c in STATUS_CHOICES if c[0] != event.status]

    def clean(self):
        data = super().clean()
        status = data.get("status")
        starts, ends = data.get("new_starts_at"), data.get("new_ends_at")
        if status == EventStatus.RESCHEDULED:
            if starts is None:
                self.add_error("new_starts_at", _("Give the new start."))
            if ends is None:
                self.add_error("new_ends_at", _("Give the new end."))
            if starts and ends and ends <= starts:
                self.add_error("new_ends_at", _("The end must be after the start."))
            if starts and starts <= timezone.now():
                self.add_error("new_starts_at", _("The new start must be in the future."))
        elif starts or ends:
            self.add_error("status", _("New times are given only when moving to a new date."))
        if status == EventStatus.MOVED_ONLINE and not self.event.online_url:
            self.add_error(
                "status",
                _("Add the join link on the event page and publish it before moving online."),
            )
        if self.event.status == EventStatus.CANCELLED:
            self.add_error(None, _("A cancelled event cannot change again."))
        return data


class CheckInForm(forms.Form):
    """The door's typed code; the page renders a new nonce each time, so the same form sent
    twice (a double tap, a reload) checks in once."""

    code = forms.CharField(
        label=_("Ticket code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocapitalize": "characters",
                "autocomplete": "off",
                "autocorrect": "off",
                "spellcheck": "false",
                "inputmode": "text",
                "enterkeyhint": "go",
            }
        ),
    )
    nonce = forms.CharField(widget=forms.HiddenInput, max_length=36)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"nonce": str(uuid.uuid4())})
        super().__init__(*args, **kwargs)

    def clean_nonce(self):
        value = self.cleaned_data["nonce"].strip()
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise forms.ValidationError(_("The form is out of date: try again.")) from None
