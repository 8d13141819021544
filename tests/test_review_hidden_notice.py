"""The author of a review staff hide is told by e-mail (docs/notifications.md): which review,
the reason in their language, staff's explanation; once per hiding, through the queue and a
real SMTP server, with a Message-ID that a task run twice keeps."""

import pytest
from django.test import Client

from infofinance.reviews.models import HideReason, Review
from tests import complaints_support as support
from tests import mail_support
from tests.complaints_support import make_user
from tests.mail_support import body, run_queue, subject, worker_died_after_sending

private_root, smtp = support.private_root, mail_support.smtp
reader, manager, broker = support.reader, support.manager, support.broker

pytestmark = pytest.mark.django_db


def edit_url(review):
    return f"/admin/broker_reviews/edit/{review.pk}/"


def hide(client, review, callbacks, **data):
    with callbacks(execute=True):
        response = client.post(edit_url(review), {"hidden": "on", **data})
    run_queue()
    return response


@pytest.fixture
def review(reader, broker):
    # The broker as every writer leaves it, its warnings derived: hiding a review then changes
    # its rating only (a first derivation here would also announce its "unlicensed" warning).
    from infofinance.brokers.services import refresh_broker

    refresh_broker(broker.pk)
    return Review.objects.create(broker=broker, user=reader, rating=1, comment="Sàn này lừa đảo!")


def test_hiding_a_review_tells_its_author_in_vietnamese(
    review, manager, broker, staff_login, smtp, django_capture_on_commit_callbacks
):
    client = staff_login(Client(), manager)
    response = hide(
        client,
        review,
        django_capture_on_commit_callbacks,
        hidden_reason_code=HideReason.PERSONAL_DATA,
        hidden_reason="Bài có số điện thoại của một nhân viên sàn.",
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.hidden and review.hidden_at
    assert len(smtp.raw) == 1 and smtp.duplicates() == 0
    message = smtp.messages[0]
    text = body(message)
    assert message["To"] == "an@example.com"
    assert subject(message) == "Đánh giá của bạn về Aurora Markets đã bị ẩn"
    assert "Lý do: Có thông tin cá nhân của người khác." in text
    assert "Bài có số điện thoại của một nhân viên sàn." in text
    assert "Sàn này lừa đảo!" in text
    assert f"http://testserver/tra-cuu-san/{broker.slug}/danh-gia/" in text
    assert "http://testserver/tai-khoan/du-lieu-ca-nhan/" in text
    stamp = review.hidden_at.strftime("%Y%m%dT%H%M%S%f")
    assert smtp.ids() == [f"<review-hidden.{review.pk}.{stamp}@testserver>"]
    # Saving the hidden review again (a typo fixed in the reason) is not a new hiding.
    hide(
        client,
        review,
        django_capture_on_commit_callbacks,
        hidden_reason_code=HideReason.PERSONAL_DATA,
        hidden_reason="Bài có số điện thoại của nhân viên sàn.",
    )
    assert len(smtp.raw) == 1


def test_english_author_reads_it_in_english_and_each_hiding_is_one_message(
    broker, manager, staff_login, smtp, django_capture_on_commit_callbacks
):
    author = make_user("emma@example.com", preferred_language="en")
    review = Review.objects.create(broker=broker, user=author, rating=5, comment="Best broker!")
    client = staff_login(Client(), manager)
    hide(client, review, django_capture_on_commit_callbacks, hidden_reason_code=HideReason.SPAM)
    message = smtp.messages[0]
    text = body(message)
    assert subject(message) == "Your review of Aurora Markets is hidden"
    assert "Reason: Advertising or spam." in text and "Lý do" not in text
    assert f"http://testserver/en/broker/{broker.slug}/review/" in text
    # Shown again, then hidden again: a second hiding, a second message.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(review), {"hidden_reason": ""})
    review.refresh_from_db()
    assert not review.hidden and review.hidden_at is None
    hide(
        client,
        review,
        django_capture_on_commit_callbacks,
        hidden_reason_code=HideReason.OTHER,
        hidden_reason="Written by the broker's own staff.",
    )
    assert len(smtp.raw) == 2 and smtp.duplicates() == 0
    second = body(smtp.messages[1])
    assert "Reason given by our moderators: Written by the broker's own staff." in second


def test_other_reason_needs_an_explanation(
    review, manager, staff_login, smtp, django_capture_on_commit_callbacks
):
    client = staff_login(Client(), manager)
    response = hide(
        client, review, django_capture_on_commit_callbacks, hidden_reason_code=HideReason.OTHER
    )
    assert response.status_code == 200  # the form again, with the error
    review.refresh_from_db()
    assert not review.hidden and smtp.raw == []


def test_a_task_run_twice_sends_the_same_message(
    review, manager, staff_login, smtp, django_capture_on_commit_callbacks
):
    client = staff_login(Client(), manager)
    hide(client, review, django_capture_on_commit_callbacks, hidden_reason_code=HideReason.SPAM)
    assert worker_died_after_sending() == 1
    run_queue()
    assert len(smtp.raw) == 2 and len(set(smtp.ids())) == 1 and smtp.duplicates() == 1
    first, again = smtp.messages
    assert subject(first) == subject(again) and body(first) == body(again)


def test_no_notice_when_shown_again_before_the_worker_ran(
    review, manager, staff_login, smtp, django_capture_on_commit_callbacks
):
    client = staff_login(Client(), manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(review), {"hidden": "on", "hidden_reason_code": HideReason.SPAM})
        client.post(edit_url(review), {"hidden_reason": ""})  # a mistake, undone at once
    run_queue()
    assert smtp.raw == []
