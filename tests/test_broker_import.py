"""Import and export of brokers and licences: every row checked, all or nothing, clear errors."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from infofinance.brokers import importer
from infofinance.brokers.models import Broker, Licence, Regulator

pytestmark = pytest.mark.django_db
HEADER = (
    "broker_name,abbreviation,website,country,aliases,regulator,licence_number,"
    "licence_type_vi,licence_type_en,licensee_name,approved_domains,effective_date,"
    "expiry_date,status\n"
)


@pytest.fixture
def regulators():
    return [
        Regulator.objects.create(
            name="Financial Conduct Authority", abbreviation="FCA", country="GB", tier=1
        ),
        Regulator.objects.create(name="CySEC", abbreviation="CySEC", country="CY", tier=2),
    ]


GOOD = HEADER + (
    "Harbor Light FX,HLF,https://harborlight.example,gb,Harbour Light; HL FX,FCA, frn  123 456 ,,"
    "Brokerage,Harbor Light Ltd,harborlight.example,2020-01-01,2030-01-01,active\n"
    "Harbor Light FX,HLF,https://harborlight.example,GB,,CySEC,200/13,,,Harbor Light EU,"
    "harborlight.example,2019-05-01,2024-05-01,Active\n"
    "Quiet Clone Ltd,,https://quietclone.example,,,,,,,,,,,\n"
)


def test_a_valid_file_imports_brokers_and_licences(regulators):
    plan = importer.import_file(GOOD.encode(), "register.csv")
    assert plan.ok and plan.applied, plan.errors
    broker = Broker.objects.get(slug="harbor-light-fx")
    assert broker.country == "GB"
    assert sorted(a.name for a in broker.aliases.all()) == ["HL FX", "Harbour Light"]
    assert sorted(broker.licences.values_list("number", flat=True)) == ["200/13", "FRN 123 456"]
    assert broker.warnings == ["licence_expired"]  # the CySEC licence ended in 2024
    assert Broker.objects.get(slug="quiet-clone-ltd").warnings == ["unlicensed"]


def test_one_bad_row_changes_nothing_and_is_named(regulators):
    bad = GOOD + "Broken Row,,not-a-url,,,FCA,999,,,,,,,\n"
    plan = importer.import_file(bad.encode(), "register.csv")
    assert not plan.applied
    assert [(e.line, e.message) for e in plan.errors] == [
        (5, "website “not-a-url” is not a valid http(s) URL")
    ]
    assert not Broker.objects.exists() and not Licence.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X,,,,,FCA,,,,,,,,", "licence_number is empty"),
        ("X,,,,,NOPE,1,,,,,,,", "unknown regulator “NOPE”"),
        ("X,,,,,FCA,1,,,,,2024-05-01,2023-01-01,active", "expiry_date is before effective_date"),
        (
            "X,,,,,FCA,1,,,,,01/05/2024,,active",
            "effective_date “01/05/2024” is not a date (YYYY-MM-DD)",
        ),
        (
            "X,,,,,FCA,1,,,,,,,pending",
            "status “pending” is not one of active, expired, suspended, revoked, clone",
        ),
        (",,,,,,,,,,,,,", "broker_name is empty"),
        ("X,,,GBR,,,,,,,,,,", "country “GBR” is not a two-letter code"),
        (
            "Methodology,,,,,,,,,,,,,",
            "broker_name “Methodology” would take the reserved address “methodology”",
        ),
        ("Gợi ý,,,,,,,,,,,,,", "broker_name “Gợi ý” would take the reserved address “goi-y”"),
    ],
)
def test_each_rule_has_a_clear_message(regulators, row, message):
    plan = importer.import_file((HEADER + row + "\n").encode(), "x.csv")
    assert [e.message for e in plan.errors] == [message]
    assert plan.errors[0].line == 2


def test_scores_outside_range_are_refused(regulators):
    text = "broker_name,market_score\nX,11\nY,abc\nZ,NaN\nW,-Infinity\n"
    plan = importer.import_file(text.encode(), "x.csv")
    assert [e.message for e in plan.errors] == [
        "market_score 11 is outside 0–10",
        "market_score “abc” is not a number",
        "market_score NaN is outside 0–10",
        "market_score -Infinity is outside 0–10",
    ]


def test_dry_run_writes_nothing(regulators):
    plan = importer.import_file(GOOD.encode(), "x.csv", dry_run=True)
    assert plan.ok and not plan.applied
    assert plan.brokers_created == ["harbor-light-fx", "quiet-clone-ltd"]
    assert plan.licences_created == 2
    assert not Broker.objects.exists()


def test_same_licence_twice_in_a_file_is_an_error(regulators):
    text = HEADER + "A,,,,,FCA,FRN 1,,,,,,,\nB,,,,,fca,frn1,,,,,,,\n"
    plan = importer.import_file(text.encode(), "x.csv")
    assert [e.message for e in plan.errors] == ["licence FCA FRN1 already on line 2"]


def test_reimport_updates_instead_of_duplicating(regulators):
    importer.import_file(GOOD.encode(), "x.csv")
    again = GOOD.replace(" frn  123 456 ", "FRN123456").replace("2030-01-01", "2031-01-01")
    plan = importer.import_file(again.encode(), "x.csv")
    assert plan.ok and plan.licences_created == 0 and plan.licences_updated == 2
    assert Licence.objects.count() == 2
    assert str(Licence.objects.get(number__startswith="FRN").expiry_date) == "2031-01-01"


def test_duplicate_brokers_under_other_spellings_warn(regulators):
    importer.import_file(GOOD.encode(), "x.csv")
    text = HEADER + "Harbor-Light F.X.,,,,,,,,,,,,,\nharborlight fx,,,,,,,,,,,,,\n"
    plan = importer.import_file(text.encode(), "x.csv", dry_run=True)
    assert plan.ok
    # "Harbor-Light F.X." has the same slug: it is the same broker, updated. The other
    # spelling is new, and warned about (existing broker, and the earlier line).
    assert plan.brokers_updated == ["harbor-light-fx"]
    assert [w.line for w in plan.warnings] == [3, 3]
    assert "looks like the existing broker “Harbor Light FX”" in plan.warnings[0].message


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        ("broker_name\nSàn Đông Á\n".encode("cp1258"), "x.csv", "not UTF-8"),
        (b"MZ\x90\x00\x03\x00\x00\x00binary", "evil.csv", "not a text file"),
        (b"name,site\nA,b\n", "x.csv", "Missing column(s): broker_name"),
        (b"{not json", "x.json", "Invalid JSON"),
        (b"broker_name,x\n", "x.csv", "Unknown column(s): x"),
        (b"x" * (importer.MAX_BYTES + 1), "x.csv", "larger than 5 MB"),
    ],
)
def test_unreadable_files_are_refused(regulators, data, name, message):
    with pytest.raises(importer.ImportFileError) as error:
        importer.import_file(data, name)
    assert message in str(error.value)
    assert not Broker.objects.exists()


def test_json_import_and_export_roundtrip(regulators):
    importer.import_file(GOOD.encode(), "x.csv")
    exported = importer.export_json()
    rows = json.loads(exported)
    assert {r["broker_name"] for r in rows} == {"Harbor Light FX", "Quiet Clone Ltd"}
    plan = importer.import_file(exported.encode(), "export.json")
    assert plan.ok and plan.brokers_created == [] and plan.licences_created == 0
    csv_plan = importer.import_file(importer.export_csv().encode(), "export.csv", dry_run=True)
    assert csv_plan.ok and csv_plan.licences_updated == 2


def test_management_commands(regulators, tmp_path, capsys):
    source = tmp_path / "register.csv"
    source.write_text(GOOD, encoding="utf-8")
    call_command("import_brokers", str(source), "--dry-run")
    assert not Broker.objects.exists()
    call_command("import_brokers", str(source))
    assert Broker.objects.count() == 2
    assert "checking [" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X,,,,,NOPE,1,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_brokers", str(bad))
    target = tmp_path / "out.json"
    call_command("export_brokers", str(target))
    assert len(json.loads(target.read_text())) == 3


def test_admin_import_needs_permission_and_reports_lines(
    client, regulators, django_user_model, staff_login
):
    writer = django_user_model.objects.create_user("writer", "w@example.com", "pw")
    from django.contrib.auth.models import Permission

    writer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff_login(client, writer)
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    for url in ("/admin/brokers/import/", "/admin/brokers/export/"):
        response = client.get(url)
        assert response.status_code in (302, 403) and b"Harbor" not in response.content
    upload = SimpleUploadedFile("r.csv", GOOD.encode(), "text/csv")
    assert client.post("/admin/brokers/import/", {"file": upload}).status_code in (302, 403)
    assert not Broker.objects.exists()
    admin = django_user_model.objects.create_superuser("boss", "b@example.com", "pw")
    staff_login(client, admin)
    upload = SimpleUploadedFile("r.csv", (GOOD + "Bad,,,,,NOPE,1,,,,,,,\n").encode(), "text/csv")
    response = client.post("/admin/brokers/import/", {"file": upload})
    assert response.status_code == 200
    assert 'data-line="5"' in response.text and not Broker.objects.exists()
    upload = SimpleUploadedFile("r.csv", GOOD.encode(), "text/csv")
    client.post("/admin/brokers/import/", {"file": upload})
    assert Broker.objects.count() == 2
    export = client.get("/admin/brokers/export/")
    assert export["Content-Type"].startswith("text/csv") and b"Harbor Light FX" in export.content
