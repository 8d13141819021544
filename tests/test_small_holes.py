"""Smaller holes of issue 14: spreadsheet formulas in the broker export, deeply nested JSON in
the broker import, bidirectional controls in display names, a file name of 1,000 characters, an
English error on the Vietnamese form, evidence file names after an account is deleted."""

import csv
import io

import pytest

from infofinance.brokers import importer
from infofinance.brokers.models import Broker

pytestmark = pytest.mark.django_db

HEADER = ",".join(importer.COLUMNS) + "\n"


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("https://evil.example","Click")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\tTabbed",
        "\rReturned",
    ],
)
def test_csv_export_cells_cannot_start_a_formula(name):
    Broker.objects.create(name=name, slug="formula", website="https://ok.example")
    rows = list(csv.DictReader(io.StringIO(importer.export_csv())))
    assert rows[0]["broker_name"] == "'" + name
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_an_exported_csv_imports_back_unchanged():
    Broker.objects.create(name="=Formula Markets", slug="formula-markets")
    exported = importer.export_csv()
    Broker.objects.all().delete()
    plan = importer.import_file(exported.encode(), "brokers.csv")
    assert plan.ok, plan.errors
    assert list(Broker.objects.values_list("name", flat=True)) == ["=Formula Markets"]


def test_plain_cells_are_exported_as_they_are():
    Broker.objects.create(name="Harbor Light FX", slug="harbor-light-fx")
    assert "\nHarbor Light FX," in importer.export_csv()


def test_deeply_nested_json_is_a_clear_file_error_not_a_500():
    with pytest.raises(importer.ImportFileError, match="nested too deeply"):
        importer.import_file(("[" * 100_000).encode(), "brokers.json")


def test_a_nested_value_in_a_json_row_is_named():
    data = '[{"broker_name": "Ok FX"}, {"broker_name": ' + "[" * 50 + "]" * 50 + "}]"
    with pytest.raises(importer.ImportFileError, match="Row 2: broker_name must be text"):
        importer.import_file(data.encode(), "brokers.json")


def test_the_admin_import_shows_the_nesting_error(client, staff_login, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff_login(client, django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    upload = SimpleUploadedFile("deep.json", b"[" * 100_000, "application/json")
    response = client.post("/admin/brokers/import/", {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert "nested too deeply" in response.text
