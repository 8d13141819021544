"""A file name of 1,000 characters is a field error on the evidence field, with the text typed
kept and nothing saved, instead of Django's bare 400 page (its multipart parser refuses part
headers over 1 KB). The body is built by hand: Django's test client cuts names to 255."""

import io

import pytest
from django.test.client import encode_multipart

from infofinance.complaints.models import Complaint, Evidence
from infofinance.complaints.uploads import ShortFileNames
from tests import complaints_support as support
from tests.complaints_support import PDF, complaint_data, png_bytes

private_root, reader, broker = support.private_root, support.reader, support.broker
pytestmark = pytest.mark.django_db
BOUNDARY = "----FormBoundaryLongNames"


def body_with_files(data: dict, files: list[tuple[str, bytes, str]]) -> bytes:
    """The form's fields, then each file as a browser sends it (a raw UTF-8 name)."""
    body = encode_multipart(BOUNDARY, data)
    body = body[: body.rindex(f"--{BOUNDARY}--".encode())]
    for name, content, content_type in files:
        body += (
            (
                f"--{BOUNDARY}\r\n"
                f'Content-Disposition: form-data; name="evidence"; filename="{name}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    return body + f"--{BOUNDARY}--\r\n".encode()


def post(client, url, files, **data):
    return client.generic(
        "POST",
        url,
        body_with_files(complaint_data(**data), files),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


@pytest.mark.parametrize(
    "name",
    ["a" * 1000 + ".pdf", "Sao kê tài khoản " * 60 + ".pdf", "x" * 300 + ".pdf"],
    ids=["1000 ascii", "1000 vietnamese", "300 under the header limit"],
)
def test_a_very_long_file_name_is_a_field_error_and_nothing_is_saved(client, reader, broker, name):
    client.force_login(reader)
    response = post(client, "/khieu-nai/gui/", [(name, PDF, "application/pdf")], broker=broker)
    assert response.status_code == 400
    assert 'id="id_evidence_error"' in response.text
    assert "quá dài: hãy đổi tên tệp (tối đa 255 ký tự) rồi gửi lại." in response.text
    assert "Tôi yêu cầu rút tiền ngày 3/1" in response.text  # what was typed is kept
    assert not Complaint.objects.exists() and not Evidence.objects.exists()


def test_the_message_names_the_file_shortly_in_english(client, reader, broker):
    client.force_login(reader)
    name = "statement-" + "b" * 990 + ".png"
    files = [(name, png_bytes(), "image/png"), ("ok.pdf", PDF, "application/pdf")]
    response = post(client, "/en/complaints/new/", files, broker=broker)
    assert response.status_code == 400
    assert "The name of “statement-bbb" in response.text
    assert "bbbb.png” is too long: rename the file (at most 255 characters)" in response.text
    assert "b" * 100 not in response.text
    assert not Evidence.objects.exists()


def test_files_with_ordinary_names_next_to_it_are_kept_as_before(client, reader, broker):
    client.force_login(reader)
    files = [("Hợp đồng mở tài khoản.pdf", PDF, "application/pdf")]
    response = post(client, "/khieu-nai/gui/", files, broker=broker)
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "Hợp đồng mở tài khoản.pdf"


def test_the_body_is_unchanged_when_no_name_is_too_long():
    body = body_with_files({"title": "x" * 200_000}, [("a.pdf", PDF * 5000, "application/pdf")])
    for size in (1, 7, 1000, 65536):
        reader = ShortFileNames(io.BytesIO(body), BOUNDARY.encode())
        read = b"".join(iter(lambda: reader.read(size), b""))
        assert read == body and not reader.shortened
