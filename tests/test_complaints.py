"""Reporting a broker and the complainant's side: drafts, sending, consent, evidence checked by
content, my complaints with the timeline, evidence added later, cancellation; and the attacks of
the issue (CSRF, guessing ids, disguised files, huge uploads, image bombs, HTML, double submit)."""

import io
import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from PIL import Image

from infofinance.audit.models import SecurityEvent
from infofinance.complaints import services
from infofinance.complaints.models import (
    CONSENT_VERSION,
    CancellationRequest,
    Complaint,
    Evidence,
    Status,
)
from tests import complaints_support as support
from tests.complaints_support import (
    EXE,
    PDF,
    complaint_data,
    jpeg_with_gps,
    make_complaint,
    png_bomb,
    png_bytes,
    upload,
)

# Shared fixtures.
private_root = support.private_root
reader, other_reader, manager, broker = (
    support.reader,
    support.other_reader,
    support.manager,
    support.broker,
)

pytestmark = pytest.mark.django_db

SUBMIT = "/khieu-nai/gui/"
SUBMIT_EN = "/en/complaints/new/"


def vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def test_form_is_prefilled_from_the_account(client, reader, broker):
    client.force_login(reader)
    html = client.get(SUBMIT, {"broker": broker.slug}).text
    assert 'value="Nguyễn Văn An"' in html
    assert 'value="an@example.com"' in html
    assert re.search(rf'<option value="{broker.pk}" selected>Aurora Markets</option>', html)
    assert "csrfmiddlewaretoken" in html


def test_english_form_and_login_required(client, reader):
    response = client.get("/en/complaints/new/")
    assert response.status_code == 302 and "next=/en/complaints/new/" in response["Location"]
    client.force_login(reader)
    html = client.get("/en/complaints/new/").text
    assert "Report a broker" in html and "Send the complaint" in html


