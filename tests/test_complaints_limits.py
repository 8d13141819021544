"""Limits against floods: complaints, reviews and bytes of evidence per account and per client
address per day (a localized 429 page, nothing saved), and the site-wide hourly cap on
complaints from accounts younger than a day (held, staff alerted)."""

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from infofinance.brokers.models import Broker
from infofinance.complaints import limits, services
from infofinance.complaints.models import Complaint, Evidence
from infofinance.reviews.models import Review
from tests import complaints_support as support
from tests.complaints_support import PDF, complaint_data, make_complaint, make_user, upload
from tests.mail_support import run_queue

pytestmark = pytest.mark.django_db

private_root = support.private_root
reader, other_reader, manager, broker = (
    support.reader,
    support.other_reader,
    support.manager,
    support.broker,
)

SUBMIT = "/khieu-nai/gui/"


def message(quota) -> str:
    with translation.override("vi"):
        return str(quota.message)


def post_complaint(client, broker, url=SUBMIT, **extra):
    return client.post(url, complaint_data(broker, token=str(uuid.uuid4()), **extra))


def test_complaints_per_account_per_day(client, settings, reader, broker):
    settings.COMPLAINTS_PER_ACCOUNT_PER_DAY = 2
    client.force_login(reader)
    for _ in range(2):
        assert post_complaint(client, broker).status_code == 302
    response = post_complaint(client, broker)
    assert response.status_code == 429 and message(limits.COMPLAINTS) in response.text
    assert Complaint.objects.count() == 2
    english = post_complaint(client, broker, url="/en/complaints/new/")
    assert english.status_code == 429
    assert "You have reached today's limit of new complaints." in english.text.replace(
        "&#x27;", "'"
    )
    # Another account is counted apart.
    other = Client()
    other.force_login(make_user("c@example.com"))
    assert post_complaint(other, broker).status_code == 302


def test_complaints_per_address_per_day(settings, reader, other_reader, broker):
    settings.COMPLAINTS_PER_ADDRESS_PER_DAY = 2
    clients = []
    for user in (reader, other_reader, make_user("c@example.com")):
        client = Client(REMOTE_ADDR="203.0.113.7")
        client.force_login(user)
        clients.append(client)
    assert post_complaint(clients[0], broker).status_code == 302
    assert post_complaint(clients[1], broker).status_code == 302
    assert post_complaint(clients[2], broker).status_code == 429
    assert Complaint.objects.count() == 2
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    elsewhere.force_login(make_user("d@example.com"))
    assert post_complaint(elsewhere, broker).status_code == 302


def test_the_same_form_sent_twice_counts_once(client, settings, reader, broker):
    settings.COMPLAINTS_PER_ACCOUNT_PER_DAY = 1
    client.force_login(reader)
    data = complaint_data(broker)
    assert client.post(SUBMIT, data).status_code == 302
    assert client.post(SUBMIT, data).status_code == 302  # the first complaint again
    assert Complaint.objects.count() == 1


def test_a_refused_complaint_is_not_counted(client, settings, reader, broker):
    settings.COMPLAINTS_PER_ACCOUNT_PER_DAY = 1
    settings.COMPLAINT_EVIDENCE_BYTES_PER_ACCOUNT_PER_DAY = len(PDF)
    client.force_login(reader)
    files = [upload("a.pdf", PDF), upload("b.pdf", PDF)]
    assert post_complaint(client, broker, evidence=files).status_code == 429
    assert not Complaint.objects.exists()
    assert post_complaint(client, broker).status_code == 302  # its count was given back


def test_evidence_bytes_per_account_per_day(client, settings, reader, broker):
    settings.COMPLAINT_EVIDENCE_BYTES_PER_ACCOUNT_PER_DAY = 3 * len(PDF)
    client.force_login(reader)
    files = [upload(f"{n}.pdf", PDF) for n in range(2)]
    assert post_complaint(client, broker, evidence=files).status_code == 302
    complaint = Complaint.objects.get()
    response = client.post(
        f"/tai-khoan/khieu-nai/{complaint.uuid}/bang-chung/",
        {"evidence": [upload("c.pdf", PDF), upload("d.pdf", PDF)]},
    )
    assert response.status_code == 429 and message(limits.EVIDENCE_BYTES) in response.text
    assert Evidence.objects.count() == 2  # nothing of the refused upload was kept
    response = client.post(
        f"/tai-khoan/khieu-nai/{complaint.uuid}/bang-chung/", {"evidence": upload("c.pdf", PDF)}
    )
    assert response.status_code == 302 and Evidence.objects.count() == 3


