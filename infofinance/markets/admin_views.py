"""The markets' staff pages in the Wagtail admin (docs/design/markets.md §4): the release form
(the scheduled time entered in the release's own zone, saved through
`services.save_release`, which keeps a revision), the price form (saved through
`services.record_price`), the "as shown at" view of a release's revisions and the upload of
an import file. Permissions are the `markets.*` model permissions (the "Market editors"
group); the admin's second factor is global."""

from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView
from wagtail.log_actions import log

from . import imports, price_imports, services
from .models import (
    ImportContent,
    ImportFormat,
    Price,
    Release,
    ReleaseImport,
    ReleaseStatus,
)
from .selectors.revisions import release_as_of, revisions_of
from .services.releases import FIGURES, utc_to_local

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
INPUT_FORMATS = [LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
IMPORT_MAX_BYTES = 10 * 1024 * 1024
RECENT_IMPORTS = 10
IMPORT_PERMISSIONS = ("markets.add_releaseimport", "markets.add_release", "markets.change_release")
PRICE_IMPORT_PERMISSIONS = (
    "markets.add_releaseimport",
    "markets.add_price",
    "markets.change_price",
)
PERMISSIONS_OF = {
    ImportContent.RELEASES: IMPORT_PERMISSIONS,
    ImportContent.PRICES: PRICE_IMPORT_PERMISSIONS,
}
IMPORTERS = {
    ImportContent.RELEASES: imports.import_file,
    ImportContent.PRICES: price_imports.import_file,
}
# Service error keys that are not the form's field names.
FIELD_OF = {"scheduled_at": "scheduled_local"}


def local_input(**attrs) -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local", **attrs}, format=LOCAL_FORMAT)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """The service's field-keyed errors onto the form's fields (else at its top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages in error.message_dict.items():
        name = FIELD_OF.get(key, key)
        form.add_error(name if name in form.fields else None, messages)


# -- releases -----------------------------------------------------------------------------


class ReleaseForm(forms.ModelForm):
    """A release as staff enter it: the scheduled time is a wall-clock time in the zone the
    release is entered in (America/New_York for US data), converted to UTC by the service."""

    scheduled_local = forms.DateTimeField(
        label=gettext_lazy("scheduled (local time in its zone)"),
        input_formats=INPUT_FORMATS,
        widget=local_input(),
        help_text=gettext_lazy(
            "The time as announced in the zone below, e.g. 08:30 for a US release at 8:30 "
            "New York time; stored in UTC."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("note for the revision"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Optional: why the release changed (kept with its revision)."),
    )

    class Meta:
        model = Release
        fields = [
            "indicator",
            "period_kind",
            "period_start",
            "entered_zone",
            "status",
            "importance",
            *FIGURES,
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "entered_zone": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        }

    field_order = [
        "indicator",
        "period_kind",
        "period_start",
        "scheduled_local",
        "entered_zone",
        "status",
        "importance",
        *FIGURES,
        "note",
    ]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("period_kind", "importance", "entered_zone"):
            self.fields[name].required = False
        self.fields["period_kind"].help_text = _("Empty: the indicator's.")
        self.fields["importance"].help_text = _("Empty: the indicator's usual importance.")
        self.fields["entered_zone"].help_text = _(
            "An IANA name such as America/New_York; empty: the indicator's."
        )
        self.fields["period_start"].help_text = _(
            "Any day of the period: moved to its first day (a meeting keeps its day)."
        )
        instance = self.instance
        if instance.pk and instance.scheduled_at and not self.is_bound:
            self.initial["scheduled_local"] = utc_to_local(
                instance.scheduled_at, instance.entered_zone
            )
        if not instance.pk:
            self.initial.setdefault("entered_zone", "")

    def _post_clean(self):
        # The model's own checks are the service's (with its messages); none here.
        return None

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = {
            "indicator": data.get("indicator"),
            "period_kind": data.get("period_kind") or "",
            "period_start": data.get("period_start"),
            "scheduled_local": timezone.make_naive(data["scheduled_local"])
            if timezone.is_aware(data["scheduled_local"])
            else data["scheduled_local"],
            "entered_zone": (data.get("entered_zone") or "").strip(),
            "status": data.get("status"),
            "importance": data.get("importance") or None,
        }
        for name in FIGURES:
            values[name] = data.get(name)
        return values


class _SavedThroughService:
    """The generic view saves the form through a service: its ValidationError becomes the
    form's errors, never a 500."""

    def save_through_service(self, form):
        raise NotImplementedError

    def is_valid(self, form):
        if not super().is_valid(form):
            return False
        try:
            self.saved = self.save_through_service(form)
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return True

    def save_instance(self):
        return self.saved


class ReleaseCreateView(_SavedThroughService, CreateView):
    def save_through_service(self, form):
        release = services.save_release(
            None,
            values=form.service_values(),
            actor=self.request.user,
            note=form.cleaned_data.get("note", ""),
        )
        log(instance=release, action="wagtail.create", user=self.request.user)
        return release


class ReleaseEditView(_SavedThroughService, EditView):
    def save_through_service(self, form):
        # The form wrote its values onto self.object: the service reads the row afresh.
        release = services.save_release(
            Release(pk=self.object.pk),
            values=form.service_values(),
            actor=self.request.user,
            note=form.cleaned_data.get("note", ""),
        )
        log(instance=release, action="wagtail.edit", user=self.request.user)
        return release


class ReleaseDeleteView(DeleteView):
    def delete_action(self):
        # A deleted release may have been one of its indicator's last 24 with both figures.
        indicator_id = self.object.indicator_id
        with transaction.atomic():
            super().delete_action()
            services.refresh_typical_surprises([indicator_id])


# -- prices -------------------------------------------------------------------------------


class PriceForm(forms.ModelForm):
    at = forms.DateTimeField(
        label=gettext_lazy("as of (Vietnam time)"),
        input_formats=INPUT_FORMATS,
        widget=local_input(),
    )

    class Meta:
        model = Price
        fields = ["instrument", "at", "close", "open", "high", "low", "source"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A quote is named by its instrument and time: correcting one keeps both.
            self.fields["instrument"].disabled = True
            self.fields["at"].disabled = True
            if not self.is_bound:
                self.initial["at"] = self.instance.at.astimezone(VIETNAM).replace(tzinfo=None)

    def _post_clean(self):
        return None


class _PriceSave(_SavedThroughService):
    def save_through_service(self, form):
        data = form.cleaned_data
        at = data["at"]
        if timezone.is_naive(at):
            at = at.replace(tzinfo=VIETNAM)
        return services.record_price(
            data["instrument"],
            at=at,
            close=data["close"],
            open=data.get("open"),
            high=data.get("high"),
            low=data.get("low"),
            source=data.get("source") or "",
            actor=self.request.user,
        )


class PriceCreateView(_PriceSave, CreateView):
    pass


class PriceEditView(_PriceSave, EditView):
    pass


# -- "as shown at" ------------------------------------------------------------------------


class AsShownAtForm(forms.Form):
    at = forms.DateTimeField(
        label=gettext_lazy("as shown at (Vietnam time)"),
        input_formats=INPUT_FORMATS,
        widget=local_input(),
        required=False,
    )


def _status_label(value: str) -> str:
    return str(ReleaseStatus(value).label) if value in ReleaseStatus.values else value


def _require(request, *permissions: str) -> None:
    if not request.user.is_active or not request.user.has_perms(permissions):
        raise PermissionDenied


@require_safe
def release_revisions(request, pk: int):
    """A release's revisions, newest first, and its values as shown at a chosen time."""
    _require(request, "markets.view_release")
    release = Release.objects.select_related("indicator").filter(pk=pk).first()
    if release is None:
        raise Http404
    form = AsShownAtForm(request.GET or None)
    at = shown = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("at"):
        at = form.cleaned_data["at"]
        if timezone.is_naive(at):
            at = at.replace(tzinfo=VIETNAM)
        shown = release_as_of(release, at)
        if shown:
            shown["status_label"] = _status_label(shown.get("status", ""))
    revisions = revisions_of(release)
    names = [(name, Release._meta.get_field(name).verbose_name) for name in FIGURES]
    rows = []
    for revision in revisions:
        values = revision.shown
        rows.append(
            {
                "revision": revision,
                "scheduled_at": values.get("scheduled_at"),
                "status": _status_label(values.get("status", "")),
                "figures": [values.get(name) for name, _label in names],
            }
        )
    return render(
        request,
        "markets/admin/release_revisions.html",
        {
            "release": release,
            "form": form,
            "at": at,
            "shown": shown,
            "shown_figures": [(label, shown.get(name)) for name, label in names] if shown else [],
            "figure_names": [label for _name, label in names],
            "rows": rows,
        },
    )


# -- imports ------------------------------------------------------------------------------


def importable(user) -> list[str]:
    """What `user` may import: releases, prices, both or nothing."""
    if not user.is_active:
        return []
    return [content for content, perms in PERMISSIONS_OF.items() if user.has_perms(perms)]


def can_import(user) -> bool:
    return bool(importable(user))


class ImportUploadForm(forms.Form):
    content = forms.ChoiceField(
        label=gettext_lazy("content"),
        choices=ImportContent.choices,
        initial=ImportContent.RELEASES,
        required=False,  # none given: the first the user may import (releases)
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Releases: columns indicator, period, scheduled, zone, status, importance, actual, "
            "forecast, previous, revised_previous, unit. Prices: columns instrument, at, zone "
            "(default Asia/Ho_Chi_Minh), close, open, high, low, source."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("file"),
        help_text=gettext_lazy(
            "CSV (comma or semicolon), JSON or iCalendar (releases only), UTF-8, at most 10 MB."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("format"), choices=ImportFormat.choices, initial=ImportFormat.CSV
    )

    def __init__(self, *args, contents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contents is not None:
            field = self.fields["content"]
            field.choices = [choice for choice in field.choices if choice[0] in contents]
            field.initial = field.choices[0][0]

    def clean_content(self):
        return self.cleaned_data.get("content") or self.fields["content"].initial

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(megabytes)s MB.")
                % {"megabytes": IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


@require_http_methods(["GET", "POST"])
def import_releases(request):
    """Upload a file of releases or prices: validated whole, imported all or nothing, errors
    listed by line."""
    contents = importable(request.user)
    if not contents:
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None, contents=contents)
    done = refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = IMPORTERS[form.cleaned_data["content"]](
                upload.read(),
                form.cleaned_data["format"],
                filename=upload.name,
                actor=request.user,
            )
        except imports.ImportRefused as error:
            refused = error
    recent = ReleaseImport.objects.select_related("actor", "source").order_by("-started_at")[
        :RECENT_IMPORTS
    ]
    return render(
        request,
        "markets/admin/import.html",
        {
            "form": form,
            "done": done,
            "refused": refused,
            "errors": refused.errors if refused else [],
            "recent": recent,
        },
        status=400 if refused else 200,
    )