def test_send_a_complaint_with_an_image_and_a_pdf(client, reader, broker, private_root):
    client.force_login(reader)
    data = complaint_data(
        broker,
        evidence=[
            upload("anh chup.jpg", jpeg_with_gps(), "image/jpeg"),
            upload("hop-dong.pdf", PDF, "application/pdf"),
        ],
    )
    response = client.post(SUBMIT, data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tai-khoan/khieu-nai/{complaint.uuid}/"
    assert complaint.status == Status.NEW and complaint.submitted_at
    assert complaint.user == reader and complaint.broker == broker
    assert complaint.consent_at and complaint.consent_version == CONSENT_VERSION
    assert [(h.old_status, h.new_status) for h in complaint.history.all()] == [("draft", "new")]
    files = list(complaint.evidence.all())
    assert [f.content_type for f in files] == ["image/jpeg", "application/pdf"]
    # Stored outside the public media, under a random name.
    path = files[0].file.path
    assert path.startswith(str(private_root)) and "anh" not in path


def test_image_metadata_including_gps_is_removed(client, reader, broker):
    original = jpeg_with_gps()
    assert b"SecretCam" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    client.force_login(reader)
    client.post(SUBMIT, complaint_data(broker, evidence=[upload("gps.jpg", original)]))
    stored = Evidence.objects.get().file.read()
    assert b"SecretCam" not in stored and b"Exif" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.size == (64, 48) and not image.getexif()


def test_draft_then_edit_and_send(client, reader, broker):
    client.force_login(reader)
    data = complaint_data(broker)
    del data["send"]
    data["draft"] = "1"
    client.post(SUBMIT, data)
    complaint = Complaint.objects.get()
    assert complaint.status == Status.DRAFT and complaint.history.count() == 0
    edit = f"/tai-khoan/khieu-nai/{complaint.uuid}/sua/"
    assert "Nguyễn Văn An" in client.get(edit).text
    client.post(edit, complaint_data(broker, title="Tiêu đề đã sửa", token=str(uuid.uuid4())))
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.title == "Tiêu đề đã sửa"
    # Once sent it cannot be edited any more.
    assert client.get(edit)["Location"].endswith(f"/tai-khoan/khieu-nai/{complaint.uuid}/")


def test_new_broker_needs_a_name_and_a_valid_url(client, reader):
    client.force_login(reader)
    response = client.post(SUBMIT_EN, complaint_data(broker_name="", broker_url=""))
    assert response.status_code == 400
    assert "Choose the broker from the list or type its name." in response.text
    response = client.post(SUBMIT_EN, complaint_data(broker_url="javascript:alert(1)"))
    assert response.status_code == 400 and 'id="id_broker_url_error"' in response.text
    response = client.post(SUBMIT_EN, complaint_data(broker_url="ftp://x.example"))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0
    # What was typed is kept.
    assert "Không rút được 2.000 USD" in response.text


def test_consent_is_required(client, reader, broker):
    client.force_login(reader)
    data = complaint_data(broker)
    del data["consent"]
    response = client.post(SUBMIT_EN, data)
    assert response.status_code == 400
    assert "We cannot keep your complaint without your consent." in response.text
    assert not Complaint.objects.exists()


def test_double_submitted_form_creates_one_complaint(client, reader, broker):
    client.force_login(reader)
    first = client.post(SUBMIT_EN, complaint_data(broker))
    second = client.post(SUBMIT_EN, complaint_data(broker))
    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert SecurityEvent.objects.filter(action="double_submit").count() == 1
    follow = client.get(second["Location"])
    assert "This form was already sent" in follow.text


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.jpg", EXE, "is not a JPEG, PNG or WebP image nor a PDF document"),
        ("script.pdf", b"<script>alert(1)</script>", "is not a JPEG, PNG or WebP image"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "is not a valid image"),
        ("bomb.png", png_bomb(), "too large in pixels"),
    ],
)
def test_unsafe_files_are_refused_with_a_message_and_logged(
    client, reader, broker, name, content, message
):
    client.force_login(reader)
    response = client.post(SUBMIT_EN, complaint_data(broker, evidence=[upload(name, content)]))
    assert response.status_code == 400
    assert message in response.text.replace("&#x27;", "'")
    assert 'id="id_evidence_error"' in response.text
    assert not Complaint.objects.exists() and not Evidence.objects.exists()
    assert SecurityEvent.objects.filter(action="unsafe_upload", user=reader).exists()
    # The text typed is kept.
    assert "Tôi yêu cầu rút tiền ngày 3/1" in response.text


def test_bomb_below_pillows_own_limit_is_refused_by_ours(client, reader, broker, settings):
    settings.COMPLAINT_IMAGE_MAX_PIXELS = 1000
    client.force_login(reader)
    response = client.post(
        SUBMIT_EN, complaint_data(broker, evidence=[upload("x.png", png_bytes())])
    )
    assert "too large in pixels" in response.text and not Evidence.objects.exists()


