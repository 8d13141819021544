"""The attendees' e-mails (docs/design/events.md §7.4, docs/notifications.md), through the
services, the commit, the queue's worker and a real SMTP server: each in the registration's
language, with its links, `invite.ics` and the QR code of the ticket; once per thing that
happened (a task run twice sends a copy with the same Message-ID, never a second message); the
reminders and follow-ups once each over several job runs; a fan-out that crashed carries on
where it stopped, repeating at most the one message in flight."""

from datetime import timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone, translation
from freezegun import freeze_time

from infofinance.events import jobs, notifications, services, tickets
from infofinance.events.models import EventMaterial, EventStatus, Registration, Status
from tests import mail_support
from tests.events_support import make_event, register_guest, register_reader
from tests.mail_support import body, run_queue, subject, worker_died_after_sending

smtp = mail_support.smtp
pytestmark = pytest.mark.django_db


def deliver(callbacks, action):
    """Run `action` as a request does (its transaction committed), then the worker."""
    with callbacks(execute=True):
        result = action()
    run_queue()
    return result


def attachments(message) -> dict:
    return {part.get_filename(): part for part in message.iter_attachments()}


def calendar_of(part) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def utc(value) -> str:
    return value.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def test_reader_gets_the_ticket_in_english_with_invite_and_qr_code(
    structure, smtp, django_capture_on_commit_callbacks
):
    event = make_event(structure, title_en="Bond seminar", attendance="mixed")
    outcome = deliver(
        django_capture_on_commit_callbacks, lambda: register_reader(event, language="en")
    )
    registration = outcome.registration
    assert registration.status == Status.CONFIRMED
    assert len(smtp.raw) == 1 and smtp.duplicates() == 0
    message = smtp.messages[0]
    assert smtp.ids() == [f"<event-ticket.{registration.uuid}@testserver>"]
    assert subject(message) == "Your ticket: Bond seminar"
    assert message["To"] == registration.email
    text = body(message)
    token = tickets.manage_token(registration)
    assert f"http://testserver/en/events/ticket/{token}/" in text
    assert f"http://testserver/en/events/ticket/{token}/calendar.ics" in text
    assert tickets.format_code(registration.ticket_code) in text
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in text
    assert "https://outlook.live.com/calendar/0/action/compose?" in text
    assert "Join online: https://meet.example.com/hoi-thao" in text
    assert "Saturday" in text or "day," in text  # Babel's English date, never the Vietnamese
    assert "Thứ" not in text and "Vé của bạn" not in text
    assert "http://testserver/en/account/personal-data/" in text  # the data-rights footer

    files = attachments(message)
    assert set(files) == {"invite.ics", f"ticket-{registration.ticket_code}.png"}
    invite = files["invite.ics"]
    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "PUBLISH"
    calendar = calendar_of(invite)
    assert calendar["METHOD"] == "PUBLISH"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.pk}@testserver"
    assert vevent["SUMMARY"] == "Bond seminar"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)
    assert vevent.decoded("DTEND") == event.ends_at
    assert "https://meet.example.com/hoi-thao" in vevent["DESCRIPTION"]  # the private file
    assert f"DTSTAMP:{utc(registration.confirmed_at)}" in invite.get_content()
    png = files[f"ticket-{registration.ticket_code}.png"]
    assert png.get_content_type() == "image/png"
    assert png.get_payload(decode=True) == tickets.qr_png(registration.ticket_code)


