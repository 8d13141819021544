"""Data rights by the opaque link of every e-mail (docs/privacy.md): the link grants its
recipient's address without showing it in any encoding, opens without a login a page in the
reader's language to download everything we hold about that address or ask for its erasure,
which is done only from a second link mailed to the address; expired or altered links get a
clear page, never a 500; every kind of e-mail we send carries the link, valid for its
recipient; the held-complaints alert goes through the worker with a stable Message-ID, and a
retried message carries the same link. Links of the earlier signed format keep working until
they expire."""

import base64
import json
import re
import secrets
from datetime import timedelta
from io import StringIO
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from infofinance.accounts.data_rights import ERASE_MAX_AGE, KEEP_EXPIRED, purge_expired_tokens
from infofinance.accounts.models import DataRightsToken
from infofinance.audit.models import AccountEvent
from infofinance.complaints import services
from infofinance.complaints.models import Complaint, Status
from infofinance.core.mail import (
    DATA_RIGHTS_LINK_MAX_AGE,
    address_from_token,
    data_rights_url,
    token_digest,
)
from infofinance.reviews.models import HideReason, Review
from tests import complaints_support as support
from tests import mail_support
from tests.complaints_support import make_complaint, make_user
from tests.mail_support import body, run_queue, subject, worker_died_after_sending

private_root, smtp = support.private_root, mail_support.smtp
reader, manager, broker = support.reader, support.manager, support.broker

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r"http://testserver(/tai-khoan/du-lieu-ca-nhan|/en/account/personal-data)/([^/\s]+)/"
)
ERASE_LINK = re.compile(
    r"http://testserver(?:/tai-khoan/du-lieu-ca-nhan/xoa|/en/account/personal-data/erase)/"
    r"[^/\s]+/"
)


def data_link(text: str) -> tuple[str, str]:
    """(language, address) of the data-rights link in an e-mail's text."""
    found = LINK.findall(text)
    assert found, text
    prefix, token = found[-1]
    return ("en" if prefix.startswith("/en/") else "vi"), address_from_token(token)


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


@pytest.fixture
def complaint_of_a_relative(reader, broker):
    """Sent from An's account, naming another person's address as its contact: that person has
    no account."""
    return make_complaint(
        reader, broker, email="Chi.Hoa@Example.com", full_name="Lê Thị Hoa", phone="0912345678"
    )


# The link and its page


def test_the_page_opens_without_login_in_both_languages(structure, complaint_of_a_relative):
    client = Client()
    vi = client.get(path_of(data_rights_url("chi.hoa@example.com", "vi")))
    assert vi.status_code == 200
    assert "Dữ liệu cá nhân của bạn" in vi.text and "chi.hoa@example.com" in vi.text
    assert vi["Cache-Control"].startswith("max-age=0") or "no-cache" in vi["Cache-Control"]
    en = client.get(path_of(data_rights_url("chi.hoa@example.com", "en")))
    assert en.status_code == 200
    assert "Your personal data" in en.text and "Dữ liệu cá nhân" not in en.text