def test_a_50_mb_upload_is_cut_off_while_it_arrives(client, reader, broker):
    client.force_login(reader)
    big = upload("huge.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (50 * 1024 * 1024))
    response = client.post(SUBMIT, complaint_data(broker, evidence=[big]))
    assert response.status_code == 400
    expected = vi("“%(name)s” is larger than %(limit)s.") % {"name": "huge.jpg", "limit": "10 MB"}
    assert expected in response.text
    assert not Complaint.objects.exists()
    assert SecurityEvent.objects.filter(action="unsafe_upload").exists()


def test_a_request_larger_than_any_form_is_refused_before_reading(client, reader, settings):
    settings.COMPLAINT_EVIDENCE_MAX_BYTES = 1024
    settings.COMPLAINT_EVIDENCE_MAX_FILES = 1
    client.force_login(reader)
    response = client.post(
        SUBMIT_EN, complaint_data(evidence=[upload("a.pdf", PDF + b"0" * (2 * 1024 * 1024))])
    )
    assert response.status_code == 413
    assert "The files are too large" in response.text
    assert SecurityEvent.objects.filter(action="upload_too_large").exists()


def test_too_many_files_are_refused(client, reader, broker, settings):
    settings.COMPLAINT_EVIDENCE_MAX_FILES = 2
    client.force_login(reader)
    files = [upload(f"{n}.pdf", PDF) for n in range(3)]
    response = client.post(SUBMIT, complaint_data(broker, evidence=files))
    assert response.status_code == 400 and "Mỗi lần gửi tối đa 2 tệp." in response.text


def test_missing_or_forged_csrf_token_is_refused_and_logged(reader, broker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(SUBMIT, complaint_data(broker))
    assert response.status_code == 403
    client.get(SUBMIT)  # sets the CSRF cookie
    response = client.post(SUBMIT, {**complaint_data(broker), "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert not Complaint.objects.exists()
    assert SecurityEvent.objects.filter(action="csrf").count() == 2
    complaint = make_complaint(reader, broker)
    response = client.post(
        f"/tai-khoan/khieu-nai/{complaint.uuid}/huy/", {"reason": "changed_mind"}
    )
    assert response.status_code == 403 and not complaint.cancellations.exists()
    response = client.post(
        f"/tai-khoan/khieu-nai/{complaint.uuid}/bang-chung/", {"evidence": upload("a.pdf", PDF)}
    )
    assert response.status_code == 403 and not complaint.evidence.exists()


def test_with_a_valid_csrf_token_the_form_works(reader, broker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    html = client.get(SUBMIT).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(SUBMIT, {**complaint_data(broker), "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Complaint.objects.count() == 1


def test_html_in_every_field_is_escaped(client, reader, manager, staff_login):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.force_login(reader)
    client.post(
        SUBMIT,
        complaint_data(
            broker_name=script,
            title=script,
            description=script,
            full_name=script,
            phone="<b>1</b>",
        ),
    )
    complaint = Complaint.objects.get()
    client.post(
        f"/tai-khoan/khieu-nai/{complaint.uuid}/huy/",
        {"reason": "other", "explanation": script},
    )
    services.add_public_update(complaint, text=script, user=manager)
    support.publish(complaint, title=script, text=script, confirm_all=True)
    pages = [
        client.get("/tai-khoan/khieu-nai/").text,
        client.get(f"/tai-khoan/khieu-nai/{complaint.uuid}/").text,
        Client().get(f"/khieu-nai/{complaint.public_slug}/").text,
        Client().get("/khieu-nai/").text,
    ]
    admin = staff_login(Client(), manager)
    pages.append(admin.get(f"/admin/complaints/case/{complaint.uuid}/").text)
    pages.append(admin.get("/admin/complaints/").text)
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in pages[1]


def test_my_complaints_lists_only_mine(client, reader, other_reader, broker):
    mine = make_complaint(reader, broker, title="Khiếu nại của tôi")
    make_complaint(other_reader, broker, title="Khiếu nại của người khác")
    client.force_login(reader)
    html = client.get("/tai-khoan/khieu-nai/").text
    assert "Khiếu nại của tôi" in html and "Khiếu nại của người khác" not in html
    assert mine.reference in html
    assert "My complaints" in client.get("/en/account/complaints/").text


def test_guessing_another_readers_complaint_or_evidence_is_a_logged_404(
    client, reader, other_reader, broker
):
    theirs = make_complaint(other_reader, broker)
    evidence = services.add_evidence(
        theirs, [services.CleanFile("a.pdf", PDF, "application/pdf")], other_reader
    )[0]
    client.force_login(reader)
    base = f"/tai-khoan/khieu-nai/{theirs.uuid}/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}tep/{evidence.uuid}/").status_code == 404
    assert client.post(f"{base}huy/", {"reason": "other"}).status_code == 404
    assert client.post(f"{base}bang-chung/", {"evidence": upload("b.pdf", PDF)}).status_code == 404
    assert client.get(f"/tai-khoan/khieu-nai/{uuid.uuid4()}/").status_code == 404
    # Integer ids are not routes at all.
    assert client.get(f"/tai-khoan/khieu-nai/{theirs.pk}/").status_code == 404
    actions = set(SecurityEvent.objects.filter(user=reader).values_list("action", flat=True))
    assert {"foreign_complaint", "evidence_download", "unknown_complaint"} <= actions
    assert theirs.cancellations.count() == 0 and theirs.evidence.count() == 1
    # Anonymous readers are sent to log in.
    assert Client().get(base).status_code == 302


def test_complainant_downloads_own_evidence_safely(client, reader, broker):
    complaint = make_complaint(reader, broker)
    image, pdf = services.add_evidence(
        complaint,
        [
            services.CleanFile("a.png", png_bytes(), "image/png"),
            services.CleanFile("b.pdf", PDF, "application/pdf"),
        ],
        reader,
    )
    client.force_login(reader)
    response = client.get(f"/tai-khoan/khieu-nai/{complaint.uuid}/tep/{image.uuid}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(f"/en/account/complaints/{complaint.uuid}/files/{pdf.uuid}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_private_files_are_not_under_public_media(settings):
    from infofinance.complaints.storage import private_storage

    assert not str(private_storage().location).startswith(str(settings.MEDIA_ROOT))


def test_add_evidence_later(client, reader, broker):
    complaint = make_complaint(reader, broker)
    client.force_login(reader)
    url = f"/en/account/complaints/{complaint.uuid}/evidence/"
    response = client.post(url, {"evidence": [upload("c.png", png_bytes())]}, follow=True)
    assert "Your evidence was added." in response.text
    assert complaint.evidence.count() == 1
    response = client.post(url, {"evidence": [upload("c.jpg", EXE)]}, follow=True)
    assert "is not a JPEG, PNG or WebP image" in response.text
    assert complaint.evidence.count() == 1


def test_cancellation_request_and_staff_decision(client, reader, manager, broker):
    reader.preferred_language = "en"
    reader.save()
    complaint = make_complaint(reader, broker, language="en")
    client.force_login(reader)
    url = f"/en/account/complaints/{complaint.uuid}/cancel/"
    response = client.post(url, {"reason": "settled", "explanation": "Đã thỏa thuận"}, follow=True)
    assert "staff will accept or refuse it" in response.text
    response = client.post(url, {"reason": "settled"}, follow=True)
    assert "You have already asked to cancel this case" in response.text
    assert complaint.cancellations.count() == 1
    services.decide_cancellation(complaint.cancellations.get(), accept=True, user=manager)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.close_reason == "cancelled"
    assert complaint.history.last().changed_by == manager
    html = client.get(f"/en/account/complaints/{complaint.uuid}/").text
    assert "Your request to cancel this case was accepted" in html
    assert CancellationRequest.objects.get().decision == "accepted"


@pytest.mark.parametrize("status", [Status.CLOSED, Status.RESOLVED, Status.REJECTED])
def test_cancellation_of_a_finished_case_is_refused_clearly(client, reader, broker, status):
    complaint = make_complaint(reader, broker, status=status)
    client.force_login(reader)
    response = client.post(
        f"/en/account/complaints/{complaint.uuid}/cancel/", {"reason": "other"}, follow=True
    )
    assert f"This case is already {status.label.lower()}: it cannot be cancelled." in response.text
    assert not complaint.cancellations.exists()
    assert SecurityEvent.objects.filter(action="rule", complaint=complaint).exists()


def test_timeline_shows_public_updates_but_never_internal_notes(client, reader, manager, broker):
    complaint = make_complaint(reader, broker, language="en", email="an@example.com")
    services.change_status(complaint, Status.UNDER_REVIEW, user=manager)
    services.add_note(complaint, text="Ghi chú nội bộ bí mật", files=[], user=manager)
    services.add_public_update(complaint, text="We wrote to the broker.", user=manager)
    client.force_login(reader)
    html = client.get(f"/en/account/complaints/{complaint.uuid}/").text
    assert "We wrote to the broker." in html
    assert "Ghi chú nội bộ bí mật" not in html
    assert "Status changed from New to Under review." in html


def test_public_update_is_emailed_in_the_complainants_language(
    reader, manager, broker, django_capture_on_commit_callbacks
):
    from tests.complaints_support import make_user

    vi = make_complaint(reader, broker, language="en")  # the profile's language wins
    english_reader = make_user("en@example.com", preferred_language="en")
    en = make_complaint(english_reader, broker, language="vi", title="English complaint")
    from tests.mail_support import run_queue

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_public_update(vi, text="Chúng tôi đã liên hệ sàn.", user=manager)
        services.add_public_update(en, text="We contacted the broker.", user=manager)
    run_queue()  # the worker sends them (complaints/notifications.py)
    assert len(mail.outbox) == 2
    first, second = mail.outbox
    assert first.to == ["an@example.com"] and "Chúng tôi đã liên hệ sàn." in first.body
    assert f"/tai-khoan/khieu-nai/{vi.uuid}/" in first.body and "Khiếu nại" in first.body
    assert second.subject.startswith("Update on your complaint")
    assert f"/en/account/complaints/{en.uuid}/" in second.body


def test_export_and_anonymise_for_data_rights(reader, broker):
    from infofinance.wiring import personal_data

    sent = make_complaint(reader, broker, title="Đã gửi")
    make_complaint(reader, broker, status=Status.DRAFT, title="Bản nháp")
    exported = personal_data.export_all(reader)
    assert {row["title"] for row in exported["complaints"]} == {"Đã gửi", "Bản nháp"}
    assert exported["complaints"][0]["email"] == "an@example.com"
    personal_data.erase_all(reader)
    sent.refresh_from_db()
    assert sent.user is None and sent.full_name == sent.email == sent.phone == ""
    assert sent.title == "Đã gửi" and sent.history.exists()
    assert not Complaint.objects.filter(title="Bản nháp").exists()


def test_upload_handler_drops_an_oversized_file_as_it_arrives(rf, settings):
    from infofinance.complaints.uploads import LimitedUploadHandler

    settings.COMPLAINT_EVIDENCE_MAX_BYTES = 1024
    request = rf.post("/x/", {"evidence": [upload("big.pdf", PDF + b"0" * 200_000)]})
    request.upload_handlers.insert(0, LimitedUploadHandler(request))
    assert "evidence" not in request.FILES  # never stored, in memory or on disk
    assert request.oversized_uploads == ["big.pdf"]


@pytest.mark.parametrize(
    "name,content,mime,stored_name",
    [
        ("photo.jpg", jpeg_with_gps(), "image/jpeg", "photo.jpg"),
        ("screen.jpg", png_bytes(), "image/png", "screen.png"),  # named by its content
        ("contract.PDF", PDF, "application/pdf", "contract.pdf"),
    ],
)
def test_valid_files_are_kept_with_the_type_of_their_content(name, content, mime, stored_name):
    from infofinance.complaints.uploads import clean_upload

    clean = clean_upload(upload(name, content))
    assert (clean.content_type, clean.name) == (mime, stored_name)


def test_webp_is_accepted_and_re_encoded():
    import io as _io

    from infofinance.complaints.uploads import clean_upload

    out = _io.BytesIO()
    Image.new("RGB", (30, 20), (1, 2, 3)).save(out, "WEBP")
    clean = clean_upload(upload("a.webp", out.getvalue()))
    assert clean.content_type == "image/webp"
    assert Image.open(_io.BytesIO(clean.content)).format == "WEBP"