def test_guest_confirms_by_the_link_then_gets_the_ticket_in_vietnamese(
    structure, smtp, django_capture_on_commit_callbacks
):
    event = make_event(structure, title="Hội thảo vàng", attendance="online")
    registration = deliver(
        django_capture_on_commit_callbacks, lambda: register_guest(event, name="Trần Bình")
    ).registration
    assert registration.status == Status.PENDING
    token = tickets.manage_token(registration)
    (request,) = smtp.messages
    hold = registration.hold_expires_at.strftime("%Y%m%dT%H%M%S")
    assert smtp.ids() == [f"<event-confirm.{registration.uuid}.{hold}@testserver>"]
    assert subject(request) == "Xác nhận chỗ của bạn: Hội thảo vàng"
    text = body(request)
    assert "Chào Trần Bình," in text
    assert f"http://testserver/su-kien/ve/{token}/" in text
    assert "(GMT+7)" in text  # the hold's end, Vietnam time
    assert "meet.example.com" not in text  # no join link before the seat is confirmed
    assert list(request.iter_attachments()) == []
    assert "http://testserver/tai-khoan/du-lieu-ca-nhan/" in text

    deliver(django_capture_on_commit_callbacks, lambda: services.confirm(registration))
    assert len(smtp.raw) == 2 and smtp.duplicates() == 0
    ticket = smtp.messages[1]
    assert smtp.ids()[1] == f"<event-ticket.{registration.uuid}@testserver>"
    assert subject(ticket) == "Vé của bạn: Hội thảo vàng"
    text = body(ticket)
    assert "Tham gia trực tuyến: https://meet.example.com/hoi-thao" in text
    assert "Thời gian: Thứ" in text and "Your ticket" not in text  # Babel's Vietnamese date
    (vevent,) = calendar_of(attachments(ticket)["invite.ics"]).walk("VEVENT")
    assert vevent["SUMMARY"] == "Hội thảo vàng" and vevent["LOCATION"] == "Trực tuyến"


def test_a_task_run_twice_sends_the_same_ticket_again(
    structure, smtp, django_capture_on_commit_callbacks
):
    event = make_event(structure)
    deliver(django_capture_on_commit_callbacks, lambda: register_reader(event))
    assert len(smtp.raw) == 1
    assert worker_died_after_sending() == 1
    run_queue()
    assert len(smtp.raw) == 2 and smtp.duplicates() == 1
    first, again = smtp.messages
    assert body(first) == body(again) and subject(first) == subject(again)
    parts = [
        [(p.get_filename(), p.get_payload(decode=True)) for p in m.iter_attachments()]
        for m in (first, again)
    ]
    assert parts[0] == parts[1] and len(parts[0]) == 2
    # A ticket asked for again (staff, a second registration) is a new message, not a copy.
    registration = Registration.objects.get()
    notifications.send_ticket(registration_id=registration.pk, resend="2")
    assert smtp.ids()[2] == f"<event-ticket.{registration.uuid}.2@testserver>"


def test_staff_resend_a_ticket_as_a_message_of_its_own(
    structure, smtp, django_capture_on_commit_callbacks
):
    event = make_event(structure)
    registration = deliver(django_capture_on_commit_callbacks, lambda: register_reader(event))
    registration = registration.registration
    assert deliver(django_capture_on_commit_callbacks, lambda: services.resend_ticket(registration))
    assert len(smtp.raw) == 2 and smtp.duplicates() == 0
    assert smtp.ids()[1].startswith(f"<event-ticket.{registration.uuid}.")
    assert len(attachments(smtp.messages[1])) == 2
    services.cancel(registration, reason="reader")
    assert not services.resend_ticket(registration)  # no ticket for a cancelled registration


def test_the_handler_sends_only_while_the_state_matches(
    structure, smtp, django_capture_on_commit_callbacks
):
    event = make_event(structure)
    registration = register_reader(event).registration  # its mail is not run
    services.cancel(registration, reason="reader")
    notifications.send_ticket(registration_id=registration.pk)  # late: cancelled since
    notifications.send_after_registration(registration_id=registration.pk)
    assert smtp.raw == []
    notifications.send_cancellation(registration_id=registration.pk)
    notifications.send_cancellation(registration_id=registration.pk)  # run twice: one message
    assert (
        smtp.duplicates() == 1
        and smtp.ids()[0] == f"<event-cancelled.{registration.uuid}@testserver>"
    )


