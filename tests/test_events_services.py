"""The events' services: who gets a seat, who waits, what lapses, what is refused and how it is
said; each transition conditional on its status, nothing half-saved (docs/design/events.md §4)."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from infofinance.events import selectors, services
from infofinance.events.models import (
    CancelReason,
    CheckIn,
    CheckInResult,
    Event,
    EventChange,
    EventStatus,
    Registration,
    Status,
)
from tests.events_support import (
    fill,
    make_event,
    make_reader,
    one_seat_and_a_queue,
    register_guest,
    register_reader,
    republish,
)

pytestmark = pytest.mark.django_db

NOW = "2026-12-01 03:00:00+00:00"  # 10:00 in Vietnam
LEVEL = {
    "key": "level",
    "kind": "choice",
    "label": "Kinh nghiệm",
    "choices": "beginner = Mới bắt đầu\nexpert = Lâu năm",
    "required": True,
}


@pytest.fixture
def frozen():
    with freeze_time(NOW) as clock:
        yield clock


def status_of(outcome_or_reg) -> str:
    reg = getattr(outcome_or_reg, "registration", outcome_or_reg)
    return Registration.objects.get(pk=reg.pk).status


# Registering


def test_a_reader_with_a_verified_address_is_confirmed_in_one_step(structure):
    event = make_event(structure, capacity=5)
    outcome = register_reader(event)
    assert outcome.kind == "confirmed"
    reg = Registration.objects.get(pk=outcome.registration.pk)
    assert reg.status == Status.CONFIRMED and reg.confirmed_at is not None
    assert reg.source == "reader" and reg.hold_expires_at is None


def test_a_reader_whose_address_is_not_verified_confirms_by_email_like_a_guest(structure):
    event = make_event(structure, capacity=5)
    outcome = register_reader(event, user=make_reader(verified=False))
    assert outcome.kind == "pending" and status_of(outcome) == Status.PENDING


def test_a_guest_is_pending_and_holds_a_seat(structure, frozen):
    event = make_event(structure, capacity=1)
    outcome = register_guest(event)
    assert outcome.kind == "pending"
    reg = outcome.registration
    assert reg.hold_expires_at == timezone.now() + timedelta(minutes=30)
    assert selectors.seats_left(event=event) == 0
    assert register_guest(event).kind == "waiting"


def test_the_hold_lapses_after_30_minutes_and_frees_the_seat(structure, frozen):
    event = make_event(structure, capacity=1)
    pending = register_guest(event).registration
    frozen.tick(timedelta(minutes=29))
    assert selectors.seats_left(event=event) == 0
    frozen.tick(timedelta(minutes=1, seconds=1))
    assert selectors.seats_left(event=event) == 1  # at that instant, before any job
    assert services.expire_lapsed() == 1
    pending.refresh_from_db()
    assert (pending.status, pending.cancel_reason) == (Status.EXPIRED, CancelReason.HOLD_EXPIRED)
    assert services.expire_lapsed() == 0  # twice changes nothing


def test_confirming_after_the_lapse_takes_a_free_seat(structure, frozen):
    event = make_event(structure, capacity=1)
    pending = register_guest(event).registration
    frozen.tick(timedelta(minutes=45))
    services.expire_lapsed()
    outcome = services.confirm(pending)
    assert outcome.kind == "confirmed" and status_of(pending) == Status.CONFIRMED


def test_confirming_after_the_lapse_when_the_seat_is_gone_joins_the_waiting_list(structure, frozen):
    event = make_event(structure, capacity=1)
    pending = register_guest(event).registration
    frozen.tick(timedelta(minutes=31))
    taker = register_reader(event)
    assert taker.kind == "confirmed"
    outcome = services.confirm(pending)
    assert outcome.kind == "waiting"
    pending.refresh_from_db()
    assert pending.status == Status.WAITING and pending.waiting_since == timezone.now()


def test_confirming_twice_changes_nothing(structure):
    event = make_event(structure, capacity=2)
    pending = register_guest(event).registration
    assert services.confirm(pending).kind == "confirmed"
    first = Registration.objects.get(pk=pending.pk).confirmed_at
    assert services.confirm(pending).kind == "already"
    assert Registration.objects.get(pk=pending.pk).confirmed_at == first


def test_a_full_event_puts_the_next_on_the_waiting_list_in_order(structure, frozen):
    event = make_event(structure, capacity=2)
    fill(event)
    first = register_guest(event)
    frozen.tick(timedelta(seconds=1))
    second = register_reader(event)
    assert (first.kind, second.kind) == ("waiting", "waiting")
    assert selectors.waiting_position(registration=first.registration) == 1
    assert selectors.waiting_position(registration=second.registration) == 2
    assert selectors.seats_left(event=event) == 0


def test_the_same_address_twice_in_any_case_is_one_registration(structure):
    event = make_event(structure, capacity=5)
    first = register_guest(event, email="  Chi.Hoa@Example.COM ")
    assert first.registration.email == "chi.hoa@example.com"
    again = register_guest(event, email="chi.hoa@example.com")
    assert again.kind == "already" and again.registration.pk == first.registration.pk
    reader = make_reader("CHI.HOA@example.com")
    by_account = register_reader(event, user=reader)
    assert by_account.kind == "already" and by_account.registration.pk == first.registration.pk
    assert event.registrations.count() == 1
    with translation.override("en"):
        assert "already registered" in str(again.message)


def test_the_same_account_twice_is_one_registration(structure):
    event = make_event(structure, capacity=5)
    reader = make_reader()
    first = register_reader(event, user=reader)
    again = register_reader(event, user=reader, email="other@example.com")
    assert again.kind == "already" and again.registration.pk == first.registration.pk
    assert event.registrations.count() == 1


def test_registering_again_after_cancelling_is_a_new_registration(structure):
    event = make_event(structure, capacity=5)
    first = register_guest(event, email="an@example.com").registration
    services.cancel(first)
    second = register_guest(event, email="an@example.com")
    assert second.kind == "pending" and second.registration.pk != first.pk


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "09:00, 05/12/2026 (GMT+7)"),
        ("en", "Dec 5, 2026, 9:00 AM (GMT+7)"),
    ],
)
def test_before_opening_the_refusal_names_the_opening_in_vietnam_time(
    structure, frozen, language, expected
):
    opens = timezone.now() + timedelta(days=4) - timedelta(hours=1)  # 02:00 UTC, 09:00 GMT+7
    event = make_event(structure, opens_at=opens)
    with pytest.raises(services.NotOpenYet) as refused:
        register_guest(event)
    with translation.override(language):
        assert expected in str(refused.value.message)
    assert not event.registrations.exists()


def test_after_closing_registration_is_refused(structure, frozen):
    event = make_event(structure, closes_at=timezone.now() + timedelta(hours=1))
    frozen.tick(timedelta(hours=1))
    with pytest.raises(services.Closed) as refused:
        register_guest(event)
    assert refused.value.code == "closed"
    with translation.override("en"):
        assert "Registration closed at" in str(refused.value.message)


def test_registration_closes_when_the_event_starts_by_default(structure, frozen):
    event = make_event(structure, starts_at=timezone.now() + timedelta(hours=2))
    frozen.tick(timedelta(hours=2))
    with pytest.raises(services.Closed):
        register_guest(event)


def test_a_postponed_or_cancelled_event_takes_no_registration(structure):
    event = make_event(structure)
    services.change_status(event, EventStatus.POSTPONED, by=None)
    with pytest.raises(services.EventPostponed):
        register_guest(event)
    services.change_status(event, EventStatus.CANCELLED, by=None)
    with pytest.raises(services.EventCancelled):
        register_guest(event)


def test_an_unpublished_event_takes_no_registration(structure):
    event = make_event(structure)
    for page in event.pages.values():
        page.refresh_from_db()
        page.unpublish()
    assert not Event.objects.get(pk=event.pk).listed
    with pytest.raises(services.Closed):
        register_guest(event)


# Answers


def test_invalid_answers_save_nothing_and_say_which_question(structure):
    event = make_event(
        structure,
        questions=[
            LEVEL,
            {"key": "consent", "kind": "consent", "label": "Đồng ý", "required": True},
        ],
    )
    with pytest.raises(ValidationError) as refused:
        register_guest(event, answers={"level": "guru"})
    assert set(refused.value.message_dict) == {"level", "consent"}
    assert not Registration.objects.filter(event=event).exists()


def test_valid_answers_are_saved_with_the_registration(structure, frozen):
    event = make_event(
        structure,
        questions=[
            LEVEL,
            {"key": "topics", "kind": "multiple", "choices": "a = A\nb = B\nc = C"},
            {"key": "note", "kind": "text"},
            {"key": "consent", "kind": "consent", "required": True},
        ],
    )
    outcome = register_guest(
        event,
        answers={
            "level": "expert",
            "topics": ["c", "a", "a"],
            "note": "  Câu hỏi về trái phiếu  ",
            "consent": {"accepted": "on", "text": "Tôi đồng ý nhận e-mail."},
            "stray": "dropped",
        },
    )
    answers = Registration.objects.get(pk=outcome.registration.pk).answers
    assert answers == {
        "level": "expert",
        "topics": ["a", "c"],
        "note": "Câu hỏi về trái phiếu",
        "consent": {
            "accepted": True,
            "text": "Tôi đồng ý nhận e-mail.",
            "at": timezone.now().isoformat(),
        },
    }


# Cancelling and the waiting list


def test_cancelling_offers_the_seat_to_the_first_waiting_for_12_hours(structure, frozen):
    event, holder, (first, second) = one_seat_and_a_queue(structure, waiting=2, clock=frozen)
    assert services.cancel(holder).kind == "cancelled"
    first.refresh_from_db()
    assert first.status == Status.OFFERED and first.offers_made == 1
    assert first.offer_expires_at == timezone.now() + timedelta(hours=12)
    assert status_of(second) == Status.WAITING
    assert selectors.seats_left(event=event) == 0


def test_the_offer_window_is_the_events_own(structure, frozen):
    _event, holder, (waiting,) = one_seat_and_a_queue(structure, offer_hours=3)
    services.cancel(holder)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == timezone.now() + timedelta(hours=3)


def test_an_offer_never_outlasts_the_close_of_registration(structure, frozen):
    closes = timezone.now() + timedelta(hours=5)
    _event, holder, (waiting,) = one_seat_and_a_queue(structure, closes_at=closes)
    services.cancel(holder)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == closes


def test_a_reused_cancellation_changes_nothing(structure):
    _event, holder, (waiting,) = one_seat_and_a_queue(structure)
    services.cancel(holder)
    before = Registration.objects.get(pk=waiting.pk).offers_made
    again = services.cancel(holder)
    assert again.kind == "already"
    assert Registration.objects.get(pk=waiting.pk).offers_made == before == 1


def test_a_lapsed_offer_goes_to_the_next_person(structure, frozen):
    _event, holder, (first, second) = one_seat_and_a_queue(structure, waiting=2, clock=frozen)
    services.cancel(holder)
    frozen.tick(timedelta(hours=12))
    assert services.expire_lapsed() == 1
    first.refresh_from_db()
    assert (first.status, first.cancel_reason) == (Status.EXPIRED, CancelReason.OFFER_EXPIRED)
    assert status_of(second) == Status.OFFERED


def test_accepting_a_lapsed_offer_is_refused_naming_when_it_lapsed(structure, frozen):
    _event, holder, (first, second) = one_seat_and_a_queue(structure, waiting=2, clock=frozen)
    services.cancel(holder)
    frozen.tick(timedelta(hours=13))
    with pytest.raises(services.OfferExpired) as refused:
        services.accept_offer(first)
    with translation.override("en"):
        assert "Dec 1, 2026, 10:00 PM (GMT+7)" in str(refused.value.message)
    # Ended at once (no job needed), and the seat went on.
    assert status_of(first) == Status.EXPIRED and status_of(second) == Status.OFFERED
    with pytest.raises(services.OfferExpired):
        services.accept_offer(first)


def test_accepting_an_offer_in_time_confirms_without_counting_again(structure):
    _event, holder, (waiting,) = one_seat_and_a_queue(structure)
    services.cancel(holder)
    assert services.accept_offer(waiting).kind == "confirmed"
    assert status_of(waiting) == Status.CONFIRMED
    assert services.accept_offer(waiting).kind == "already"


def test_declining_offers_the_next(structure, frozen):
    _event, holder, (first, second) = one_seat_and_a_queue(structure, waiting=2, clock=frozen)
    services.cancel(holder)
    assert services.decline_offer(first).kind == "cancelled"
    first.refresh_from_db()
    assert (first.status, first.cancel_reason) == (Status.CANCELLED, CancelReason.OFFER_DECLINED)
    assert status_of(second) == Status.OFFERED
    assert services.decline_offer(first).kind == "already"


def test_more_seats_on_publication_are_offered_to_those_waiting(structure, frozen):
    event = make_event(structure, capacity=1)
    fill(event)
    waiting = [register_guest(event).registration for _ in range(3)]
    event = republish(event.pages["vi"], capacity=3)
    assert event.capacity == 3
    assert [status_of(r) for r in waiting] == [Status.OFFERED, Status.OFFERED, Status.WAITING]


# Staff


def test_staff_add_confirms_when_a_seat_is_free_else_waits(structure):
    event = make_event(structure, capacity=1)
    first = services.staff_add(event, name="Lan", email="lan@example.com", language="vi", by=None)
    second = services.staff_add(event, name="Hà", email="ha@example.com", language="en", by=None)
    assert (first.kind, second.kind) == ("confirmed", "waiting")
    assert first.registration.source == "staff"


def test_staff_promote_needs_a_free_seat(structure):
    _event, holder, (waiting,) = one_seat_and_a_queue(structure)
    with pytest.raises(services.RuleError) as refused:
        services.staff_promote(waiting, by=None)
    with translation.override("en"):
        assert "raise the capacity" in str(refused.value)
    assert status_of(waiting) == Status.WAITING
    # A cancellation offers the seat: promoting the offered person confirms them.
    services.cancel(holder)
    assert services.staff_promote(waiting, by=None).kind == "confirmed"
    assert status_of(waiting) == Status.CONFIRMED


# Nothing half-saved


def test_an_exception_after_the_lock_leaves_no_row_and_queues_no_mail(
    structure, django_capture_on_commit_callbacks
):
    event = make_event(structure, capacity=5)
    tasks = DBTaskResult.objects.count()
    crash = mock.patch.object(services, "_outcome_message", side_effect=RuntimeError("crash"))
    refused = pytest.raises(RuntimeError)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, crash, refused:
        register_guest(event)
    assert callbacks == []
    assert not Registration.objects.filter(event=event).exists()
    assert DBTaskResult.objects.count() == tasks


def test_a_registration_publishes_its_event_after_commit(
    structure, django_capture_on_commit_callbacks
):
    event = make_event(structure, capacity=5)
    with mock.patch("infofinance.events.services.domain_events.publish") as publish:
        outcome = register_guest(event)
    publish.assert_called_once_with("events.registered", registration_id=outcome.registration.pk)


def test_a_ticket_code_collision_is_retried(structure):
    event = make_event(structure, capacity=5)
    taken = register_guest(event).registration.ticket_code
    with mock.patch(
        "infofinance.events.tickets.new_ticket_code", side_effect=[taken, taken, "ABCDEFGH"]
    ):
        outcome = register_guest(event)
    assert outcome.kind == "pending"
    assert Registration.objects.get(pk=outcome.registration.pk).ticket_code == "ABCDEFGH"
    assert event.registrations.count() == 2


# The event's facts and status


def test_rescheduling_on_publication_bumps_the_version_and_rearms_reminders(structure):
    event = make_event(structure, capacity=5)
    reg = register_reader(event).registration
    Registration.objects.filter(pk=reg.pk).update(reminded_24h_at=timezone.now())
    old_start = event.starts_at
    new_start = old_start + timedelta(days=3)
    event = republish(
        event.pages["vi"], starts_at=new_start, ends_at=new_start + timedelta(hours=2)
    )
    assert (event.starts_at, event.status) == (new_start, EventStatus.RESCHEDULED)
    assert event.previous_starts_at == old_start and event.schedule_version == 1
    assert Registration.objects.get(pk=reg.pk).reminded_24h_at is None
    change = EventChange.objects.get(event=event)
    assert (change.kind, change.old_starts_at, change.new_starts_at) == (
        EventStatus.RESCHEDULED,
        old_start,
        new_start,
    )


def test_moving_an_event_nobody_registered_for_is_no_reschedule(structure):
    event = make_event(structure, capacity=5)
    new_start = event.starts_at + timedelta(days=1)
    event = republish(
        event.pages["vi"], starts_at=new_start, ends_at=new_start + timedelta(hours=2)
    )
    assert event.starts_at == new_start
    assert (event.status, event.schedule_version) == (EventStatus.SCHEDULED, 0)
    assert not EventChange.objects.filter(event=event).exists()


def test_a_translation_cannot_move_the_facts(structure):
    event = make_event(structure, capacity=5)
    start, capacity = event.starts_at, event.capacity
    republish(
        event.pages["en"],
        starts_at=start + timedelta(days=2),
        ends_at=start + timedelta(days=2, hours=1),
        capacity=500,
    )
    event.refresh_from_db()
    assert (event.starts_at, event.capacity) == (start, capacity)
    assert event.source_page_id == event.pages["vi"].pk
    en = event.pages["en"].__class__.objects.get(pk=event.pages["en"].pk)
    assert (en.starts_at, en.capacity) == (start, capacity)  # reset to the shared row


def test_publication_snapshots_the_source_pages_questions(structure):
    event = make_event(structure, questions=[LEVEL, {"key": "note", "kind": "text"}])
    assert event.questions == [
        {"key": "level", "kind": "choice", "required": True, "choices": ["beginner", "expert"]},
        {"key": "note", "kind": "text", "required": False},
    ]


def test_change_status_records_the_change_and_tells_everyone(structure):
    event = make_event(structure, capacity=5)
    register_reader(event)
    with mock.patch("infofinance.events.services.domain_events.publish") as publish:
        change = services.change_status(
            event,
            EventStatus.MOVED_ONLINE,
            by=None,
            message_vi="Chuyển sang trực tuyến.",
            message_en="Moved online.",
        )
    publish.assert_any_call("events.changed", change_id=change.pk)
    assert Event.objects.get(pk=event.pk).status == EventStatus.MOVED_ONLINE
    assert change.message("en") == "Moved online."


# The door


@pytest.fixture
def door(structure):
    event = make_event(structure, capacity=5)
    return event, register_reader(event).registration


def scan(event, code, nonce):
    return services.check_in(event, code, by=None, nonce=nonce, source="typed")


def test_check_in_ok_then_already_with_the_first_time(door, frozen):
    event, reg = door
    first = scan(event, reg.ticket_code.lower()[:4] + "-" + reg.ticket_code[4:], "n-1")
    assert first.result == CheckInResult.OK and first.registration.pk == reg.pk
    frozen.tick(timedelta(minutes=5))
    second = scan(event, reg.ticket_code, "n-2")
    assert second.result == CheckInResult.ALREADY
    assert second.checked_in_at == first.checked_in_at == timezone.now() - timedelta(minutes=5)
    assert CheckIn.objects.filter(event=event).count() == 2


def test_the_same_nonce_twice_is_one_check_in(door):
    event, reg = door
    assert scan(event, reg.ticket_code, "same").result == CheckInResult.OK
    assert scan(event, reg.ticket_code, "same").result == CheckInResult.OK
    assert CheckIn.objects.filter(nonce="same").count() == 1


def test_check_in_of_another_event_unknown_and_cancelled_are_refused_and_logged(door, structure):
    event, reg = door
    other = make_event(structure, capacity=5, english=False)
    assert scan(other, reg.ticket_code, "a").result == CheckInResult.OTHER_EVENT
    assert scan(event, "ZZZZ-ZZZZ", "b").result == CheckInResult.UNKNOWN
    assert scan(event, "not a code", "c").result == CheckInResult.UNKNOWN
    waiting_event = make_event(structure, capacity=1, english=False)
    fill(waiting_event)
    waiting = register_guest(waiting_event).registration
    assert scan(waiting_event, waiting.ticket_code, "d").result == CheckInResult.NOT_CONFIRMED
    services.cancel(reg)
    assert scan(event, reg.ticket_code, "e").result == CheckInResult.CANCELLED
    assert CheckIn.objects.count() == 5
    assert Registration.objects.get(pk=reg.pk).checked_in_at is None


# Selectors


def test_seats_left_many_counts_every_card_in_one_query(structure, django_assert_num_queries):
    a, b = make_event(structure, capacity=3), make_event(structure, capacity=2)
    register_reader(a)
    register_guest(a)
    fill(b)
    with django_assert_num_queries(1):
        left = selectors.seats_left_many(event_ids=[a.pk, b.pk])
    assert left == {a.pk: 1, b.pk: 0}


def test_counts(structure):
    event = make_event(structure, capacity=3)
    reader = register_reader(event).registration
    register_guest(event)
    fill(event, 1)
    register_guest(event)
    scan(event, reader.ticket_code, "x")
    figures = selectors.counts(event=event)
    assert {k: figures[k] for k in ("confirmed", "pending", "waiting", "checked_in")} == {
        "confirmed": 2,
        "pending": 1,
        "waiting": 1,
        "checked_in": 1,
    }
    assert (figures["capacity"], figures["seats_left"]) == (3, 0)


def test_due_reminders_follow_their_windows(structure, frozen):
    event = make_event(structure, starts_at=timezone.now() + timedelta(days=3))
    early = register_reader(event).registration
    frozen.tick(timedelta(days=2, hours=12))  # 12 h before the start
    late = register_reader(event).registration  # registered within the day
    now = timezone.now()
    assert list(selectors.due_reminders(kind="24h", now=now)) == [early]
    assert list(selectors.due_reminders(kind="1h", now=now)) == []
    one_hour_before = event.starts_at - timedelta(minutes=30)
    assert set(selectors.due_reminders(kind="1h", now=one_hour_before)) == {early, late}
    assert list(selectors.due_reminders(kind="24h", now=one_hour_before)) == []
    services.change_status(event, EventStatus.POSTPONED, by=None)
    assert list(selectors.due_reminders(kind="1h", now=one_hour_before)) == []


def test_due_followups_from_two_hours_to_a_week_after_the_end(structure, frozen):
    event = make_event(structure, starts_at=timezone.now() + timedelta(days=1))
    reg = register_reader(event).registration
    assert list(selectors.due_followups(now=event.ends_at + timedelta(hours=1))) == []
    assert list(selectors.due_followups(now=event.ends_at + timedelta(hours=2))) == [reg]
    assert list(selectors.due_followups(now=event.ends_at + timedelta(days=7))) == []


def test_mine_lists_a_readers_registrations(structure):
    reader = make_reader()
    a, b = make_event(structure), make_event(structure)
    register_reader(a, user=reader)
    register_reader(b, user=reader)
    register_guest(b)
    assert {r.event_id for r in selectors.mine(user=reader)} == {a.pk, b.pk}


def test_attendees_filters_and_search(structure):
    event = make_event(structure, capacity=2)
    reader = register_reader(event, user=make_reader("lan@example.com", name="Lan")).registration
    guest = register_guest(event, email="ha@example.com", name="Hà").registration
    register_guest(event, email="waiting@example.com")
    waiting = selectors.attendees(event=event, status=Status.WAITING)
    assert [r.email for r in waiting] == ["waiting@example.com"]
    assert list(selectors.attendees(event=event, q="LAN@")) == [reader]
    code = guest.ticket_code
    assert list(selectors.attendees(event=event, q=f"{code[:4]}-{code[4:]}".lower())) == [guest]
    assert list(selectors.attendees(event=event, source="reader")) == [reader]


# Setup (manage.py setup_events, also run after every migrate)


def test_setup_events_makes_the_index_pages_and_groups_once(structure):
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from wagtail.models import GroupPagePermission

    from infofinance.events.models import EventIndexPage

    call_command("setup_events", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("setup_events", stdout=io.StringIO(), stderr=io.StringIO())
    vi = EventIndexPage.objects.get(locale__language_code="vi")
    en = EventIndexPage.objects.get(locale__language_code="en")
    assert (vi.url_path, en.url_path) == (
        f"{structure.homes['vi'].url_path}su-kien/",
        f"{structure.homes['en'].url_path}events/",
    )
    assert vi.live and en.live and vi.translation_key == en.translation_key
    assert EventIndexPage.objects.count() == 2
    managers, door = Group.objects.get(name="Event managers"), Group.objects.get(name="Door staff")
    assert {"manage_registrations", "check_in", "add_organiser", "access_admin"} <= set(
        managers.permissions.values_list("codename", flat=True)
    )
    assert set(door.permissions.values_list("codename", flat=True)) == {"access_admin", "check_in"}
    assert set(
        GroupPagePermission.objects.filter(group=managers).values_list("page_id", flat=True)
    ) == {vi.pk, en.pk}
