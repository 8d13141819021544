"""What the complainant is told by e-mail (docs/notifications.md): a receipt when the complaint is
sent, a message at each status change that matters to them, each public update; in their
language, linking to their case page in it; once per change, through the queue and a real SMTP
server; a task run twice sends the same message (one Message-ID), never a second one."""

import pytest
from django.test import Client

from infofinance.complaints import services
from infofinance.complaints.models import CloseReason, Status
from tests import complaints_support as support
from tests import mail_support
from tests.complaints_support import complaint_data, make_complaint, make_user
from tests.mail_support import body, run_queue, subject, worker_died_after_sending

private_root, smtp = support.private_root, mail_support.smtp
reader, manager, broker = support.reader, support.manager, support.broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_reader(db):
    return make_user("emma@example.com", display_name="Emma Stone", preferred_language="en")


def deliver(sink, callbacks_fixture, action):
    """Run `action` as a request does (its transaction committed), then the worker."""
    with callbacks_fixture(execute=True):
        result = action()
    run_queue()
    return result


def test_sending_a_complaint_mails_one_receipt_in_vietnamese(
    client, reader, broker, smtp, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/khieu-nai/gui/", complaint_data(broker))
        # The same form posted again (double click) is the same complaint: no second receipt.
        client.post("/khieu-nai/gui/", complaint_data(broker))
    assert response.status_code == 302
    assert smtp.raw == []  # nothing is sent by the request itself: the worker sends it
    run_queue()
    complaint = reader.complaints.get()
    assert len(smtp.raw) == 1 and smtp.duplicates() == 0
    message = smtp.messages[0]
    text = body(message)
    assert message["To"] == "an@example.com"
    assert subject(message) == f"Chúng tôi đã nhận được khiếu nại {complaint.reference} của bạn"
    assert smtp.ids() == [f"<complaint-receipt.{complaint.uuid}@testserver>"]
    assert complaint.reference in text and "Không rút được 2.000 USD" in text
    assert "Các bước tiếp theo:" in text
    assert f"http://testserver/tai-khoan/khieu-nai/{complaint.uuid}/" in text
    assert "http://testserver/tai-khoan/du-lieu-ca-nhan/" in text
    assert "We received" not in text and "/en/" not in text


def test_receipt_is_in_english_for_an_english_reader(
    english_reader, broker, smtp, django_capture_on_commit_callbacks
):
    # Sent from the Vietnamese form: the account's language decides.
    complaint = deliver(
        smtp,
        django_capture_on_commit_callbacks,
        lambda: make_complaint(english_reader, broker, email="emma@example.com", language="vi"),
    )
    assert len(smtp.raw) == 1
    message = smtp.messages[0]
    text = body(message)
    assert subject(message) == f"We received your complaint {complaint.reference}"
    assert "What happens next:" in text
    assert f"http://testserver/en/account/complaints/{complaint.uuid}/" in text
    assert "http://testserver/en/account/personal-data/" in text
    assert "Chúng tôi" not in text


def test_a_draft_sends_nothing_until_it_is_sent(
    reader, broker, smtp, django_capture_on_commit_callbacks
):
    draft = deliver(
        smtp,
        django_capture_on_commit_callbacks,
        lambda: make_complaint(reader, broker, status=Status.DRAFT),
    )
    assert smtp.raw == []
    deliver(
        smtp,
        django_capture_on_commit_callbacks,
        lambda: services.save_complaint(user=reader, data={}, files=[], send=True, complaint=draft),
    )
    assert smtp.ids() == [f"<complaint-receipt.{draft.uuid}@testserver>"]


def walk(complaint, manager, steps):
    for new_status, close_reason in steps:
        services.change_status(
            complaint,
            new_status,
            user=manager,
            close_reason=close_reason,
            comment="ghi chú nội bộ: sàn gọi điện",
        )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_status_change_that_matters_is_mailed_once(
    language, reader, english_reader, manager, broker, smtp, django_capture_on_commit_callbacks
):
    user = reader if language == "vi" else english_reader
    complaint = make_complaint(user, broker, email=user.email)  # its receipt is not run here
    services.add_note(complaint, text="Ghi chú bí mật của nhân viên", files=[], user=manager)
    steps = [
        (Status.UNDER_REVIEW, ""),  # told
        (Status.CONTACTING_BROKER, ""),  # told
        (Status.UNDER_REVIEW, ""),  # back from the broker: not told
        (Status.RESOLVED, ""),  # told
        (Status.CLOSED, CloseReason.SETTLED),  # filing a resolved case: not told
        (Status.UNDER_REVIEW, ""),  # reopened: told
        (Status.CLOSED, CloseReason.NO_RESPONSE),  # told, with the reason
    ]
    deliver(smtp, django_capture_on_commit_callbacks, lambda: walk(complaint, manager, steps))
    changes = list(complaint.history.exclude(old_status=Status.DRAFT).order_by("pk"))
    told = [changes[i] for i in (0, 1, 3, 5, 6)]
    assert len(smtp.raw) == 5 and smtp.duplicates() == 0
    assert smtp.ids() == [f"<complaint-status.{c.pk}@testserver>" for c in told]
    texts = [body(m) for m in smtp.messages]
    subjects = [subject(m) for m in smtp.messages]
    path = (
        f"/tai-khoan/khieu-nai/{complaint.uuid}/"
        if language == "vi"
        else f"/en/account/complaints/{complaint.uuid}/"
    )
    assert all(f"http://testserver{path}" in text for text in texts)
    for text in texts:  # internal notes and staff comments never leave the admin
        assert "nội bộ" not in text and "bí mật" not in text and manager.email not in text
    if language == "vi":
        assert subjects[0] == f"Khiếu nại {complaint.reference} của bạn: Đang xem xét"
        assert "Nhân viên của chúng tôi đã bắt đầu xem xét" in texts[0]
        assert "đang liên hệ với sàn" in texts[1]
        assert "đã được mở lại" in texts[3]
        assert "Lý do: Người khiếu nại không phản hồi." in texts[4]
        assert not any("Your complaint" in t for t in texts)
    else:
        assert subjects == [
            f"Your complaint {complaint.reference}: {status}"
            for status in (
                "Under review",
                "Contacting the broker",
                "Resolved",
                "Under review",
                "Closed",
            )
        ]
        assert "Our staff have started reviewing your complaint." in texts[0]
        assert "Your case has been reopened" in texts[3]
        assert "Reason: No response from the complainant." in texts[4]


def test_rejection_is_mailed(reader, manager, broker, smtp, django_capture_on_commit_callbacks):
    complaint = make_complaint(reader, broker)
    deliver(
        smtp,
        django_capture_on_commit_callbacks,
        lambda: services.change_status(complaint, Status.REJECTED, user=manager),
    )
    assert len(smtp.raw) == 1 and "Bị từ chối" in subject(smtp.messages[0])


def test_accepted_cancellation_is_one_message_not_two(
    reader, manager, broker, smtp, django_capture_on_commit_callbacks
):
    complaint = make_complaint(reader, broker)
    request = services.request_cancellation(
        complaint, reason="settled", explanation="Sàn đã hoàn tiền cho tôi."
    )
    deliver(
        smtp,
        django_capture_on_commit_callbacks,
        lambda: services.decide_cancellation(request, accept=True, user=manager),
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    update = complaint.updates.get()
    assert smtp.ids() == [f"<complaint-update.{update.pk}@testserver>"]
    assert "đã được chấp nhận" in body(smtp.messages[0])


def test_public_update_through_the_admin_is_mailed_once(
    reader, manager, broker, smtp, staff_login, django_capture_on_commit_callbacks
):
    complaint = make_complaint(reader, broker, language="en")
    client = staff_login(Client(), manager)
    url = f"/admin/complaints/case/{complaint.uuid}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "update/", {"text": "Chúng tôi đã gửi thư cho sàn."})
        client.post(url + "note/", {"text": "Không gửi cho người khiếu nại"})
        client.post(url + "status/", {"status": "under_review", "comment": "nội bộ"})
    run_queue()
    assert len(smtp.raw) == 2 and smtp.duplicates() == 0
    update, status = smtp.messages
    assert "Chúng tôi đã gửi thư cho sàn." in body(update)
    assert subject(update) == f"Cập nhật về khiếu nại {complaint.reference} của bạn"
    assert all("Không gửi" not in body(m) and "nội bộ" not in body(m) for m in smtp.messages)
    assert smtp.ids()[1].startswith("<complaint-status.")
    assert subject(status) == f"Khiếu nại {complaint.reference} của bạn: Đang xem xét"


def test_a_task_run_twice_sends_the_same_message_again(
    reader, manager, broker, smtp, django_capture_on_commit_callbacks
):
    """The worker died after sending, before recording success: the re-queued task sends a copy
    with the same Message-ID (a duplicate mail clients fold), never a second, different one."""
    complaint = deliver(
        smtp, django_capture_on_commit_callbacks, lambda: make_complaint(reader, broker)
    )
    deliver(
        smtp,
        django_capture_on_commit_callbacks,
        lambda: services.change_status(complaint, Status.UNDER_REVIEW, user=manager),
    )
    assert len(smtp.raw) == 2 and smtp.duplicates() == 0
    first = list(smtp.raw)
    assert worker_died_after_sending() == 2
    run_queue()
    assert len(smtp.raw) == 4
    assert smtp.duplicates() == 2 and len(set(smtp.ids())) == 2
    assert smtp.ids()[2:] == smtp.ids()[:2]
    assert [body(m) for m in smtp.messages[2:]] == [body(m) for m in smtp.messages[:2]]
    assert first == smtp.raw[:2]


def test_a_deleted_account_is_not_mailed(
    reader, manager, broker, smtp, django_capture_on_commit_callbacks
):
    from infofinance.wiring import personal_data

    complaint = make_complaint(reader, broker)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(complaint, Status.UNDER_REVIEW, user=manager)
    personal_data.erase_all(reader)  # before the worker runs
    run_queue()
    assert smtp.raw == []


def test_account_menu_links_my_complaints_and_sign_up(client, reader, structure):
    from django.urls import reverse
    from django.utils import translation

    for language, home in (("vi", "/"), ("en", "/en/")):
        with translation.override(language):
            signup, login = reverse("account_signup"), reverse("account_login")
            mine = reverse("complaints:mine")
        html = Client().get(home).text
        assert f'href="{signup}" rel="nofollow" data-testid="signup"' in html
        assert f'href="{login}"' in html and 'data-testid="my-complaints"' not in html
        client.force_login(reader)
        html = client.get(home).text
        assert f'href="{mine}" data-testid="my-complaints"' in html
        assert ("Khiếu nại của tôi" if language == "vi" else "My complaints") in html
        assert 'data-testid="signup"' not in html
        client.logout()
