"""Re-encoded evidence carries the pixels and nothing else the reader's camera or editor wrote:
no JPEG comment (COM) segment, no EXIF, XMP or text chunk. Only the orientation survives."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from infofinance.complaints import uploads

SECRET = b"<!-- secret -->"


def exif_with_camera(orientation=None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x9286] = "secret note"  # UserComment
    if orientation:
        exif[0x0112] = orientation
    return exif


def jpeg_with_comment(orientation=None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        out,
        "JPEG",
        comment=SECRET,
        exif=exif_with_camera(orientation),
        xmp=b"<x:xmpmeta>secret-xmp</x:xmpmeta>",
    )
    data = out.getvalue()
    assert SECRET in data and b"SecretCam" in data  # the segments are really there
    return data


def markers(jpeg: bytes) -> list[int]:
    """The JPEG segment markers before the image data (start of scan)."""
    found, at = [], 2
    while at < len(jpeg) and jpeg[at] == 0xFF:
        marker = jpeg[at + 1]
        found.append(marker)
        if marker == 0xDA:
            break
        at += 2 + int.from_bytes(jpeg[at + 2 : at + 4], "big")
    return found


def clean(name: str, data: bytes) -> bytes:
    return uploads.clean_upload(SimpleUploadedFile(name, data)).content


def test_jpeg_comment_exif_and_xmp_are_stripped():
    out = clean("photo.jpg", jpeg_with_comment())
    for secret in (SECRET, b"secret", b"SecretCam", b"xmpmeta"):
        assert secret not in out
    assert 0xFE not in markers(out)  # no COM segment at all
    assert not {m for m in markers(out) if 0xE1 <= m <= 0xEF}  # no APP1..APP15
    with Image.open(io.BytesIO(out)) as image:
        assert image.size == (64, 48) and "comment" not in image.info


def test_the_orientation_is_the_only_exif_kept():
    out = clean("photo.jpg", jpeg_with_comment(orientation=6))
    assert SECRET not in out and b"SecretCam" not in out and b"secret" not in out
    with Image.open(io.BytesIO(out)) as image:
        assert dict(image.getexif()) == {0x0112: 6}


@pytest.mark.parametrize("fmt,name", [("PNG", "shot.png"), ("WEBP", "shot.webp")])
def test_png_and_webp_text_and_exif_are_stripped(fmt, name):
    out = io.BytesIO()
    options = {"exif": exif_with_camera()}
    if fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SECRET.decode())
        options["pnginfo"] = text
    else:
        options["xmp"] = b"<x:xmpmeta>secret-xmp</x:xmpmeta>"
    Image.new("RGBA", (32, 32), (0, 0, 255, 128)).save(out, fmt, **options)
    assert b"SecretCam" in out.getvalue()
    cleaned = clean(name, out.getvalue())
    for secret in (SECRET, b"SecretCam", b"secret"):
        assert secret not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.mode == "RGBA" and image.getpixel((1, 1))[3] == 128


def test_a_palette_png_keeps_its_transparency_without_conversion():
    source = Image.new("P", (20, 20), 3)
    source.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] * 64)
    out = io.BytesIO()
    source.save(out, "PNG", transparency=3)
    with Image.open(io.BytesIO(clean("palette.png", out.getvalue()))) as image:
        assert image.mode == "P" and image.info.get("transparency") == 3