def test_evidence_bytes_per_address_per_day(settings, reader, other_reader, broker):
    settings.COMPLAINT_EVIDENCE_BYTES_PER_ADDRESS_PER_DAY = len(PDF)
    first, second = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.7")
    first.force_login(reader)
    second.force_login(other_reader)
    assert post_complaint(first, broker, evidence=[upload("a.pdf", PDF)]).status_code == 302
    assert post_complaint(second, broker, evidence=[upload("b.pdf", PDF)]).status_code == 429
    assert Complaint.objects.count() == 1


def test_reviews_per_account_and_per_address(client, settings, reader, broker):
    settings.REVIEWS_PER_ACCOUNT_PER_DAY = 1
    settings.REVIEWS_PER_ADDRESS_PER_DAY = 2
    second_broker = Broker.objects.create(name="Borealis FX", website="https://borealis.example")
    client.force_login(reader)
    url = f"/tra-cuu-san/{broker.slug}/danh-gia/"
    assert client.post(url, {"rating": "4", "comment": "Ổn."}).status_code == 302
    assert client.post(url, {"rating": "2", "comment": "Sửa lại."}).status_code == 302  # an edit
    response = client.post(
        f"/tra-cuu-san/{second_broker.slug}/danh-gia/", {"rating": "4", "comment": "Ổn."}
    )
    assert response.status_code == 429 and message(limits.REVIEWS) in response.text
    assert Review.objects.count() == 1 and Review.objects.get().rating == 2
    # Per address: two more readers behind the same address, the second one refused.
    for number, expected in ((1, 302), (2, 429)):
        other = Client()
        other.force_login(make_user(f"r{number}@example.com"))
        status = other.post(url, {"rating": "3", "comment": "Tạm."}).status_code
        assert status == expected
    assert Review.objects.count() == 2


def test_limits_are_counted_in_the_shared_cache(rf, settings, reader):
    """Every web process reads and writes the same counters (the default cache)."""
    from django.core.cache import cache

    settings.COMPLAINTS_PER_ACCOUNT_PER_DAY = 3
    request = rf.post("/")
    request.user = reader
    limits.reserve(request, (limits.COMPLAINTS, 2))
    day = timezone.localdate().isoformat()
    assert cache.get(f"limits:complaints:user:{reader.pk}:{day}") == 2
    with pytest.raises(limits.LimitExceeded):
        limits.reserve(request, (limits.COMPLAINTS, 2))
    assert cache.get(f"limits:complaints:user:{reader.pk}:{day}") == 2  # nothing kept


# -- the site-wide cap on new accounts ------------------------------------------------------------


def test_complaints_from_new_accounts_above_the_hourly_cap_are_held(
    client, staff_login, settings, manager, reader, broker, django_capture_on_commit_callbacks
):
    settings.COMPLAINT_NEW_ACCOUNT_CAP_PER_HOUR = 2
    newcomers = [make_user(f"new{n}@example.com", date_joined=timezone.now()) for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        sent = [make_complaint(user, broker) for user in newcomers]
    assert [c.held for c in sent] == [False, False, True, True]
    # An established account is never held by it.
    assert not make_complaint(reader, broker).held
    # Staff are alerted once an hour, by e-mail to the complaint managers (from the worker).
    run_queue()
    mail.outbox[:] = [m for m in mail.outbox if m.to == [manager.email]]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [manager.email]
    assert "Khiếu nại bị tạm giữ" in mail.outbox[0].subject
    staff_login(client, manager)
    queue = client.get("/admin/complaints/").text
    assert 'data-testid="held-notice"' in queue
    held_only = client.get("/admin/complaints/", {"held": "1"}).text
    assert sent[2].reference in held_only and sent[0].reference not in held_only
    # Held: not publishable until released.
    services.give_publication_consent(sent[2])
    with pytest.raises(services.RuleError):
        support.publish(sent[2])
    client.post(f"/admin/complaints/case/{sent[2].uuid}/release/")
    sent[2].refresh_from_db()
    assert not sent[2].held
    assert support.publish(sent[2]).published
