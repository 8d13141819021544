"""The events in the personal-data registry (infofinance/events/erasure.py): the account's
download and the e-mail link's download list registrations with their answers; erasure frees
the seat of an event to come (offered to the next person), anonymises every row and keeps past
rows for the attendance figures; deleting an account erases its registrations."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from infofinance.accounts.services import erase_account
from infofinance.core.mail import data_rights_url
from infofinance.events import services
from infofinance.events.models import CancelReason, Registration, Status
from infofinance.wiring import personal_data
from tests.events_support import make_event, make_reader, register_guest, register_reader

pytestmark = pytest.mark.django_db

LEVEL = {"key": "level", "kind": "choice", "choices": "new = Mới\nold = Lâu năm", "required": True}


def test_the_account_export_lists_registrations_with_their_answers(structure):
    reader = make_reader("an@example.com")
    event = make_event(structure, questions=[LEVEL])
    register_reader(event, user=reader, answers={"level": "old"})
    rows = personal_data.export_all(reader)["events"]
    assert len(rows) == 1
    row = rows[0]
    page = event.pages["vi"]
    assert (row["event"], row["url"]) == (page.title, page.full_url)
    assert (row["status"], row["email"], row["answers"]) == (
        "confirmed",
        "an@example.com",
        {"level": "old"},
    )
    assert row["ticket_code"] and row["registered_at"] and row["confirmed_at"]
    json.dumps(rows)  # what the download writes


def test_the_address_export_has_the_guests_rows_and_those_of_the_accounts(structure):
    event = make_event(structure, questions=[LEVEL])
    register_guest(event, email="Chi.Hoa@Example.com", answers={"level": "new"})
    other = make_event(structure)
    register_reader(other, user=make_reader("chi.hoa@example.com"))
    register_guest(other, email="someone@example.com")
    rows = personal_data.export_all_for_address("CHI.HOA@example.com")["events"]
    assert sorted((r["status"], r["answers"].get("level")) for r in rows) == [
        ("confirmed", None),
        ("pending", "new"),
    ]


def test_the_email_links_download_includes_the_events(structure):
    event = make_event(structure)
    register_guest(event, email="chi.hoa@example.com", name="Lê Thị Hoa")
    url = data_rights_url("chi.hoa@example.com", "vi").removeprefix("http://testserver")
    response = Client().post(url, {"action": "download"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [row["name"] for row in data["events"]] == ["Lê Thị Hoa"]


def test_erasure_cancels_a_registration_to_come_and_offers_its_seat(structure):
    event = make_event(structure, capacity=1, questions=[LEVEL])
    erased = register_reader(
        event, user=make_reader("an@example.com"), answers={"level": "new"}
    ).registration
    waiting = register_guest(event, email="binh@example.com", answers={"level": "old"}).registration
    personal_data.erase_all_for_address("an@example.com")
    erased.refresh_from_db()
    assert (erased.status, erased.cancel_reason) == (Status.CANCELLED, CancelReason.ERASED)
    assert (erased.name, erased.answers) == ("", {})
    assert erased.email == f"erased-{erased.uuid}@invalid"
    assert Registration.objects.get(pk=waiting.pk).status == Status.OFFERED
    assert personal_data.export_all_for_address("an@example.com")["events"] == []


def test_past_rows_are_anonymised_and_keep_their_status(structure):
    with freeze_time(timezone.now() - timedelta(days=10)):
        event = make_event(structure, capacity=5, starts_at=timezone.now() + timedelta(days=2))
        reg = register_guest(event, email="an@example.com").registration
        services.confirm(reg)
        services.check_in(event, reg.ticket_code, by=None, nonce="door-1", source="typed")
    personal_data.erase_all_for_address("an@example.com")
    reg.refresh_from_db()
    assert reg.status == Status.CONFIRMED and reg.checked_in_at is not None
    assert (reg.name, reg.answers, reg.user_id) == ("", {}, None)
    assert reg.email.endswith("@invalid")


def test_account_deletion_erases_its_registrations(structure):
    reader = make_reader("an@example.com")
    event = make_event(structure, capacity=3)
    mine = register_reader(event, user=reader).registration
    other = register_guest(event, email="binh@example.com").registration
    erase_account(None, reader)
    mine.refresh_from_db()
    assert (mine.user_id, mine.name, mine.status) == (None, "", Status.CANCELLED)
    assert Registration.objects.get(pk=other.pk).email == "binh@example.com"
