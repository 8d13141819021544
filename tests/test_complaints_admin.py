"""The back office: queue with filters and search, who sees which case (managers, team leaders,
members), status changes with history, internal notes apart from public updates (e-mailed),
assignment, publication, highlight, hide, cancellation decisions; every refusal logged."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from infofinance.audit.models import SecurityEvent
from infofinance.complaints import services
from infofinance.complaints.models import Complaint, Status, Team
from tests import complaints_support as support
from tests.complaints_support import PDF, make_complaint, make_user, png_bytes, upload

pytestmark = pytest.mark.django_db

private_root = support.private_root
reader, other_reader, manager, broker = (
    support.reader,
    support.other_reader,
    support.manager,
    support.broker,
)

QUEUE = "/admin/complaints/"


def vi(message: str) -> str:
    """The admin runs in Vietnamese by default: its messages are compared in Vietnamese."""
    with translation.override("vi"):
        return translation.gettext(message)


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a
    "no permission" message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def teams(db):
    leader = make_user("leader@infofinance.example", staff=True, groups=["Complaint handlers"])
    member = make_user("member@infofinance.example", staff=True, groups=["Complaint handlers"])
    outsider = make_user("outsider@infofinance.example", staff=True, groups=["Complaint handlers"])
    north = Team.objects.create(name="Team North", leader=leader)
    north.members.add(member)
    south_leader = make_user("south@infofinance.example", staff=True, groups=["Complaint handlers"])
    south = Team.objects.create(name="Team South", leader=south_leader)
    south.members.add(outsider)
    return {
        "leader": leader,
        "member": member,
        "outsider": outsider,
        "north": north,
        "south": south,
    }


def case_url(complaint, action=""):
    return f"/admin/complaints/case/{complaint.uuid}/" + (f"{action}/" if action else "")


def test_groups_exist_with_their_permissions():
    managers = Group.objects.get(name="Complaint managers")
    handlers = Group.objects.get(name="Complaint handlers")
    assert managers.permissions.filter(codename="manage_all_complaints").exists()
    assert handlers.permissions.filter(codename="handle_complaints").exists()
    assert handlers.permissions.filter(codename="access_admin").exists()
    assert not handlers.permissions.filter(codename="manage_all_complaints").exists()


def test_manager_queue_filters_and_search(client, staff_login, manager, reader, broker, teams):
    a = make_complaint(reader, broker, title="Rút tiền bị chặn", category="cannot_withdraw")
    b = make_complaint(reader, None, title="Lệnh bị trượt giá", category="price_manipulation")
    make_complaint(reader, broker, status=Status.DRAFT, title="Bản nháp riêng tư")
    services.assign(a, team=teams["north"], assignee=teams["member"], user=manager)
    Complaint.objects.filter(pk=b.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    staff_login(client, manager)

    def titles(**params):
        html = client.get(QUEUE, params).text
        return {
            t for t in ("Rút tiền bị chặn", "Lệnh bị trượt giá", "Bản nháp riêng tư") if t in html
        }

    assert titles() == {"Rút tiền bị chặn", "Lệnh bị trượt giá"}  # drafts never appear
    assert titles(category="price_manipulation") == {"Lệnh bị trượt giá"}
    assert titles(broker=broker.pk) == {"Rút tiền bị chặn"}
    assert titles(team=teams["north"].pk) == {"Rút tiền bị chặn"}
    assert titles(assignee=teams["member"].pk) == {"Rút tiền bị chặn"}
    assert titles(assignee="none") == {"Lệnh bị trượt giá"}
    assert titles(age="30") == {"Lệnh bị trượt giá"}
    assert titles(status="new") == {"Rút tiền bị chặn", "Lệnh bị trượt giá"}
    assert titles(status="resolved") == set()
    assert titles(q="trượt") == {"Lệnh bị trượt giá"}
    assert titles(q=a.reference.lower()) == {"Rút tiền bị chặn"}
    assert titles(q="an@example.com") == {"Rút tiền bị chặn", "Lệnh bị trượt giá"}
    assert client.get(QUEUE, {"status": "<script>", "broker": "x", "age": "-1"}).status_code == 200


def test_queue_query_count_does_not_grow(
    client, staff_login, manager, reader, broker, teams, django_assert_max_num_queries
):
    make_complaint(reader, broker)
    staff_login(client, manager)
    client.get(QUEUE)
    with django_assert_max_num_queries(20) as first:
        assert client.get(QUEUE).status_code == 200
    budget = len(first.captured_queries)
    for number in range(30):
        complaint = make_complaint(reader, broker, title=f"Khiếu nại {number}")
        services.assign(complaint, team=teams["north"], assignee=teams["member"], user=manager)
    with django_assert_max_num_queries(budget):
        assert client.get(QUEUE).status_code == 200


def test_leader_sees_the_team_member_only_their_own(client, staff_login, manager, reader, teams):
    mine = make_complaint(reader, title="Giao cho thành viên")
    team_case = make_complaint(reader, title="Của nhóm, chưa giao")
    other = make_complaint(reader, title="Của nhóm khác")
    services.assign(mine, team=teams["north"], assignee=teams["member"], user=manager)
    services.assign(team_case, team=teams["north"], assignee=None, user=manager)
    services.assign(other, team=teams["south"], assignee=teams["outsider"], user=manager)

    staff_login(client, teams["leader"])
    html = client.get(QUEUE).text
    assert "Giao cho thành viên" in html and "Của nhóm, chưa giao" in html
    assert "Của nhóm khác" not in html

    member = staff_login(Client(), teams["member"])
    html = member.get(QUEUE).text
    assert "Giao cho thành viên" in html
    assert "Của nhóm, chưa giao" not in html and "Của nhóm khác" not in html
    assert member.get(case_url(mine)).status_code == 200
    assert refused(member.get(case_url(team_case)))


def test_member_acting_on_another_teams_case_is_refused_and_logged(
    staff_login, manager, reader, teams
):
    other = make_complaint(reader, title="Của nhóm khác")
    services.assign(other, team=teams["south"], assignee=teams["outsider"], user=manager)
    client = staff_login(Client(), teams["member"])
    for action, data in [
        ("status", {"status": "under_review"}),
        ("note", {"text": "xem trộm"}),
        ("update", {"text": "giả mạo"}),
        ("publication", {"published": "on"}),
        ("assign", {"assignee": teams["member"].pk}),
        ("accept", {}),
    ]:
        assert refused(client.post(case_url(other, action), data))
    assert refused(client.get(case_url(other)))
    other.refresh_from_db()
    assert other.status == Status.NEW and not other.notes.exists() and not other.updates.exists()
    assert not other.published
    assert SecurityEvent.objects.filter(user=teams["member"], complaint=other).count() == 7


def test_staff_without_complaint_permissions_cannot_reach_the_queue(staff_login):
    editor = make_user("editor@infofinance.example", staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = staff_login(Client(), editor)
    assert refused(client.get(QUEUE))
    assert SecurityEvent.objects.filter(user=editor, action="admin_queue").exists()


def test_status_changes_are_recorded_with_who_when_old_and_new(
    client, staff_login, manager, reader
):
    complaint = make_complaint(reader)
    staff_login(client, manager)
    client.post(case_url(complaint, "status"), {"status": "under_review", "comment": "bắt đầu"})
    client.post(case_url(complaint, "status"), {"status": "contacting_broker"})
    response = client.post(case_url(complaint, "status"), {"status": "closed"}, follow=True)
    assert vi("Choose a reason for closing the case.") in response.text
    client.post(case_url(complaint, "status"), {"status": "closed", "close_reason": "settled"})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.close_reason == "settled"
    history = list(complaint.history.values_list("old_status", "new_status", "changed_by"))
    assert history == [
        ("draft", "new", reader.pk),
        ("new", "under_review", manager.pk),
        ("under_review", "contacting_broker", manager.pk),
        ("contacting_broker", "closed", manager.pk),
    ]
    html = client.get(case_url(complaint)).text
    assert "bắt đầu" in html and vi("Settled with the broker") in html


def test_impossible_transition_is_refused_with_a_message(client, staff_login, manager, reader):
    complaint = make_complaint(reader)
    staff_login(client, manager)
    response = client.post(case_url(complaint, "status"), {"status": "resolved"}, follow=True)
    expected = vi("Select a valid choice. %(value)s is not one of the available choices.")
    assert expected % {"value": "resolved"} in response.text
    with translation.override("en"), pytest.raises(services.RuleError, match="cannot go from"):
        services.change_status(complaint, Status.RESOLVED, user=manager)
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW


def test_internal_note_with_attachment_stays_internal(
    client, staff_login, manager, reader, django_capture_on_commit_callbacks
):
    complaint = make_complaint(reader)
    staff_login(client, manager)
    response = client.post(
        case_url(complaint, "note"),
        {"text": "Sàn đã trả lời qua điện thoại", "attachments": [upload("bien-ban.pdf", PDF)]},
    )
    assert response.status_code == 302
    note = complaint.notes.get()
    attachment = note.attachments.get()
    assert client.get(f"{case_url(complaint)}files/{attachment.uuid}/").status_code == 200
    # The complainant sees neither the note nor its attachment.
    owner = Client()
    owner.force_login(reader)
    assert "Sàn đã trả lời" not in owner.get(f"/tai-khoan/khieu-nai/{complaint.uuid}/").text
    url = f"/tai-khoan/khieu-nai/{complaint.uuid}/tep/{attachment.uuid}/"
    assert owner.get(url).status_code == 404
    # Unsafe attachments are refused like the complainant's.
    response = client.post(
        case_url(complaint, "note"),
        {"text": "x", "attachments": [upload("a.jpg", b"MZ" + b"\0" * 100)]},
        follow=True,
    )
    assert vi("“%(name)s” is not a JPEG, PNG or WebP image nor a PDF document.") % {
        "name": "a.jpg"
    } in response.text.replace("&#x27;", "'")
    assert complaint.notes.count() == 1


def test_public_update_is_shown_and_emailed(
    client, staff_login, manager, reader, django_capture_on_commit_callbacks
):
    complaint = make_complaint(reader, language="en")
    staff_login(client, manager)
    from tests.mail_support import run_queue

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(case_url(complaint, "update"), {"text": "We asked the broker for a reply."})
    run_queue()  # the worker sends it (complaints/notifications.py)
    assert len(mail.outbox) == 1 and "We asked the broker for a reply." in mail.outbox[0].body
    owner = Client()
    owner.force_login(reader)
    html = owner.get(f"/en/account/complaints/{complaint.uuid}/").text
    assert "We asked the broker for a reply." in html


def test_leader_assigns_within_the_team_only(staff_login, manager, reader, teams):
    complaint = make_complaint(reader)
    services.assign(complaint, team=teams["north"], assignee=None, user=manager)
    client = staff_login(Client(), teams["leader"])
    client.post(
        case_url(complaint, "assign"), {"team": teams["north"].pk, "assignee": teams["member"].pk}
    )
    complaint.refresh_from_db()
    assert complaint.assignee == teams["member"]
    response = client.post(
        case_url(complaint, "assign"),
        {"team": teams["south"].pk, "assignee": teams["outsider"].pk},
        follow=True,
    )
    expected = vi("Select a valid choice. That choice is not one of the available choices.")
    assert expected in response.text
    complaint.refresh_from_db()
    assert complaint.team == teams["north"] and complaint.assignee == teams["member"]
    # A member cannot assign at all.
    member = staff_login(Client(), teams["member"])
    assert refused(member.post(case_url(complaint, "assign"), {"assignee": ""}))
    with pytest.raises(services.RuleError):
        services.assign(complaint, team=teams["north"], assignee=teams["outsider"], user=manager)


def test_publish_highlight_and_hide(client, staff_login, manager, reader, broker):
    complaint = make_complaint(
        reader, broker, title="Sàn Aurora không trả tiền", description="Tên tôi là Nguyễn Văn An"
    )
    services.give_publication_consent(complaint)
    staff_login(client, manager)
    client.post(
        case_url(complaint, "publication"),
        {
            "published": "on",
            "public_title_vi": "Sàn Aurora không trả tiền",
            "public_text_vi": "Nhà đầu tư không rút được 2.000 USD.",
            "highlighted": "on",
        },
    )
    complaint.refresh_from_db()
    assert complaint.published and complaint.public_slug == "san-aurora-khong-tra-tien"
    anonymous = Client()
    html = anonymous.get(f"/khieu-nai/{complaint.public_slug}/").text
    assert "Nhà đầu tư không rút được 2.000 USD." in html and "N. V. A." in html
    for secret in ("Nguyễn Văn An", "an@example.com", "0901234567", "Tên tôi là"):
        assert secret not in html
    broker_page = anonymous.get(f"/tra-cuu-san/{broker.slug}/").text
    assert "Highlighted complaints" not in broker_page  # Vietnamese page
    assert "Khiếu nại nổi bật" in broker_page and "Sàn Aurora không trả tiền" in broker_page
    client.post(
        case_url(complaint, "publication"),
        {
            "published": "on",
            "public_title_vi": "Sàn Aurora không trả tiền",
            "public_text_vi": "x",
            "hidden": "on",
        },
    )
    assert anonymous.get(f"/khieu-nai/{complaint.public_slug}/").status_code == 404
    assert "Sàn Aurora không trả tiền" not in anonymous.get(f"/tra-cuu-san/{broker.slug}/").text


def test_public_slug_never_takes_a_reserved_or_used_address(manager, reader):
    # Staff no longer type a slug: it comes from the Vietnamese public title, suffixed when
    # the address is reserved for a page of the site or used by another complaint.
    first = make_complaint(reader, title="Một", published=True)
    reserved = support.publish(make_complaint(reader, title="Hai"), title="Gửi")
    taken = support.publish(make_complaint(reader, title="Ba"), title="Một")
    assert (first.public_slug, reserved.public_slug, taken.public_slug) == (
        "mot",
        "gui-1",
        "mot-2",
    )


def test_cancellation_accepted_and_refused_from_the_case_page(client, staff_login, manager, reader):
    accepted = make_complaint(reader)
    refused = make_complaint(reader)
    for complaint in (accepted, refused):
        services.request_cancellation(complaint, reason="wrong_broker")
    staff_login(client, manager)
    client.post(case_url(accepted, "accept"))
    client.post(case_url(refused, "refuse"))
    accepted.refresh_from_db()
    refused.refresh_from_db()
    assert accepted.status == Status.CLOSED and refused.status == Status.NEW
    assert refused.cancellations.get().decision == "refused"
    response = client.post(case_url(refused, "accept"), follow=True)
    assert vi("There is no cancellation request to decide.") in response.text


def test_staff_download_and_security_log(client, staff_login, manager, reader, teams):
    complaint = make_complaint(reader)
    evidence = services.add_evidence(
        complaint, [services.CleanFile("a.png", png_bytes(), "image/png")], reader
    )[0]
    staff_login(client, manager)
    response = client.get(f"{case_url(complaint)}files/{evidence.uuid}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    member = staff_login(Client(), teams["member"])
    assert refused(member.get(f"{case_url(complaint)}files/{evidence.uuid}/"))
    assert refused(member.get("/admin/complaints/refused/"))
    html = client.get("/admin/complaints/refused/").text
    assert "admin_case" in html and "admin_security_log" in html


def test_publishing_a_stale_copy_keeps_the_current_status(manager, reader):
    complaint = make_complaint(reader)
    stale = Complaint.objects.get(pk=complaint.pk)
    services.change_status(complaint, Status.UNDER_REVIEW, user=manager)
    support.publish(stale)
    complaint.refresh_from_db()
    assert complaint.status == Status.UNDER_REVIEW and complaint.published


def test_managers_manage_teams_and_reviews_in_the_admin(client, staff_login, manager, teams):
    staff_login(client, manager)
    html = client.get("/admin/complaint_teams/").text
    assert "Team North" in html and "Team South" in html
    assert client.get("/admin/broker_reviews/").status_code == 200
    handler = staff_login(Client(), teams["member"])
    assert handler.get("/admin/complaint_teams/").status_code in (302, 403)
