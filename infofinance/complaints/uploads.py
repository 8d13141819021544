"""Evidence files checked by their content, not their name: JPEG, PNG or WebP images (verified
by Pillow, refused above a pixel budget, re-encoded without metadata such as GPS) and PDF
documents. Oversized files are cut off while the request is read (LimitedUploadHandler)."""

import io
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from PIL import Image

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def max_file_bytes() -> int:
    return settings.COMPLAINT_EVIDENCE_MAX_BYTES


def max_files() -> int:
    return settings.COMPLAINT_EVIDENCE_MAX_FILES


def max_request_bytes() -> int:
    """A whole form with the maximum number of maximum-size files, plus the text fields."""
    return max_files() * max_file_bytes() + 1024 * 1024


@dataclass
class CleanFile:
    name: str
    content: bytes
    content_type: str


class LimitedUploadHandler(FileUploadHandler):
    """First in the chain: counts each file's bytes and skips a file as soon as it passes the
    limit, so the rest of it is discarded as it arrives instead of being stored. The names of
    skipped files are kept on the request for the form to report."""

    def __init__(self, request=None):
        super().__init__(request)
        request.oversized_uploads = []
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_file_bytes():
            self.request.oversized_uploads.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def clean_upload(upload) -> CleanFile:
    """The safe content of one uploaded file, or a ValidationError that says why not."""
    name = (upload.name or "file")[-150:]
    if upload.size > max_file_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": _megabytes(max_file_bytes())}
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime == "application/pdf" and head.startswith(b"%PDF-"):
        upload.seek(0)
        return CleanFile(_safe_name(name, mime), upload.read(), mime)
    if mime not in IMAGE_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG or WebP image nor a PDF document.") % {"name": name}
        )
    upload.seek(0)
    return CleanFile(_safe_name(name, mime), reencode_image(upload, mime, name), mime)


# Modes each format saves as they are decoded, so that no converted copy of the pixels is made.
SAVE_MODES = {
    "JPEG": {"L", "RGB", "CMYK"},
    "PNG": {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"},
    "WEBP": {"RGB", "RGBA"},
}
ORIENTATION = 0x0112


def reencode_image(source, mime: str, name: str) -> bytes:
    """Decode the image within a pixel budget and save a fresh copy: EXIF (GPS included), XMP,
    comments and any data hidden after the image are left behind. One decoded copy of the pixels
    is held at a time (about 4 bytes a pixel): a photo's orientation is kept as the only EXIF
    tag rather than by rotating the pixels into a second copy."""
    refused = ValidationError(_("“%(name)s” is not a valid image.") % {"name": name})
    bomb = ValidationError(
        _("“%(name)s” is too large in pixels (an image bomb?); send a smaller image.")
        % {"name": name}
    )
    limit = settings.COMPLAINT_IMAGE_MAX_PIXELS
    fmt = IMAGE_TYPES[mime]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as probe:
                if probe.format != fmt:
                    raise refused
                width, height = probe.size
                if width * height > limit:
                    raise bomb  # read from the header: nothing decoded yet
                probe.verify()
            source.seek(0)
            with Image.open(source) as image:
                orientation = image.getexif().get(ORIENTATION, 1)
                image.load()
                if image.mode not in SAVE_MODES[fmt]:
                    image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
                return _encode(image, fmt, orientation)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except Exception:
        raise refused from None


def _encode(image, fmt: str, orientation: int) -> bytes:
    """Only the pixels, the orientation and (PNG palettes) the transparency are written: the
    decoder's info (comments, XMP, EXIF, ICC, text chunks) is dropped rather than passed on, as
    Pillow's JPEG writer would otherwise copy a COM segment."""
    transparency = image.info.get("transparency") if fmt == "PNG" else None
    image.info = {}
    options = {}
    if transparency is not None:
        options["transparency"] = transparency
    if orientation in range(2, 9):
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        options["exif"] = exif.tobytes()
    out = io.BytesIO()
    if fmt == "JPEG":
        # No `optimize`: its second pass buffers a whole frame of coefficients.
        image.save(out, "JPEG", quality=88, comment=b"", **options)
    elif fmt == "PNG":
        image.save(out, "PNG", compress_level=6, **options)
    else:
        image.save(out, "WEBP", quality=88, **options)
    return out.getvalue()


def _safe_name(name: str, mime: str) -> str:
    """The reader's file name for display, with the extension its content deserves."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0][:100] or "file"
    return stem + EXTENSIONS[mime]
