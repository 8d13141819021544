"""The personal-data download covers everything the complaint centre and the reviews hold about
the reader: cancellation requests with their explanations and decisions, the complaint's
language, closing reason and publication, evidence, updates, history, and the moderation of
their reviews; never internal notes, staff comments or another reader's data."""

import json

import pytest

from infofinance.complaints import services
from infofinance.complaints.models import CloseReason, Status
from infofinance.reviews.models import HideReason, Review
from tests import complaints_support as support
from tests.complaints_support import PDF, make_complaint

private_root = support.private_root
reader, other_reader, manager, broker = (
    support.reader,
    support.other_reader,
    support.manager,
    support.broker,
)

pytestmark = pytest.mark.django_db
DOWNLOAD = {"vi": "/tai-khoan/du-lieu-ca-nhan/tai-ve/", "en": "/en/account/personal-data/download/"}


def download(client, language="vi") -> dict:
    response = client.post(DOWNLOAD[language])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


@pytest.fixture
def case(reader, manager, broker):
    from infofinance.complaints.uploads import CleanFile

    complaint = make_complaint(reader, broker, title="Sàn giữ tiền của tôi", language="en")
    services.add_evidence(
        complaint,
        [CleanFile(name="sao-ke.pdf", content=PDF, content_type="application/pdf")],
        reader,
    )
    services.change_status(
        complaint, Status.UNDER_REVIEW, user=manager, comment="ghi chú nhân viên"
    )
    services.add_note(complaint, text="Ghi chú nội bộ bí mật", files=[], user=manager)
    services.add_public_update(complaint, text="Chúng tôi đã liên hệ sàn.", user=manager)
    first = services.request_cancellation(
        complaint, reason="changed_mind", explanation="Tôi muốn tự giải quyết trước."
    )
    services.decide_cancellation(first, accept=False, user=manager)
    services.request_cancellation(
        complaint, reason="settled", explanation="Sàn đã trả lại 2.000 USD cho tôi."
    )
    return complaint


@pytest.mark.parametrize("language", ["vi", "en"])
def test_download_holds_cancellation_requests_and_the_rest(
    client, reader, other_reader, manager, broker, case, language
):
    make_complaint(other_reader, broker, title="Khiếu nại của người khác")
    Review.objects.create(broker=broker, user=other_reader, rating=2, comment="Của người khác")
    Review.objects.create(
        broker=broker,
        user=reader,
        rating=1,
        comment="Quảng cáo",
        hidden=True,
        hidden_reason_code=HideReason.SPAM,
        hidden_reason="Đường link quảng cáo.",
    )
    client.force_login(reader)
    data = download(client, language)
    text = json.dumps(data, ensure_ascii=False)
    [row] = data["complaints"]
    assert row["reference"] == case.reference and row["language"] == "en"
    assert row["cancellation_requests"] == [
        {
            "at": row["cancellation_requests"][0]["at"],
            "reason": "changed_mind",
            "explanation": "Tôi muốn tự giải quyết trước.",
            "decision": "refused",
            "decided_at": row["cancellation_requests"][0]["decided_at"],
        },
        {
            "at": row["cancellation_requests"][1]["at"],
            "reason": "settled",
            "explanation": "Sàn đã trả lại 2.000 USD cho tôi.",
            "decision": "pending",
            "decided_at": None,
        },
    ]
    assert row["cancellation_requests"][0]["decided_at"]
    assert [e["name"] for e in row["evidence"]] == ["sao-ke.pdf"]
    assert [h["to"] for h in row["history"]] == ["new", "under_review"]
    assert "Chúng tôi đã liên hệ sàn." in [u["text"] for u in row["updates"]]
    assert row["published"] is False and row["close_reason"] == ""
    [review] = data["reviews"]
    assert review["hidden"] and review["hidden_reason_code"] == "spam"
    assert review["hidden_reason"] == "Đường link quảng cáo." and review["hidden_at"] is None
    # Staff's own and other readers' data stay out.
    for secret in ("Ghi chú nội bộ bí mật", "ghi chú nhân viên", manager.email):
        assert secret not in text
    assert "Khiếu nại của người khác" not in text and "Của người khác" not in text


def test_closing_reason_after_an_accepted_cancellation(client, reader, manager, case):
    request = case.cancellations.get(decision="pending")
    services.decide_cancellation(request, accept=True, user=manager)
    client.force_login(reader)
    [row] = download(client)["complaints"]
    assert row["status"] == Status.CLOSED and row["close_reason"] == CloseReason.CANCELLED
    assert [r["decision"] for r in row["cancellation_requests"]] == ["refused", "accepted"]


def test_download_needs_the_account(client):
    response = client.post(DOWNLOAD["vi"])
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/login/")
