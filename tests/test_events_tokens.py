"""The manage links of registrations at the service level: a derived token (the same in every
e-mail), only its digest stored; a tampered token finds nothing; a reused link changes nothing;
a guest who confirms after the hold lapsed still gets a seat or a place in the queue. (The
pages behind the links: tests/test_events_pages.py and the views' tests.)"""

from datetime import timedelta

import pytest
from django.utils import translation
from freezegun import freeze_time

from infofinance.events import selectors, services, tickets
from infofinance.events.models import Registration, Status
from tests.events_support import fill, make_event, register_guest, register_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest(structure):
    event = make_event(structure, capacity=1, english=False)
    return register_guest(event).registration


def test_the_token_is_derived_and_only_its_digest_is_stored(guest):
    token = tickets.manage_token(guest)
    assert len(token) == 43 and token == tickets.manage_token(Registration.objects.get(pk=guest.pk))
    stored = Registration.objects.get(pk=guest.pk)
    assert stored.token_digest == tickets.token_digest(token)
    assert token not in {stored.token_digest, str(stored.uuid), stored.ticket_code}
    assert selectors.registration_by_token(token=token) == guest


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t[:-1],
        lambda t: t + "x",
        lambda t: t.upper(),
        lambda t: "",
        lambda t: "x" * 500,
    ],
)
def test_a_tampered_token_finds_nothing(guest, mangle):
    assert selectors.registration_by_token(token=mangle(tickets.manage_token(guest))) is None


def test_another_registrations_token_is_its_own(structure, guest):
    other = register_reader(guest.event).registration
    assert selectors.registration_by_token(token=tickets.manage_token(other)) == other


def test_a_reused_cancellation_link_says_already_cancelled_and_changes_nothing(guest):
    token = tickets.manage_token(guest)
    assert services.cancel(selectors.registration_by_token(token=token)).kind == "cancelled"
    before = Registration.objects.get(pk=guest.pk)
    again = services.cancel(selectors.registration_by_token(token=token))
    assert again.kind == "already"
    with translation.override("en"):
        assert str(again.message) == "This registration is already cancelled."
    after = Registration.objects.get(pk=guest.pk)
    assert (after.status, after.cancelled_at, after.updated_at) == (
        Status.CANCELLED,
        before.cancelled_at,
        before.updated_at,
    )


def test_a_reused_confirmation_link_changes_nothing(guest):
    token = tickets.manage_token(guest)
    assert services.confirm(selectors.registration_by_token(token=token)).kind == "confirmed"
    before = Registration.objects.get(pk=guest.pk)
    assert services.confirm(selectors.registration_by_token(token=token)).kind == "already"
    assert Registration.objects.get(pk=guest.pk).updated_at == before.updated_at


def test_the_lookup_itself_changes_nothing(guest):
    before = Registration.objects.get(pk=guest.pk)
    for _ in range(3):
        selectors.registration_by_token(token=tickets.manage_token(guest))
    after = Registration.objects.get(pk=guest.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)


def test_a_guest_confirming_after_the_hold_lapsed_gets_the_free_seat(structure):
    with freeze_time("2026-12-01 03:00:00+00:00") as clock:
        event = make_event(structure, capacity=1, english=False)
        token = tickets.manage_token(register_guest(event).registration)
        clock.tick(timedelta(hours=2))
        services.expire_lapsed()
        reg = selectors.registration_by_token(token=token)
        assert reg.status == Status.EXPIRED
        assert services.confirm(reg).kind == "confirmed"
        assert Registration.objects.get(pk=reg.pk).status == Status.CONFIRMED


def test_a_guest_confirming_after_the_hold_lapsed_on_a_full_event_waits(structure):
    with freeze_time("2026-12-01 03:00:00+00:00") as clock:
        event = make_event(structure, capacity=1, english=False)
        token = tickets.manage_token(register_guest(event).registration)
        clock.tick(timedelta(hours=2))
        fill(event)
        outcome = services.confirm(selectors.registration_by_token(token=token))
        assert outcome.kind == "waiting"
        assert Registration.objects.get(pk=outcome.registration.pk).status == Status.WAITING


def test_a_lapsed_guest_who_registered_again_is_told_already(structure):
    with freeze_time("2026-12-01 03:00:00+00:00") as clock:
        event = make_event(structure, capacity=2, english=False)
        first = register_guest(event, email="an@example.com").registration
        clock.tick(timedelta(hours=1))
        services.expire_lapsed()
        second = register_guest(event, email="an@example.com").registration
        outcome = services.confirm(
            selectors.registration_by_token(token=tickets.manage_token(first))
        )
        assert outcome.kind == "already" and outcome.registration.pk == second.pk
        assert Registration.objects.get(pk=first.pk).status == Status.EXPIRED


def test_codes_normalise_as_typed_at_the_door():
    code = tickets.new_ticket_code()
    assert len(code) == 8 and set(code) <= set(tickets.ALPHABET)
    assert tickets.normalise_code(f" {tickets.format_code(code).lower()} ") == code
    assert tickets.normalise_code("o1il-ab2d") == "0111AB2D"
    assert tickets.normalise_code("ABCD-EFGU") == ""  # U is not in Crockford's alphabet
    assert tickets.normalise_code("ABC") == ""
    assert tickets.format_code("K7M29QXD") == "K7M2-9QXD"


def test_the_qr_png_is_the_same_bytes_every_time_and_the_svg_inline():
    png = tickets.qr_png("K7M29QXD")
    assert png.startswith(b"\x89PNG") and png == tickets.qr_png("K7M29QXD")
    assert png != tickets.qr_png("K7M29QXE")
    svg = str(tickets.qr_svg("K7M29QXD"))
    assert svg.startswith("<svg") and "<?xml" not in svg