def test_the_download_holds_what_names_the_address_in_the_account_format(
    structure, reader, complaint_of_a_relative, broker
):
    Review.objects.create(broker=broker, user=reader, rating=2, comment="Rút tiền rất chậm.")
    client = Client(enforce_csrf_checks=False)
    url = path_of(data_rights_url("chi.hoa@example.com", "vi"))
    response = client.post(url, {"action": "download"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == "infofinance-personal-data/1"
    assert data["email_address"] == "chi.hoa@example.com"
    assert data["account"] is None  # no account has this address
    assert data["reviews"] == []  # An's review is An's, not the contact's
    assert [row["reference"] for row in data["complaints"]] == [complaint_of_a_relative.reference]
    assert data["complaints"][0]["full_name"] == "Lê Thị Hoa"
    # The account's address: the account export's content, under the same keys.
    logged_in = Client()
    logged_in.force_login(reader)
    export = json.loads(logged_in.post("/tai-khoan/du-lieu-ca-nhan/tai-ve/").content)
    mine = json.loads(
        client.post(
            path_of(data_rights_url("AN@example.com", "en")), {"action": "download"}
        ).content
    )
    assert set(mine) == set(export) | {"email_address"}
    assert mine["account"] == export["account"] and mine["reviews"] == export["reviews"]
    assert {row["reference"] for row in mine["complaints"]} == {
        row["reference"] for row in export["complaints"]
    }


@pytest.mark.parametrize(
    ("language", "phrase"), [("vi", "Liên kết này đã hết hạn"), ("en", "This link has expired")]
)
def test_an_expired_link_says_so_in_the_readers_language(structure, language, phrase):
    url = path_of(data_rights_url("an@example.com", language))
    almost = timezone.now() + timedelta(seconds=DATA_RIGHTS_LINK_MAX_AGE - 60)
    with freeze_time(almost):
        assert Client().get(url).status_code == 200
    later = timezone.now() + timedelta(seconds=DATA_RIGHTS_LINK_MAX_AGE + 60)
    with freeze_time(later):
        response = Client().get(url)
    assert response.status_code == 400
    assert phrase in response.text


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        ("/tai-khoan/du-lieu-ca-nhan/", "Liên kết này không hợp lệ"),
        ("/en/account/personal-data/", "This link is not valid"),
    ],
)
def test_an_altered_link_is_refused_with_a_clear_page(structure, prefix, phrase):
    token = data_rights_url("an@example.com", "vi").rsplit("/", 2)[1]
    changed = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]  # one character
    never_issued = secrets.token_urlsafe(32)  # our format, not ours
    legacy_forged = signing.TimestampSigner(salt="another.salt").sign_object("an@example.com")
    for bad in (changed, token[:-3] + "abc", never_issued, legacy_forged, "not-a-token"):
        response = Client().get(f"{prefix}{bad}/")
        assert response.status_code == 404
        assert phrase in response.text
    erase = "/en/account/personal-data/erase/" if prefix.startswith("/en/") else None
    erase = erase or "/tai-khoan/du-lieu-ca-nhan/xoa/"
    assert Client().get(f"{erase}{token}/").status_code == 404  # another purpose's token
    assert Client().get(f"{prefix}{token}/").status_code == 200  # the token itself works


def encodings_of(address: str) -> set[str]:
    """The address as a token could carry it: plain, URL-quoted, and base64 (standard and
    URL-safe, with and without padding) of the address and of its JSON (Django signing)."""
    found = {address, quote(address), quote(address, safe="")}
    for value in (address, json.dumps(address), json.dumps(address, separators=(",", ":"))):
        raw = value.encode()
        for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
            text = encoded.decode()
            found |= {text, text.rstrip("=")}
    return found


def test_the_links_in_a_sent_email_do_not_carry_the_address_in_any_encoding(
    structure, smtp, django_capture_on_commit_callbacks
):
    address = "chi.hoa@example.com"
    client = Client()
    page = path_of(data_rights_url(address, "vi"))
    assert not [form for form in encodings_of(address) if form in page]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"action": "erase", "confirm": "1"})
    run_queue()
    text = body(smtp.messages[0])
    urls = re.findall(r"https?://\S+", text)
    assert any("/du-lieu-ca-nhan/xoa/" in url for url in urls)  # the confirmation link
    assert any(LINK.fullmatch(url) for url in urls)  # and the data-rights link
    for url in urls:
        leaked = [form for form in encodings_of(address) if form in url]
        assert not leaked, (url, leaked)
    # What is stored is the token's digest: a copy of the table opens no page.
    tokens = [LINK.fullmatch(url).group(2) for url in urls if LINK.fullmatch(url)]
    row = DataRightsToken.objects.get(digest=token_digest(tokens[0]))
    assert row.address == address and row.purpose == "access"
    assert not DataRightsToken.objects.filter(digest__in=tokens).exists()


