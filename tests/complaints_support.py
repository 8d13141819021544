"""Builders shared by the complaint and review tests: readers, staff, brokers, files (valid,
disguised, bombs) and complaints in any status."""

import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from infofinance.brokers.models import Broker
from infofinance.complaints import services
from infofinance.complaints.models import Complaint, Status


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def make_user(email, *, staff=False, groups=(), verified=True, **extra):
    """A user as allauth's mandatory verification leaves them: their address verified (pass
    `verified=False` for an account that never confirmed it). An account of some weeks (the cap
    on complaints from new accounts does not apply to it) unless `date_joined` is given."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    extra.setdefault("date_joined", timezone.now() - timedelta(days=30))
    user = User.objects.create_user(
        username=email.split("@")[0], email=email, password="x-Secret-123", is_staff=staff, **extra
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def reader(db):
    return make_user("an@example.com", display_name="Nguyễn Văn An")


@pytest.fixture
def other_reader(db):
    return make_user("binh@example.com", display_name="Trần Thị Bình")


@pytest.fixture
def manager(db):
    return make_user("manager@infofinance.example", staff=True, groups=["Complaint managers"])


@pytest.fixture
def broker(db):
    return Broker.objects.create(name="Aurora Markets", website="https://aurora.example")


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (10.0, 46.0, 30.0)
    gps[3], gps[4] = "E", (106.0, 40.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def png_bomb(width=60000, height=60000) -> bytes:
    """A few hundred bytes that claim billions of pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def complaint_data(broker=None, **overrides):
    data = {
        "broker": broker.pk if broker else "",
        "broker_name": "" if broker else "Fake FX Ltd",
        "broker_url": "" if broker else "https://fake-fx.example",
        "category": "cannot_withdraw",
        "title": "Không rút được 2.000 USD",
        "description": "Tôi yêu cầu rút tiền ngày 3/1 nhưng sàn không xử lý.",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.com",
        "phone": "0901234567",
        "consent": "on",
        "token": "9b1f6a5e-0c1d-4d3e-9a7b-1c2d3e4f5a6b",
        "send": "1",
    }
    data.update(overrides)
    return data


def make_complaint(
    user, broker=None, *, status=Status.NEW, title="Sàn không cho rút tiền", published=False, **kw
) -> Complaint:
    data = {
        "broker": broker,
        "broker_name": "" if broker else "Fake FX Ltd",
        "category": kw.pop("category", "cannot_withdraw"),
        "title": title,
        "description": kw.pop("description", "Mô tả chi tiết sự việc."),
        "full_name": kw.pop("full_name", "Nguyễn Văn An"),
        "email": kw.pop("email", "an@example.com"),
        "phone": kw.pop("phone", "0901234567"),
    }
    complaint, _ = services.save_complaint(
        user=user,
        data=data,
        files=[],
        send=status != Status.DRAFT,
        language=kw.pop("language", "vi"),
    )
    if status not in (Status.DRAFT, Status.NEW):
        Complaint.objects.filter(pk=complaint.pk).update(status=status)
        complaint.refresh_from_db()
    for field, value in kw.items():
        setattr(complaint, field, value)
    if kw:
        complaint.save()
    if published:
        publish(complaint)
    return complaint


def publish(
    complaint, *, title: str = "", text: str = "", confirm_all: bool = False, **public
) -> Complaint:
    """Publish as staff do: the complainant's consent to publication, then a staff-written
    public title and text (by default the reader's title and a neutral text); `confirm_all`
    ticks every finding of the personal-data check."""
    services.give_publication_consent(complaint)
    public = {
        "public_title_vi": title or complaint.title,
        "public_text_vi": text or "Nhà đầu tư cho biết sàn không xử lý yêu cầu.",
        **public,
    }
    confirmed = (
        [f.key for f in services.unconfirmed_findings(complaint, public)] if confirm_all else ()
    )
    return services.set_publication(complaint, published=True, public=public, confirmed=confirmed)
