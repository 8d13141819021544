"""The events' staff pages: who may see what (event managers, door staff, readers, staff whose
session did not pass the second factor), the attendee list's filters, search and actions, the
CSV export, status changes, and the door check-in with its results and nonces."""

import csv
import io
import json
import uuid
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from infofinance.events import admin_views, services
from infofinance.events.models import CheckIn, Event, EventStatus, Registration, Status
from tests import events_support as support
from tests.test_admin_language import admin_defects, english_words  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vi(message: str) -> str:
    """The admin runs in Vietnamese: its messages are compared in Vietnamese."""
    with translation.override("vi"):
        return translation.gettext(message)


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def make_staff(email, *groups, name="", superuser=False):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        username=email.split("@")[0],
        email=email,
        password="x-Secret-123",
        is_staff=True,
        is_superuser=superuser,
        display_name=name,
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def manager(db):
    return make_staff("quanly@infofinance.example", "Event managers", name="Quản lý Hà")


@pytest.fixture
def door(db):
    return make_staff("soatve@infofinance.example", "Door staff", name="Lan")


@pytest.fixture
def manager_client(manager, staff_login):
    return staff_login(Client(), manager)


@pytest.fixture
def door_client(door, staff_login):
    return staff_login(Client(), door)


@pytest.fixture
def event(structure):
    return support.make_event(
        structure,
        capacity=10,
        questions=[
            {"key": "topic", "kind": "multiple", "choices": "stocks = Cổ phiếu\ngold = Vàng"},
            {"key": "company", "kind": "text"},
            {"key": "consent", "kind": "consent", "required": False},
        ],
    )


def url(name, event, suffix=""):
    paths = {
        "attendees": f"/admin/events/{event.pk}/attendees/",
        "export": f"/admin/events/{event.pk}/attendees.csv",
        "checkin": f"/admin/events/{event.pk}/check-in/",
        "scan": f"/admin/events/{event.pk}/check-in/scan/",
        "status": f"/admin/events/{event.pk}/status/",
    }
    return paths[name] + suffix


def add(event, name="Khách", email=None):
    email = email or f"{uuid.uuid4().hex[:8]}@example.com"
    return services.staff_add(event, name=name, email=email, language="vi", by=None)


def scan(client, event, code, nonce=None, source="scan"):
    return client.post(
        url("scan", event),
        data=json.dumps({"code": code, "nonce": nonce or str(uuid.uuid4()), "source": source}),
        content_type="application/json",
    )