def test_a_link_of_the_earlier_signed_format_works_until_it_expires(structure):
    legacy = signing.TimestampSigner(salt="infofinance.data-rights.link").sign_object(
        "an@example.com"
    )
    response = Client().get(f"/en/account/personal-data/{legacy}/")
    assert response.status_code == 200 and "an@example.com" in response.text
    with freeze_time(timezone.now() + timedelta(seconds=DATA_RIGHTS_LINK_MAX_AGE + 60)):
        expired = Client().get(f"/tai-khoan/du-lieu-ca-nhan/{legacy}/")
    assert expired.status_code == 400 and "Liên kết này đã hết hạn" in expired.text
    erase = signing.TimestampSigner(salt="infofinance.data-rights.erase").sign_object(
        {"a": "an@example.com", "u": []}
    )
    assert Client().get(f"/en/account/personal-data/erase/{erase}/").status_code == 200
    assert Client().get(f"/en/account/personal-data/{erase}/").status_code == 404
    with freeze_time(timezone.now() + timedelta(seconds=ERASE_MAX_AGE + 60)):
        assert Client().get(f"/en/account/personal-data/erase/{erase}/").status_code == 400


def test_expired_tokens_are_purged_after_a_grace(structure):
    token = data_rights_url("an@example.com", "vi").rsplit("/", 2)[1]
    sooner = timedelta(seconds=DATA_RIGHTS_LINK_MAX_AGE) + KEEP_EXPIRED - timedelta(hours=1)
    with freeze_time(timezone.now() + sooner):
        assert purge_expired_tokens() == 0  # still told "expired"
        assert Client().get(f"/en/account/personal-data/{token}/").status_code == 400
    later = timedelta(seconds=DATA_RIGHTS_LINK_MAX_AGE) + KEEP_EXPIRED + timedelta(hours=1)
    with freeze_time(timezone.now() + later):
        assert purge_expired_tokens() == 1
        assert Client().get(f"/en/account/personal-data/{token}/").status_code == 404
    assert not DataRightsToken.objects.exists()


def test_the_token_table_has_its_migration():
    out = StringIO()
    call_command("makemigrations", "accounts", "--check", "--dry-run", stdout=out)
    from importlib import import_module

    migration = import_module("infofinance.accounts.migrations.0005_data_rights_token").Migration
    assert [op.name for op in migration.operations] == ["DataRightsToken"]


def test_the_pages_are_rate_limited_per_client_address(structure, settings):
    settings.DATA_RIGHTS_REQUESTS_PER_HOUR = 3
    client = Client()
    url = path_of(data_rights_url("an@example.com", "vi"))
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert client.get("/tai-khoan/du-lieu-ca-nhan/bad-token/").status_code == 429
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.RATE_LIMITED)
    assert ":" not in event.path  # the log keeps no valid token


# Erasure: asked from the link, confirmed from a second link mailed to the address


def ask_erasure(client, address, language, callbacks):
    with callbacks(execute=True):
        response = client.post(
            path_of(data_rights_url(address, language)), {"action": "erase", "confirm": "1"}
        )
    run_queue()
    return response