def test_waiting_list_offer_and_its_lapse(structure, smtp, django_capture_on_commit_callbacks):
    event = make_event(structure, capacity=1, title_en="Gold seminar")
    first = deliver(django_capture_on_commit_callbacks, lambda: register_reader(event)).registration
    second = deliver(
        django_capture_on_commit_callbacks,
        lambda: register_guest(event, language="en", name="Emma"),
    ).registration
    assert second.status == Status.WAITING
    assert subject(smtp.messages[1]) == "You are on the waiting list: Gold seminar"
    assert "number 1" in body(smtp.messages[1])
    smtp.clear()

    deliver(django_capture_on_commit_callbacks, lambda: services.cancel(first, reason="reader"))
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    by_id = {str(m["Message-ID"]).strip(): m for m in smtp.messages}
    assert set(by_id) == {
        f"<event-cancelled.{first.uuid}@testserver>",
        f"<event-offer.{second.uuid}.1@testserver>",
    }
    cancelled = by_id[f"<event-cancelled.{first.uuid}@testserver>"]
    assert subject(cancelled) == "Đã huỷ đăng ký: " + event.pages["vi"].title
    cancel_file = attachments(cancelled)["cancel.ics"]
    assert cancel_file.get_param("method") == "CANCEL"
    assert calendar_of(cancel_file)["METHOD"] == "CANCEL"
    offer = by_id[f"<event-offer.{second.uuid}.1@testserver>"]
    assert subject(offer) == "A seat is free for you: Gold seminar"
    deadline = timezone.localtime(second.offer_expires_at, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert deadline.strftime("%-I:%M %p") in body(offer) and "(GMT+7)" in body(offer)
    assert f"http://testserver/en/events/ticket/{tickets.manage_token(second)}/" in body(offer)
    smtp.clear()

    later = second.offer_expires_at + timedelta(minutes=1)
    deliver(django_capture_on_commit_callbacks, lambda: services.expire_lapsed(now=later))
    assert smtp.ids() == [f"<event-offer-expired.{second.uuid}.1@testserver>"]
    assert subject(smtp.messages[0]) == "The seat offered to you has gone: Gold seminar"


def confirmed(event, count):
    return [register_reader(event).registration for _ in range(count)]


def test_reminders_24h_and_1h_once_each_over_three_job_runs(structure, smtp):
    starts = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    event = make_event(structure, starts_at=starts)
    (registration,) = confirmed(event, 1)
    for moment in (starts - timedelta(hours=23), starts - timedelta(hours=22, minutes=59)):
        for _run in range(3 if moment == starts - timedelta(hours=23) else 1):
            with freeze_time(moment):
                jobs.reminders()
    assert smtp.ids() == [f"<event-reminder-24h.{registration.uuid}.v0@testserver>"]
    assert subject(smtp.messages[0]) == "Ngày mai: " + event.pages["vi"].title
    for _run in range(3):
        with freeze_time(starts - timedelta(minutes=40)):
            jobs.reminders()
    assert smtp.ids()[1:] == [f"<event-reminder-1h.{registration.uuid}.v0@testserver>"]
    assert "Sự kiện bắt đầu sau một giờ nữa." in body(smtp.messages[1])
    assert tickets.format_code(registration.ticket_code) in body(smtp.messages[1])
    with freeze_time(starts - timedelta(minutes=10)):
        jobs.reminders()
    assert len(smtp.raw) == 2


def test_no_day_before_reminder_for_a_registration_made_within_the_day(structure, smtp):
    starts = (timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    event = make_event(structure, starts_at=starts)
    (registration,) = confirmed(event, 1)
    with freeze_time(starts - timedelta(hours=5)):
        jobs.reminders()
    assert smtp.raw == []
    with freeze_time(starts - timedelta(minutes=30)):
        jobs.reminders()
    assert smtp.ids() == [f"<event-reminder-1h.{registration.uuid}.v0@testserver>"]


def test_no_reminder_for_a_cancelled_registration_or_a_postponed_event(structure, smtp):
    starts = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    event, other = make_event(structure, starts_at=starts), make_event(structure, starts_at=starts)
    leaving, staying = confirmed(event, 2)
    services.cancel(leaving, reason="reader")
    confirmed(other, 1)
    services.change_status(other, EventStatus.POSTPONED, by=None)
    with freeze_time(starts - timedelta(minutes=30)):
        jobs.reminders()
    assert smtp.ids() == [f"<event-reminder-1h.{staying.uuid}.v0@testserver>"]


def test_a_crash_after_the_third_of_five_reminders_repeats_only_the_third(structure, smtp):
    starts = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    event = make_event(structure, starts_at=starts)
    registrations = confirmed(event, 5)
    original, calls = notifications.mark_sent, []

    def crash_on_the_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("worker killed between the send and its mark")
        return original(*args, **kwargs)

    with freeze_time(starts - timedelta(minutes=30)):
        with (
            patch.object(notifications, "mark_sent", crash_on_the_third),
            pytest.raises(RuntimeError),
        ):
            jobs.reminders()
        jobs.reminders()
        jobs.reminders()
    expected = [f"<event-reminder-1h.{r.uuid}.v0@testserver>" for r in registrations]
    assert len(smtp.raw) == 6 and len(set(smtp.ids())) == 5
    assert smtp.ids() == expected[:3] + expected[2:]
    assert smtp.duplicates() == 1


def test_a_reschedule_is_told_to_everyone_once_and_the_fan_out_resumes(
    structure, smtp, django_capture_on_commit_callbacks
):
    event = make_event(structure, capacity=3, title_en="Fund seminar")
    people = confirmed(event, 3) + [register_guest(event).registration for _ in range(2)]
    assert [p.status for p in people[3:]] == [Status.WAITING] * 2
    new_start = event.starts_at + timedelta(days=7)
    original, calls = notifications.mark_change_notified, []

    def crash_on_the_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("worker killed between the send and its mark")
        return original(*args, **kwargs)

    with patch.object(notifications, "mark_change_notified", crash_on_the_third):
        change = deliver(
            django_capture_on_commit_callbacks,
            lambda: services.change_status(
                event,
                EventStatus.RESCHEDULED,
                by=None,
                message_vi="Diễn giả bị ốm.",
                message_en="The speaker is ill.",
                new_starts_at=new_start,
            ),
        )
    assert len(smtp.raw) == 3  # the task failed after the third send
    assert notifications.send_change(change.pk) == 3  # the task run again
    assert notifications.send_change(change.pk) == 0
    expected = [f"<event-change.{change.pk}.{p.uuid}@testserver>" for p in people]
    assert len(smtp.raw) == 6 and smtp.ids() == expected[:3] + expected[2:]
    first = smtp.messages[0]
    assert subject(first) == "Dời lịch: " + event.pages["vi"].title
    assert "Diễn giả bị ốm." in body(first) and "The speaker" not in body(first)
    (vevent,) = calendar_of(attachments(first)["invite.ics"]).walk("VEVENT")
    assert vevent.decoded("DTSTART") == new_start and vevent["SEQUENCE"] == 1
    assert f"DTSTAMP:{utc(change.created_at)}" in attachments(first)["invite.ics"].get_content()
    waiting = smtp.messages[-1]
    assert list(waiting.iter_attachments()) == []  # no seat, no calendar entry
    assert Registration.objects.filter(notified_change_id=change.pk).count() == 5


def test_cancelling_the_event_mails_registered_and_waiting_with_cancel_ics(
    structure, smtp, django_capture_on_commit_callbacks
):
    event = make_event(structure, capacity=1, title_en="Forex seminar")
    reader = register_reader(event, language="en").registration
    waiting = register_guest(event).registration
    deliver(
        django_capture_on_commit_callbacks,
        lambda: services.change_status(
            event, EventStatus.CANCELLED, by=None, message_en="Storm warning."
        ),
    )
    change = event.changes.get()
    assert smtp.ids() == [
        f"<event-change.{change.pk}.{reader.uuid}@testserver>",
        f"<event-change.{change.pk}.{waiting.uuid}@testserver>",
    ]
    english, vietnamese = smtp.messages
    assert subject(english) == "Event cancelled: Forex seminar"
    assert "Storm warning." in body(english)
    cancel_file = attachments(english)["cancel.ics"]
    assert calendar_of(cancel_file)["METHOD"] == "CANCEL"
    (vevent,) = calendar_of(cancel_file).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert subject(vietnamese) == "Sự kiện bị huỷ: " + event.pages["vi"].title
    assert "Storm warning." in body(vietnamese)  # no Vietnamese message: the one written
    assert list(vietnamese.iter_attachments()) == []  # waiting: never had the invite


def test_follow_up_lists_the_materials_once(structure, smtp):
    starts = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    event = make_event(structure, starts_at=starts, title_en="Tax seminar")
    page = event.pages["en"]
    EventMaterial.objects.create(page=page, title="Slides", url="https://example.com/slides.pdf")
    reader = register_reader(event, language="en").registration
    gone = register_reader(event).registration
    services.cancel(gone, reason="reader")
    smtp.clear()
    for _run in range(3):
        with freeze_time(event.ends_at + timedelta(hours=3)):
            jobs.followups()
    assert smtp.ids() == [f"<event-followup.{reader.uuid}@testserver>"]
    text = body(smtp.messages[0])
    assert subject(smtp.messages[0]) == "Thank you for coming: Tax seminar"
    assert "- Slides: https://example.com/slides.pdf" in text
    with freeze_time(event.ends_at + timedelta(days=8)):
        Registration.objects.filter(pk=reader.pk).update(followed_up_at=None)
        jobs.followups()  # a week later: too late for a follow-up
    assert len(smtp.raw) == 1


def test_guest_requests_to_one_address_respect_the_daily_cap(
    structure, smtp, settings, django_capture_on_commit_callbacks
):
    settings.EVENTS_MAILS_PER_RECIPIENT_PER_DAY = 1
    first, second = make_event(structure, english=False), make_event(structure, english=False)
    for event in (first, second):
        deliver(
            django_capture_on_commit_callbacks,
            lambda event=event: register_guest(event, email="victim@example.com"),
        )
    assert len(smtp.raw) == 1  # the second address-typed request is not mailed
    reader = deliver(django_capture_on_commit_callbacks, lambda: register_reader(second))
    assert smtp.ids()[-1] == f"<event-ticket.{reader.registration.uuid}@testserver>"


def test_registering_again_sends_the_latest_message_again_within_the_cap(
    structure, smtp, settings, django_capture_on_commit_callbacks
):
    settings.EVENTS_MAILS_PER_RECIPIENT_PER_DAY = 3
    event = make_event(structure, english=False)
    first = deliver(
        django_capture_on_commit_callbacks,
        lambda: register_guest(event, email="an@example.com"),
    ).registration
    again = deliver(
        django_capture_on_commit_callbacks,
        lambda: register_guest(event, email="An@Example.com"),
    )
    assert again.kind == "already" and again.registration.pk == first.pk
    with translation.override("vi"):  # the form's language, whatever an earlier test left
        assert "gửi lại" in str(again.message)  # "sent … again"
    # A copy of the confirmation request, as a message of its own, with the same link.
    assert len(smtp.raw) == 2 and smtp.duplicates() == 0
    assert smtp.ids()[1].startswith(f"<event-confirm.{first.uuid}.")
    assert smtp.ids()[1] != smtp.ids()[0]
    link = tickets.manage_token(first)
    assert link in body(smtp.messages[0]) and link in body(smtp.messages[1])

    services.confirm(first)  # confirmed: the ticket is what is sent again
    smtp.clear()
    deliver(
        django_capture_on_commit_callbacks,
        lambda: register_guest(event, email="an@example.com"),
    )
    assert len(smtp.raw) == 1 and smtp.ids()[0].startswith(f"<event-ticket.{first.uuid}.")
    assert len(attachments(smtp.messages[0])) == 2
    # The third message of the day to this address was the last one the form may trigger.
    deliver(
        django_capture_on_commit_callbacks,
        lambda: register_guest(event, email="an@example.com"),
    )
    assert len(smtp.raw) == 1
    assert Registration.objects.filter(event=event).count() == 1  # nothing half-saved
