"""Smaller holes of issue 14: spreadsheet formulas in the broker export, deeply nested JSON in
the broker import, bidirectional controls in display names, a file name of 1,000 characters, an
English error on the Vietnamese form, evidence file names after an account is deleted."""

import csv
import io

import pytest

from infofinance.brokers import importer
from infofinance.brokers.models import Broker
from infofinance.complaints.models import Complaint, Evidence
from tests import complaints_support as support
from tests.complaints_support import PDF, complaint_data, png_bytes, upload

private_root, reader, broker = support.private_root, support.reader, support.broker
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


# -- display names ------------------------------------------------------------------------------

BIDI_AND_FORMAT = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b"]


@pytest.mark.parametrize("control", [*BIDI_AND_FORMAT, "\x07", "\ue000"])
def test_display_names_refuse_bidirectional_and_control_characters(client, control):
    from infofinance.accounts.models import User

    user = User.objects.create_user("lan", "lan@example.com", "Kh0ng-de-doan!")
    client.force_login(user)
    response = client.post(
        "/tai-khoan/ho-so/",
        {"display_name": f"Lan{control}gpj.exe", "phone": "", "preferred_language": "vi"},
    )
    assert response.status_code == 400
    assert "Hãy xóa các ký tự điều khiển ẩn" in response.text
    assert f"U+{ord(control):04X}" in response.text
    user.refresh_from_db()
    assert user.display_name == ""


def test_sign_up_refuses_a_right_to_left_override_in_the_display_name(client, structure):
    response = client.post(
        "/en/account/signup/",
        {
            "email": "someone@example.com",
            "display_name": "Admin\u202etxt.exe",
            "password1": "Kh0ng-de-doan!",
            "password2": "Kh0ng-de-doan!",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 200
    assert "Remove the invisible control characters (U+202E)" in response.text
    from infofinance.accounts.models import User

    assert not User.objects.filter(email="someone@example.com").exists()


def test_vietnamese_and_other_scripts_are_accepted_in_names():
    from infofinance.text.validators import validate_visible_text

    for name in ["Nguyễn Thị Ánh", "Đặng Văn Lâm", "محمد", "李小龍", "O'Neil-Smith"]:
        validate_visible_text(name)


# -- evidence file names after the account is deleted -------------------------------------------


def test_deleting_the_account_removes_the_evidence_file_names(client, reader, broker):
    client.force_login(reader)
    files = [upload("CCCD Nguyễn Văn An.pdf", PDF), upload("sao ke An Nguyen.png", png_bytes())]
    response = client.post("/khieu-nai/gui/", complaint_data(broker, evidence=files))
    assert response.status_code == 302
    assert Evidence.objects.filter(original_name="CCCD Nguyễn Văn An.pdf").exists()
    response = client.post(
        "/tai-khoan/du-lieu-ca-nhan/", {"password": "x-Secret-123", "confirm": "on"}
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()  # the case record stays, anonymised
    assert complaint.user is None and complaint.full_name == ""
    evidence = list(complaint.evidence.order_by("pk"))
    assert [e.original_name for e in evidence] == ["evidence-1.pdf", "evidence-2.png"]
    for e in evidence:
        assert "An" not in e.file.name and "Nguy" not in e.file.name
        assert e.file.storage.exists(e.file.name)  # staff still have the file itself


# -- the Vietnamese form speaks Vietnamese ------------------------------------------------------


def test_too_many_files_is_said_in_vietnamese_on_the_vietnamese_form(client, reader, broker):
    files = [upload(f"{n}.pdf", PDF) for n in range(11)]
    client.force_login(reader)
    response = client.post("/khieu-nai/gui/", complaint_data(broker, evidence=files))
    assert response.status_code == 400
    assert "Mỗi lần gửi tối đa 10 tệp." in response.text
    assert "Send at most" not in response.text
    assert not Complaint.objects.exists()


def test_every_python_interface_string_is_in_the_vietnamese_catalogue():
    """The English above reached the Vietnamese form because `makemessages` never extracted its
    msgid: it was called through an alias (`_gettext`) that xgettext does not know, so the
    catalogue had no entry for it and gettext fell back to the English. This reads the Python
    sources with the aliases in use and checks the catalogue."""
    from pathlib import Path

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[1] / "infofinance"
    with (root / "locale/vi/LC_MESSAGES/django.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    keywords = {
        "_": None,
        "_gettext": None,
        "gettext": None,
        "gettext_lazy": None,
        "ngettext": (1, 2),
        "ngettext_lazy": (1, 2),
        "pgettext": ((1, "c"), 2),
        "pgettext_lazy": ((1, "c"), 2),
    }
    missing = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=keywords
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid and msgid not in known:
                missing.append(f"{path.relative_to(root)}:{line}: {msgid}")
    assert missing == []