def test_erasure_of_an_address_without_account_needs_the_mailed_confirmation(
    structure, reader, complaint_of_a_relative, smtp, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    url = path_of(data_rights_url("chi.hoa@example.com", "vi"))
    page = client.get(url)
    csrf = page.cookies["csrftoken"].value
    refused = client.post(url, {"action": "erase", "csrfmiddlewaretoken": csrf})
    assert refused.status_code == 400 and "Đánh dấu vào ô" in refused.text
    assert client.post(url, {"action": "erase", "confirm": "1"}).status_code == 403  # no CSRF
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"action": "erase", "confirm": "1", "csrfmiddlewaretoken": csrf})
    assert sent.status_code == 200 and 'data-testid="erasure-sent"' in sent.text
    run_queue()
    complaint_of_a_relative.refresh_from_db()
    assert complaint_of_a_relative.email == "Chi.Hoa@Example.com"  # nothing erased yet
    assert len(smtp.raw) == 1
    message = smtp.messages[0]
    assert message["To"] == "chi.hoa@example.com"
    assert subject(message) == "Xác nhận xoá dữ liệu của bạn tại Info Finance"
    confirm = path_of(ERASE_LINK.search(body(message)).group(0))
    assert confirm.startswith("/tai-khoan/du-lieu-ca-nhan/xoa/")
    assert client.get(confirm).status_code == 200  # a GET shows, never erases
    complaint_of_a_relative.refresh_from_db()
    assert complaint_of_a_relative.phone == "0912345678"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(confirm, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert done.status_code == 200 and 'data-testid="erasure-done"' in done.text
    complaint_of_a_relative.refresh_from_db()
    assert (complaint_of_a_relative.email, complaint_of_a_relative.full_name) == ("", "")
    assert complaint_of_a_relative.phone == "" and complaint_of_a_relative.user == reader
    run_queue()
    assert len(smtp.raw) == 2
    assert subject(smtp.messages[1]) == "Dữ liệu của bạn tại Info Finance đã được xoá"
    # Both carry the data-rights link, like every e-mail we send; the erasure revoked the
    # links mailed before it (the first), the confirmation's own is new and valid.
    first, _last = (LINK.findall(body(m))[-1] for m in smtp.messages)
    assert client.get(f"{first[0]}/{first[1]}/").status_code == 404
    assert data_link(body(smtp.messages[1])) == ("vi", "chi.hoa@example.com")
    assert (
        DataRightsToken.objects.filter(address="chi.hoa@example.com", purpose="access").count() == 1
    )
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_erasure_of_an_accounts_address_deletes_the_account_as_account_deletion_does(
    structure, reader, broker, smtp, django_capture_on_commit_callbacks
):
    complaint = make_complaint(reader, broker)
    Review.objects.create(broker=broker, user=reader, rating=2, comment="Rút tiền rất chậm.")
    client = Client()
    response = ask_erasure(client, "an@example.com", "en", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=reader.pk).exists()  # the link alone erases nothing
    message = smtp.messages[0]
    assert subject(message) == "Confirm the erasure of your data at Info Finance"
    assert "the account is deleted for good" in body(message)
    confirm = path_of(ERASE_LINK.search(body(message)).group(0))
    assert confirm.startswith("/en/account/personal-data/erase/")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm).status_code == 200
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert not Review.objects.exists()
    complaint.refresh_from_db()
    assert complaint.user is None and complaint.email == "" and complaint.full_name == ""
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.ACCOUNT_DELETED)
    assert event.identifier == f"user #{reader.pk}" and ":" not in event.path
    # Used: a second use (or an account made since with that address) is not erased by it.
    newcomer = make_user("an@example.com")
    again = client.post(confirm)
    assert again.status_code == 400
    assert get_user_model().objects.filter(pk=newcomer.pk).exists()


# Every e-mail we send carries the link, valid for its recipient


def test_every_kind_of_email_carries_the_recipients_data_rights_link(
    client,
    structure,
    reader,
    manager,
    broker,
    settings,
    staff_login,
    smtp,
    django_capture_on_commit_callbacks,
):
    emma = make_user("emma@example.com", preferred_language="en")
    callbacks = django_capture_on_commit_callbacks
    expected = {}  # Message subject → (language, address)
    with callbacks(execute=True):
        complaint = make_complaint(reader, broker)  # receipt
        services.change_status(complaint, Status.UNDER_REVIEW, user=manager)  # status
        services.add_public_update(complaint, text="Chúng tôi đã liên hệ sàn.", user=manager)
        english = make_complaint(emma, broker, email="emma@example.com")
    run_queue()
    review = Review.objects.create(broker=broker, user=emma, rating=1, comment="Slow payouts.")
    staff = staff_login(Client(), manager)
    with callbacks(execute=True):
        staff.post(
            f"/admin/broker_reviews/edit/{review.pk}/",
            {"hidden": "on", "hidden_reason_code": HideReason.OFF_TOPIC, "hidden_reason": "x"},
        )
    run_queue()
    # Held complaints: the managers' alert.
    settings.COMPLAINT_NEW_ACCOUNT_CAP_PER_HOUR = 1
    newcomers = [make_user(f"new{n}@example.com", date_joined=english.created_at) for n in "ab"]
    with callbacks(execute=True):
        for newcomer in newcomers:
            make_complaint(newcomer, broker, email=newcomer.email)
    run_queue()
    # allauth's: a password reset in English, a sign-up's verification in Vietnamese.
    Client().post("/en/account/password/reset/", {"email": "emma@example.com"})
    Client().post(
        "/tai-khoan/signup/",
        {
            "email": "moi@example.com",
            "display_name": "Người mới",
            "password1": "Mot-mat-khau-dai-2026",
            "password2": "Mot-mat-khau-dai-2026",
            "privacy_consent": "on",
        },
    )
    messages = smtp.messages
    kinds = {str(m["Message-ID"]).split(".")[0].strip("< ") for m in messages}
    assert {
        "complaint-receipt",
        "complaint-status",
        "complaint-update",
        "review-hidden",
        "complaints-held",
    } <= kinds
    for message in messages:
        language, address = data_link(body(message))
        assert address == str(message["To"]).lower()
        expected[subject(message)] = language
    assert expected[f"Chúng tôi đã nhận được khiếu nại {complaint.reference} của bạn"] == "vi"
    assert expected[f"We received your complaint {english.reference}"] == "en"
    assert expected["Your review of Aurora Markets is hidden"] == "en"
    assert expected["[Info Finance] Reset your password"] == "en"
    assert expected["[Info Finance] Xác nhận địa chỉ e-mail"] == "vi"


