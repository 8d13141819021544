"""The events' private views (docs/design/events.md §6.2, §13): the registration form (a guest,
a signed-in reader, answers checked by question, the honeypot, the per-address limit's
localized 429), the ticket page by state with every change by POST only, a tampered link's
localized 404, the attendee's calendar file and "my events"."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from infofinance.events import services, tickets
from infofinance.events.models import Registration, Status
from tests.events_support import fill, make_event, make_reader, register_guest, register_reader

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {
        "key": "level",
        "kind": "choice",
        "label_vi": "Kinh nghiệm đầu tư",
        "label_en": "Investing experience",
        "choices_vi": "new = Mới bắt đầu\npro = Nhiều năm",
        "choices_en": "new = Beginner\npro = Experienced",
        "required": True,
    },
    {
        "key": "consent",
        "kind": "consent",
        "label_vi": "Tôi đồng ý nhận e-mail về sự kiện",
        "label_en": "I agree to receive e-mails about the event",
        "required": True,
    },
]


def register_url(event, language="vi") -> str:
    page = event.pages[language]
    return page.url + ("dang-ky/" if language == "vi" else "register/")


def ticket_url(registration, language="vi") -> str:
    token = tickets.manage_token(registration)
    return f"/su-kien/ve/{token}/" if language == "vi" else f"/en/events/ticket/{token}/"


def guest_form(**overrides):
    data = {
        "name": "Trần Thị Bình",
        "email": "binh@example.com",
        "q_level": "new",
        "q_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def assert_private(response):
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


# -- registration --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_guest_form_asks_name_address_and_the_questions(client, structure, language):
    event = make_event(structure, questions=QUESTIONS)
    response = client.get(register_url(event, language))
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert 'name="name"' in html and 'name="email"' in html
    label = "Investing experience" if language == "en" else "Kinh nghiệm đầu tư"
    assert label in html
    assert ("Beginner" if language == "en" else "Mới bắt đầu") in html
    assert 'name="website"' in html  # the honeypot


def test_guest_registration_holds_a_seat_and_says_check_your_email(client, structure):
    event = make_event(structure, questions=QUESTIONS, capacity=5)
    response = client.post(register_url(event), guest_form())
    assert response.status_code == 200
    registration = Registration.objects.get(event=event, email="binh@example.com")
    assert registration.status == Status.PENDING
    assert registration.answers["level"] == "new"
    assert registration.answers["consent"]["accepted"] is True
    assert registration.answers["consent"]["text"] == "Tôi đồng ý nhận e-mail về sự kiện"
    assert 'data-testid="registration-outcome"' in response.content.decode()


def test_a_missing_answer_is_shown_beside_its_question_and_nothing_is_saved(client, structure):
    event = make_event(structure, questions=QUESTIONS)
    response = client.post(register_url(event, "en"), guest_form(q_level="", q_consent=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errorlist') >= 2
    assert 'value="Trần Thị Bình"' in html  # what was typed is kept
    assert not Registration.objects.filter(event=event).exists()


def test_a_choice_that_was_not_offered_is_refused(client, structure):
    event = make_event(structure, questions=QUESTIONS)
    response = client.post(register_url(event), guest_form(q_level="vip"))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_honeypot_invalidates_the_form(client, structure):
    event = make_event(structure, questions=QUESTIONS)
    response = client.post(register_url(event), guest_form(website="http://spam.example"))
    assert response.status_code == 400
    assert not Registration.objects.filter(event=event).exists()


def test_a_signed_in_reader_sees_their_details_and_is_confirmed_in_one_step(client, structure):
    event = make_event(structure)
    reader = make_reader("an@example.com")
    client.force_login(reader)
    response = client.get(register_url(event))
    html = response.content.decode()
    assert 'name="email"' not in html and "an@example.com" in html
    response = client.post(register_url(event), {"website": ""})
    registration = Registration.objects.get(event=event, user=reader)
    assert registration.status == Status.CONFIRMED
    assert response.status_code == 302
    assert response["Location"] == ticket_url(registration)


def test_a_full_event_offers_the_waiting_list(client, structure):
    event = make_event(structure, capacity=1)
    fill(event)
    response = client.get(register_url(event, "en"))
    assert "Join the waiting list" in response.content.decode()
    client.post(register_url(event, "en"), guest_form(email="late@example.com"))
    assert Registration.objects.get(email="late@example.com").status == Status.WAITING


def test_registering_after_closing_is_refused_with_the_reason(client, structure):
    now = timezone.now()
    event = make_event(structure, closes_at=now + timedelta(days=1))
    event.registration_closes_at = now - timedelta(minutes=1)
    event.save(update_fields=["registration_closes_at"])
    response = client.post(register_url(event, "en"), guest_form())
    assert response.status_code == 409
    assert "closed" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_an_unlisted_event_shows_no_form_as_the_service_would_refuse_it(client, structure):
    event = make_event(structure)
    event.listed = False  # its pages are being withdrawn: the service refuses registrations
    event.save(update_fields=["listed"])
    page = client.get(register_url(event, "en")).content.decode()
    assert "Registration is closed." in page
    assert 'name="email"' not in page
    event_page = client.get(event.pages["en"].url).content.decode()
    assert "Registration is closed." in event_page


@override_settings(EVENTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR=2)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_flood_from_one_address_gets_the_localized_429(client, structure, language):
    event = make_event(structure)
    for n in range(2):
        client.post(register_url(event, language), guest_form(email=f"g{n}@example.com"))
    response = client.post(register_url(event, language), guest_form(email="g9@example.com"))
    assert response.status_code == 429
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert gettext("Too many attempts") in html
    assert not Registration.objects.filter(email="g9@example.com").exists()


# -- the ticket page -----------------------------------------------------------------------------


def test_a_get_never_changes_a_registration(client, structure):
    event = make_event(structure)
    registration = register_guest(event).registration
    response = client.get(ticket_url(registration) + "?action=confirm")
    assert response.status_code == 200
    assert_private(response)
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    assert 'name="action" value="confirm"' in response.content.decode()


def test_confirming_by_post_shows_the_ticket_with_its_code_and_calendar_links(client, structure):
    event = make_event(structure)
    registration = register_guest(event).registration
    response = client.post(ticket_url(registration), {"action": "confirm"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    html = client.get(response["Location"]).content.decode()
    assert tickets.format_code(registration.ticket_code) in html
    assert "<svg" in html
    assert "calendar.google.com" in html and "outlook.live.com" in html
    assert f"/su-kien/ve/{tickets.manage_token(registration)}/lich.ics" in html


def test_cancelling_by_post_frees_the_seat_for_the_first_waiting(client, structure):
    event = make_event(structure, capacity=1)
    first = register_reader(event).registration
    second = register_guest(event).registration
    assert second.status == Status.WAITING
    client.post(ticket_url(first, "en"), {"action": "cancel"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.status == Status.OFFERED
    html = client.get(ticket_url(second, "en")).content.decode()
    assert 'value="accept"' in html and 'value="decline"' in html
    client.post(ticket_url(second, "en"), {"action": "accept"})
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED


def test_declining_an_offer_by_post(client, structure):
    event = make_event(structure, capacity=1)
    first = register_reader(event).registration
    second = register_guest(event).registration
    services.cancel(first)
    client.post(ticket_url(second), {"action": "decline"})
    second.refresh_from_db()
    assert second.status == Status.CANCELLED


def test_a_lapsed_offer_answers_409_with_its_time(client, structure):
    event = make_event(structure, capacity=1)
    first = register_reader(event).registration
    second = register_guest(event).registration
    services.cancel(first)
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(ticket_url(second, "en"), {"action": "accept"})
    assert response.status_code == 409
    assert "GMT+7" in response.content.decode()


def test_an_unknown_action_changes_nothing(client, structure):
    event = make_event(structure)
    registration = register_guest(event).registration
    response = client.post(ticket_url(registration), {"action": "delete"})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_tampered_token_is_a_localized_404(client, structure, language):
    event = make_event(structure)
    registration = register_guest(event).registration
    token = tickets.manage_token(registration)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    url = f"/su-kien/ve/{tampered}/" if language == "vi" else f"/en/events/ticket/{tampered}/"
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert gettext("This link does not work") in html
    response = client.post(url, {"action": "cancel"})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_a_reused_cancellation_link_says_already_cancelled(client, structure):
    event = make_event(structure)
    registration = register_guest(event).registration
    client.post(ticket_url(registration, "en"), {"action": "cancel"})
    response = client.post(ticket_url(registration, "en"), {"action": "cancel"}, follow=True)
    assert "already cancelled" in response.content.decode()


def test_the_attendees_calendar_file(client, structure):
    event = make_event(structure, attendance="online")
    registration = register_reader(event).registration
    response = client.get(f"/su-kien/ve/{tickets.manage_token(registration)}/lich.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert_private(response)
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert event.online_url in re.sub(r"\r\n ", "", body)


# -- my events -----------------------------------------------------------------------------------


def test_my_events_needs_an_account(client, structure):
    response = client.get("/tai-khoan/su-kien/")
    assert response.status_code == 302
    assert "/tai-khoan/login/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_my_events_lists_the_readers_registrations(client, structure, language):
    reader = make_reader()
    mine = make_event(structure)
    other = make_event(structure)
    register_reader(mine, user=reader)
    register_guest(other)
    client.force_login(reader)
    response = client.get("/tai-khoan/su-kien/" if language == "vi" else "/en/account/events/")
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert mine.pages[language].title in html
    assert other.pages[language].title not in html