def row_ids(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [row["data-registration"] for row in soup.select("tr[data-registration]")]


# -- who may see what ------------------------------------------------------------------------


def test_door_staff_check_in_but_see_no_attendees_and_no_export(door_client, event):
    assert door_client.get("/admin/events/").status_code == 200
    assert door_client.get(url("checkin", event)).status_code == 200
    assert scan(door_client, event, "ZZZZZZZZ").status_code == 200
    assert refused(door_client.get(url("attendees", event)))
    assert refused(door_client.get(url("export", event)))
    assert refused(door_client.get(url("status", event)))
    assert refused(door_client.post(url("attendees", event), {"action": "add"}))


def test_the_door_index_offers_no_attendee_links_to_door_staff(door_client, event):
    html = door_client.get("/admin/events/").content.decode()
    assert url("checkin", event) in html
    assert url("attendees", event) not in html and url("status", event) not in html


def test_managers_see_every_page(manager_client, event):
    for name in ("attendees", "export", "checkin", "status"):
        assert manager_client.get(url(name, event)).status_code == 200, name


def test_readers_are_refused(event, client):
    reader = support.make_reader()
    client.force_login(reader)
    for path in ("/admin/events/", url("attendees", event), url("checkin", event)):
        assert client.get(path).status_code == 403, path
    assert scan(client, event, "ZZZZZZZZ").status_code == 403
    assert not CheckIn.objects.exists()


def test_staff_without_a_verified_second_factor_are_refused(manager, event, client):
    client.force_login(manager)  # a password alone: no second factor in this session
    for path in (url("attendees", event), url("export", event), url("checkin", event)):
        response = client.get(path)
        assert response.status_code == 302 and "/2fa/" in response["Location"], path
    assert scan(client, event, "ZZZZZZZZ").status_code == 302
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("view", ["attendees", "export", "checkin", "status"])
def test_the_views_themselves_ask_for_the_second_factor(manager, event, view):
    """Not only the admin's middleware: each view refuses a session without the second factor."""
    request = RequestFactory().get("/")
    request.user = manager
    request.session = {}
    with pytest.raises(PermissionDenied):
        getattr(admin_views, view)(request, event.pk)


def test_a_scan_without_the_right_is_refused_in_json(event, staff_login):
    editor = make_staff("bientap@infofinance.example")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = staff_login(Client(), editor)
    response = scan(client, event, "ZZZZZZZZ")
    assert response.status_code == 403 and response.json()["level"] == "error"
    assert not CheckIn.objects.exists()


def test_the_check_in_page_alone_may_use_the_camera(door_client, event):
    assert "camera=(self)" in door_client.get(url("checkin", event))["Permissions-Policy"]
    assert "camera=()" in door_client.get("/admin/events/")["Permissions-Policy"]


def test_the_check_in_page_has_no_inline_script(door_client, event):
    soup = BeautifulSoup(door_client.get(url("checkin", event)).content, "html.parser")
    ours = [s for s in soup.select("script") if "events/" in (s.get("src") or "")]
    assert [s["src"].split("/static/")[-1] for s in ours] == [
        "events/vendor/jsQR.js",
        "events/checkin.js",
    ]
    assert not soup.select(
        "[data-checkin] script, [data-checkin] [onclick], [data-checkin] [onsubmit]"
    )


# -- the list ---------------------------------------------------------------------------------


def test_index_shows_the_counts(manager_client, event):
    add(event)
    add(event)
    registration = add(event).registration
    services.check_in(
        event, registration.ticket_code, by=None, nonce=str(uuid.uuid4()), source="list"
    )
    soup = BeautifulSoup(manager_client.get("/admin/events/").content, "html.parser")
    row = soup.select_one(f'tr[data-event="{event.pk}"]')
    assert row.select_one('[data-count="confirmed"]').get_text(strip=True) == "3"
    assert row.select_one('[data-count="checked_in"]').get_text(strip=True) == "1"
    assert event.pages["vi"].title in row.get_text()


def test_filters_and_search(manager_client, event):
    an = add(event, "Nguyễn Văn An", "an@example.com").registration
    binh = support.register_guest(event, name="Trần Thị Bình", email="binh@example.com")
    chi = add(event, "Lê Minh Chi", "chi@example.com").registration
    services.cancel(chi, by=None, reason="staff")
    services.check_in(event, an.ticket_code, by=None, nonce=str(uuid.uuid4()), source="list")
    binh = binh.registration

    def ids(query):
        return row_ids(manager_client.get(url("attendees", event, query)))

    assert ids("") == [str(an.uuid), str(binh.uuid), str(chi.uuid)]
    assert ids("?status=cancelled") == [str(chi.uuid)]
    assert ids("?status=pending") == [str(binh.uuid)]
    assert ids("?checked_in=yes") == [str(an.uuid)]
    assert ids("?checked_in=no") == [str(binh.uuid), str(chi.uuid)]
    assert ids("?source=guest") == [str(binh.uuid)]
    assert ids("?source=staff&checked_in=no") == [str(chi.uuid)]
    assert ids("?" + urlencode({"q": "Bình"})) == [str(binh.uuid)]
    assert ids("?q=CHI%40example") == [str(chi.uuid)]
    code = an.ticket_code
    assert ids(f"?q={code[:4].lower()}-{code[4:].lower()}") == [str(an.uuid)]
    assert ids("?status=nonsense") == ids("")  # an unknown value filters nothing


def test_fifty_a_page_and_the_filters_kept(manager_client, structure):
    event = support.make_event(structure, capacity=60)
    for n in range(55):
        add(event, f"Khách {n:02}", f"k{n:02}@example.com")
    first = manager_client.get(url("attendees", event, "?status=confirmed"))
    assert len(row_ids(first)) == 50
    soup = BeautifulSoup(first.content, "html.parser")
    following = soup.select_one("nav.pagination a[rel=next]")["href"]
    assert "status=confirmed" in following and "page=2" in following
    assert len(row_ids(manager_client.get(url("attendees", event, following)))) == 5


def test_manual_add_when_full_goes_to_the_waiting_list(manager_client, structure):
    event = support.make_event(structure, capacity=1)
    add(event)
    response = manager_client.post(
        url("attendees", event),
        {"action": "add", "name": "  Phạm   Thu ", "email": "thu@example.com", "language": "en"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="thu@example.com")
    assert registration.status == Status.WAITING and registration.source == "staff"
    assert registration.name == "Phạm Thu" and registration.language == "en"
    page = manager_client.get(response["Location"])
    expected = vi("The event is full: %(name)s is on the waiting list.") % {"name": "Phạm Thu"}
    assert expected in page.content.decode()


def test_manual_add_with_a_seat_confirms(manager_client, event):
    manager_client.post(
        url("attendees", event),
        {"action": "add", "name": "Đỗ Hải", "email": "hai@example.com", "language": "vi"},
    )
    assert Registration.objects.get(email="hai@example.com").status == Status.CONFIRMED


def test_a_bad_manual_add_saves_nothing_and_says_why(manager_client, event):
    response = manager_client.post(
        url("attendees", event),
        {"action": "add", "name": "Đỗ Hải", "email": "not-an-address", "language": "vi"},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(name="Đỗ Hải").exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-testid=add-form] .error-message")
    assert soup.select_one("#add_name")["value"] == "Đỗ Hải"


def test_cancel_from_the_list_offers_the_seat_to_the_first_waiting(manager_client, structure):
    event = support.make_event(structure, capacity=1)
    seated = add(event, "Ngồi", "ngoi@example.com").registration
    waiting = add(event, "Chờ", "cho@example.com").registration
    assert waiting.status == Status.WAITING
    response = manager_client.post(
        url("attendees", event, "?status=confirmed"),
        {"action": "cancel", "registration": str(seated.uuid)},
    )
    assert response.status_code == 302 and response["Location"].endswith("?status=confirmed")
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Status.CANCELLED and seated.cancel_reason == "staff"
    assert waiting.status == Status.OFFERED


def test_promote_needs_a_free_seat(manager_client, structure):
    event = support.make_event(structure, capacity=1)
    add(event)
    waiting = add(event, "Chờ", "cho@example.com").registration
    response = manager_client.post(
        url("attendees", event),
        {"action": "promote", "registration": str(waiting.uuid)},
        follow=True,
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING
    assert vi("No seat is free: raise the capacity first.") in response.content.decode()

    Event.objects.filter(pk=event.pk).update(capacity=2)
    manager_client.post(
        url("attendees", event), {"action": "promote", "registration": str(waiting.uuid)}
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_a_row_action_on_another_events_registration_is_not_found(manager_client, structure):
    event = support.make_event(structure)
    other = support.make_event(structure)
    registration = add(other).registration
    response = manager_client.post(
        url("attendees", event), {"action": "cancel", "registration": str(registration.uuid)}
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_check_in_from_the_list(manager_client, manager, event):
    registration = add(event).registration
    nonce = str(uuid.uuid4())
    form = {"action": "check_in", "registration": str(registration.uuid), "nonce": nonce}
    manager_client.post(url("attendees", event), form)
    manager_client.post(url("attendees", event), form)  # the same form sent twice
    registration.refresh_from_db()
    assert registration.checked_in_by == manager
    assert CheckIn.objects.filter(registration=registration).count() == 1


# -- CSV --------------------------------------------------------------------------------------


def export_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"))))


def test_csv_is_formula_safe_with_a_bom_and_answer_columns(manager_client, manager, event):
    outcome = support.register_guest(
        event,
        name='=HYPERLINK("x")',
        email="hyper@example.com",
        answers={"topic": ["gold", "stocks"], "company": "+cmd|calc", "consent": True},
    )
    services.confirm(outcome.registration)
    add(event, "Nguyễn Văn An", "an@example.com")
    response = manager_client.get(url("export", event))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"].split(", ")
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="attendees-{event.pages["vi"].slug}-')
    header, *rows = export_rows(response)
    assert header == [*admin_views.CSV_COLUMNS, "topic", "company", "consent"]
    by_email = {row[3]: dict(zip(header, row, strict=True)) for row in rows}
    hyper = by_email["hyper@example.com"]
    assert hyper["name"] == '\'=HYPERLINK("x")'
    assert hyper["company"] == "'+cmd|calc"
    assert hyper["topic"] == "stocks; gold"
    assert hyper["consent"].startswith("yes 20") and hyper["consent"].endswith("+07:00")
    assert hyper["status"] == "confirmed" and hyper["source"] == "guest"
    assert hyper["confirmed_at"].endswith("+07:00")
    registration = Registration.objects.get(email="hyper@example.com")
    assert hyper["registered_at"] == registration.created_at.astimezone(VIETNAM).isoformat(
        timespec="seconds"
    )
    assert by_email["an@example.com"]["name"] == "Nguyễn Văn An"
    assert by_email["an@example.com"]["topic"] == ""


def test_every_cell_is_formula_safe(manager_client, structure):
    event = support.make_event(structure)
    add(event, "@SUM(A1)", "-a@example.com")
    header, row = export_rows(manager_client.get(url("export", event)))
    values = dict(zip(header, row, strict=True))
    assert values["name"] == "'@SUM(A1)" and values["email"] == "'-a@example.com"


def test_the_export_follows_the_filters_and_is_logged(manager_client, manager, event):
    add(event, "An", "an@example.com")
    chi = add(event, "Chi", "chi@example.com").registration
    services.cancel(chi, by=None, reason="staff")
    _header, *rows = export_rows(manager_client.get(url("export", event, "?status=cancelled")))
    assert [row[3] for row in rows] == ["chi@example.com"]
    entry = ModelLogEntry.objects.get(action="events.export")
    assert entry.user == manager and entry.object_id == str(event.pk)


# -- status -----------------------------------------------------------------------------------


def test_postpone_with_messages_in_both_languages(manager_client, event):
    response = manager_client.post(
        url("status", event),
        {
            "status": "postponed",
            "message_vi": "Hội thảo tạm hoãn vì bão.",
            "message_en": "The seminar is postponed because of the storm.",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.POSTPONED
    change = event.changes.get()
    assert change.message("vi") == "Hội thảo tạm hoãn vì bão."
    assert change.message("en") == "The seminar is postponed because of the storm."


def test_reschedule_reads_vietnam_time(manager_client, event):
    starts = (timezone.now() + timezone.timedelta(days=30)).astimezone(VIETNAM)
    day = starts.date().isoformat()
    manager_client.post(
        url("status", event),
        {
            "status": "rescheduled",
            "new_starts_at": f"{day}T09:00",
            "new_ends_at": f"{day}T11:30",
            "message_vi": "Dời sang ngày mới.",
            "message_en": "Moved to a new date.",
            "confirm": "on",
        },
    )
    event.refresh_from_db()
    assert event.status == EventStatus.RESCHEDULED
    assert event.starts_at.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M") == f"{day} 09:00"
    assert (event.ends_at - event.starts_at).total_seconds() == 2.5 * 3600


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"status": "rescheduled"}, "new_starts_at"),
        ({"status": "postponed", "new_starts_at": "2030-01-01T09:00"}, "status"),
        ({"status": "postponed", "confirm": ""}, "confirm"),
        ({"status": "postponed", "message_en": ""}, "message_en"),
    ],
)
def test_a_bad_status_change_changes_nothing(manager_client, event, form, field):
    data = {"message_vi": "Tin nhắn.", "message_en": "A message.", "confirm": "on", **form}
    response = manager_client.post(url("status", event), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED and not event.changes.exists()


def test_moving_online_needs_a_join_link(manager_client, event):
    data = {"status": "moved_online", "message_vi": "a", "message_en": "b", "confirm": "on"}
    response = manager_client.post(url("status", event), data)
    assert response.status_code == 400
    Event.objects.filter(pk=event.pk).update(online_url="https://meet.example.com/x")
    assert manager_client.post(url("status", event), data).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.MOVED_ONLINE


# -- the door ---------------------------------------------------------------------------------


def test_check_in_ok(door_client, door, event):
    registration = add(event, "Nguyễn Văn An").registration
    code = registration.ticket_code
    response = scan(door_client, event, f"{code[:4].lower()}-{code[4:]}")
    answer = response.json()
    assert answer["result"] == "ok" and answer["level"] == "ok"
    assert answer["message"] == vi("Checked in: %(name)s") % {"name": "Nguyễn Văn An"}
    assert answer["counts"] == {"checked_in": 1, "confirmed": 1}
    assert answer["row"]["code"] == f"{code[:4]}-{code[4:]}"
    registration.refresh_from_db()
    assert registration.checked_in_by == door


def test_check_in_twice_says_when_and_who(door_client, door, event, staff_login):
    registration = add(event, "Nguyễn Văn An").registration
    scan(door_client, event, registration.ticket_code)
    second = staff_login(Client(), make_staff("cua2@infofinance.example", "Door staff"))
    answer = scan(second, event, registration.ticket_code, source="typed").json()
    registration.refresh_from_db()
    at = registration.checked_in_at.astimezone(VIETNAM).strftime("%H:%M")
    assert answer["result"] == "already" and answer["level"] == "warning"
    assert answer["at"] == at and answer["by"] == "Lan"
    expected = vi("%(name)s: already checked in at %(time)s by %(staff)s") % {
        "name": "Nguyễn Văn An",
        "time": at,
        "staff": "Lan",
    }
    assert answer["message"] == expected
    assert registration.checked_in_by == door
    assert CheckIn.objects.filter(registration=registration).count() == 2


def test_a_ticket_of_another_event(door_client, structure, event):
    other = support.make_event(structure, title="Hội thảo vàng")
    registration = add(other).registration
    answer = scan(door_client, event, registration.ticket_code).json()
    assert answer["result"] == "other_event" and answer["level"] == "error"
    assert "Hội thảo vàng" in answer["message"] and answer["name"] == ""
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_an_unknown_code(door_client, event):
    answer = scan(door_client, event, "not a code").json()
    assert answer["result"] == "unknown" and answer["level"] == "error"
    assert answer["message"] == vi("No ticket with this code")
    assert CheckIn.objects.get().result == "unknown"


def test_a_cancelled_registration(door_client, event):
    registration = add(event, "Chi").registration
    services.cancel(registration, by=None, reason="reader")
    answer = scan(door_client, event, registration.ticket_code).json()
    assert answer["result"] == "cancelled" and answer["level"] == "error"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_the_same_nonce_twice_checks_in_once(door_client, event):
    registration = add(event).registration
    nonce = str(uuid.uuid4())
    first = scan(door_client, event, registration.ticket_code, nonce=nonce).json()
    registration.refresh_from_db()
    at = registration.checked_in_at
    again = scan(door_client, event, registration.ticket_code, nonce=nonce).json()
    assert first["result"] == again["result"] == "ok"
    assert CheckIn.objects.count() == 1
    registration.refresh_from_db()
    assert registration.checked_in_at == at


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps([1]),
        json.dumps({"code": "", "nonce": "5f0c6a52-9d1e-4c1b-8f3a-2b7d4e6a9c01"}),
    ],
    ids=["not-json", "a-list", "no-code"],
)
def test_a_bad_scan_request_is_refused_with_a_message(door_client, event, body):
    response = door_client.post(url("scan", event), data=body, content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]
    assert not CheckIn.objects.exists()


def test_typed_code_without_javascript(door_client, event):
    registration = add(event, "Nguyễn Văn An").registration
    page = BeautifulSoup(door_client.get(url("checkin", event)).content, "html.parser")
    nonce = page.select_one("input[name=nonce]")["value"]
    form = {"code": registration.ticket_code.lower(), "nonce": nonce}
    response = door_client.post(url("checkin", event), form)
    soup = BeautifulSoup(response.content, "html.parser")
    banner = soup.select_one("[data-testid=checkin-banner]")
    assert banner["role"] == "status" and banner["data-result"] == "ok"
    assert "checkin__banner--ok" in banner["class"]
    assert soup.select_one('[data-count="checked_in"]').get_text() == "1"
    assert len(soup.select("[data-testid=checkin-recent] li.checkin__scan")) == 1
    assert soup.select_one("input[name=nonce]")["value"] != nonce  # a new one for the next code
    door_client.post(url("checkin", event), form)  # the browser sends the form again
    assert CheckIn.objects.count() == 1


def test_the_door_lists_the_last_ten_scans(door_client, event):
    for _ in range(12):
        scan(door_client, event, "ZZZZZZZZ")
    soup = BeautifulSoup(door_client.get(url("checkin", event)).content, "html.parser")
    assert len(soup.select("[data-testid=checkin-recent] li.checkin__scan")) == 10


# -- the menu and the page editor ------------------------------------------------------------


def test_the_menu_shows_events_to_door_staff(door_client):
    html = door_client.get("/admin/").content.decode()
    assert "/admin/events/" in html


def test_the_event_page_editor_links_to_the_attendees(manager_client, event, superuser_client):
    page = event.pages["vi"]
    html = superuser_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert url("attendees", event) in html and url("checkin", event) in html


@pytest.fixture
def superuser_client(staff_login, db):
    return staff_login(Client(), make_staff("admin@infofinance.example", superuser=True))


def test_the_staff_pages_speak_vietnamese(manager_client, event, english_words):  # noqa: F811
    registration = add(event, "Nguyễn Văn An").registration
    services.check_in(
        event, registration.ticket_code, by=None, nonce=str(uuid.uuid4()), source="list"
    )
    found = []
    for path in ["/admin/events/", *(url(n, event) for n in ("attendees", "checkin", "status"))]:
        response = manager_client.get(path)
        assert response.status_code == 200, path
        found += [f"{path}: {d}" for d in admin_defects(response.content.decode(), english_words)]
    assert found == [], "\n".join(found)


@pytest.mark.django_db(databases=[])
def test_the_vendored_qr_decoder_is_the_one_recorded():
    """vendor/README.md names the file's version and SHA-256: an edited copy shows."""
    import hashlib
    import re
    from pathlib import Path

    vendor = Path(admin_views.__file__).parent / "static" / "events" / "vendor"
    readme = (vendor / "README.md").read_text()
    digest = hashlib.sha256((vendor / "jsQR.js").read_bytes()).hexdigest()
    assert re.search(rf"\| `jsQR.js` \|.*\| 1\.4\.0 \|.*`{digest}`", readme)
    assert "Apache License" in (vendor / "LICENSE").read_text()


def test_resend_the_ticket_from_the_list(manager_client, event, django_capture_on_commit_callbacks):
    registration = add(event, "Nguyễn Văn An").registration
    page = BeautifulSoup(manager_client.get(url("attendees", event)).content, "html.parser")
    assert page.select_one(f'tr[data-registration="{registration.uuid}"] input[value=resend]')
    form = {"action": "resend", "registration": str(registration.uuid)}
    with django_capture_on_commit_callbacks() as callbacks:
        response = manager_client.post(url("attendees", event), form, follow=True)
    assert len(callbacks) == 1  # the ticket e-mail's task, queued after commit
    expected = vi("The ticket is sent again to %(name)s.") % {"name": "Nguyễn Văn An"}
    assert expected in response.content.decode()


def test_no_ticket_to_resend_for_a_cancelled_registration(
    manager_client, event, django_capture_on_commit_callbacks
):
    registration = add(event).registration
    services.cancel(registration, by=None, reason="staff")
    page = BeautifulSoup(manager_client.get(url("attendees", event)).content, "html.parser")
    assert not page.select("input[name=action][value=resend]")
    form = {"action": "resend", "registration": str(registration.uuid)}
    with django_capture_on_commit_callbacks() as callbacks:
        response = manager_client.post(url("attendees", event), form, follow=True)
    assert callbacks == []
    assert vi("Only a confirmed registration has a ticket to send.") in response.content.decode()
