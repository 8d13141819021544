"""Staff import and export of brokers and licences in the Wagtail admin."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import importer

PERMISSIONS = [
    "brokers.add_broker",
    "brokers.change_broker",
    "brokers.add_licence",
    "brokers.change_licence",
]


def can_import(user) -> bool:
    return user.is_active and user.has_perms(PERMISSIONS)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or JSON file"), help_text=_("UTF-8, at most 5 MB. Columns: see the export.")
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check and show what would change"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    plan, file_error = None, None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = importer.import_file(
                upload.read(), upload.name, dry_run=form.cleaned_data["dry_run"]
            )
        except importer.ImportFileError as error:
            file_error = str(error)
    return render(
        request, "brokers/admin/import.html", {"form": form, "plan": plan, "file_error": file_error}
    )


def export_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    as_json = request.GET.get("format") == "json"
    response = HttpResponse(
        importer.export_json() if as_json else importer.export_csv(),
        content_type="application/json; charset=utf-8" if as_json else "text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="brokers.{"json" if as_json else "csv"}"'
    )
    return response