def test_allauth_emails_carry_the_link_in_the_readers_language(structure, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_user("emma@example.com", preferred_language="en")
    Client().post("/tai-khoan/password/reset/", {"email": "emma@example.com"})
    Client().post(
        "/tai-khoan/signup/",
        {
            "email": "moi@example.com",
            "display_name": "Người mới",
            "password1": "Mot-mat-khau-dai-2026",
            "password2": "Mot-mat-khau-dai-2026",
            "privacy_consent": "on",
        },
    )
    found = {message.to[0]: data_link(message.body) for message in mail.outbox}
    assert found == {
        "emma@example.com": ("en", "emma@example.com"),
        "moi@example.com": ("vi", "moi@example.com"),
    }
    reset = mail.outbox[0].body
    assert reset.index("/en/account/password/reset/key/") < reset.index("/en/account/personal")


# The held-complaints alert: from the worker, once an hour, one Message-ID


def test_held_complaints_alert_is_sent_by_the_worker_once_with_a_stable_message_id(
    manager, broker, settings, smtp, django_capture_on_commit_callbacks
):
    settings.COMPLAINT_NEW_ACCOUNT_CAP_PER_HOUR = 1
    newcomers = [make_user(f"new{n}@example.com", date_joined=manager.date_joined) for n in "abc"]
    from django.utils import timezone

    for newcomer in newcomers:
        newcomer.date_joined = timezone.now()
        newcomer.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = [make_complaint(user, broker, email=user.email) for user in newcomers]
    assert [c.held for c in sent] == [False, True, True]
    alerts = lambda: [m for m in smtp.messages if str(m["To"]) == manager.email]  # noqa: E731
    assert alerts() == []  # the request sends nothing itself
    run_queue()
    assert len(alerts()) == 1
    message = alerts()[0]
    hour = sent[1].submitted_at.strftime("%Y%m%d%H")
    assert str(message["Message-ID"]).strip() == f"<complaints-held.{hour}.{manager.pk}@testserver>"
    assert subject(message) == "Khiếu nại bị tạm giữ: nhiều tài khoản mới đang gửi khiếu nại"
    assert data_link(body(message)) == ("vi", manager.email)
    # A worker that died after sending: the tasks run again, the alert is the same message.
    assert worker_died_after_sending() > 0
    run_queue()
    assert len(alerts()) == 2 and len({str(m["Message-ID"]) for m in alerts()}) == 1
    # The same message, link included: the retry derived the same token, kept once.
    assert len({LINK.findall(body(m))[-1] for m in alerts()}) == 1
    assert len({body(m) for m in alerts()}) == 1
    token = LINK.findall(body(alerts()[0]))[-1][1]
    assert DataRightsToken.objects.filter(digest=token_digest(token)).count() == 1
    assert Complaint.objects.filter(held=True).count() == 2
