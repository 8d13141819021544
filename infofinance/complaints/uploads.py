"""Evidence files checked by their content, not their name: JPEG, PNG or WebP images (verified
by Pillow, refused above a pixel budget, re-encoded without metadata such as GPS) and PDF
documents. Oversized files are cut off while the request is read (LimitedUploadHandler), and
over-long file names are reported on the field instead of failing the whole request."""

import html
import io
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http.multipartparser import MultiPartParser
from django.utils.http import parse_header_parameters
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


# Longer names are refused (no file system keeps them). A part's headers must also fit in
# Django's 1 KB (multipartparser.MAX_TOTAL_HEADER_SIZE): beyond it the whole request is a bare
# 400 page, so a name that would not fit is shortened while the body is read, then refused.
MAX_NAME_CHARS = 255
PART_HEADER_BUDGET = 960


class LimitedUploadHandler(FileUploadHandler):
    """First in the chain: counts each file's bytes and skips a file as soon as it passes the
    limit, so the rest of it is discarded as it arrives instead of being stored. The names of
    skipped files are kept on the request for the form to report. It also reads the body
    through ShortFileNames, and marks the files whose names it had to shorten."""

    def __init__(self, request=None):
        super().__init__(request)
        request.oversized_uploads = []
        self.received = 0
        self._parsing = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:
            return None  # the parser below, calling back: let it parse
        self._parsing = True
        body = ShortFileNames(input_data, boundary)
        post, files = MultiPartParser(META, body, self.request.upload_handlers, encoding).parse()
        for _field, uploads in files.lists():
            for upload in uploads:
                if upload.name in body.shortened:
                    upload.name_too_long = True
        return post, files

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


class ShortFileNames:
    """A multipart body as Django's parser reads it, each part's headers looked at on the way:
    a file name longer than MAX_NAME_CHARS, or one that makes the part's headers too long for
    Django, is replaced by a short form of it ("first characters…last characters.ext"), kept
    in `shortened` as Django will name the file."""

    CHUNK = 64 * 1024
    HEADER_LIMIT = 16 * 1024  # beyond this, not a part header: passed on as it is

    def __init__(self, stream, boundary: bytes):
        self.shortened: set[str] = set()
        self._source = stream
        self._delimiter = b"--" + boundary
        self._pending = bytearray()  # read, not yet looked at
        self._ready = bytearray()  # looked at, to be handed out
        self._ended = False

    def read(self, size=-1):
        while not self._ended and (size is None or size < 0 or len(self._ready) < size):
            chunk = self._source.read(self.CHUNK)
            if chunk:
                self._pending += chunk
                self._scan(final=False)
            else:
                self._ended = True
                self._scan(final=True)
                self._ready += self._pending
                self._pending.clear()
        if size is None or size < 0 or size > len(self._ready):
            size = len(self._ready)
        out = bytes(self._ready[:size])
        del self._ready[:size]
        return out

    def _scan(self, final: bool) -> None:
        pending, delimiter = self._pending, self._delimiter
        while True:
            at = pending.find(delimiter)
            if at < 0:
                keep = 0 if final else len(delimiter)  # a delimiter may straddle two chunks
                self._move(max(0, len(pending) - keep))
                return
            start = at + len(delimiter)
            end = pending.find(b"\r\n\r\n", start, start + self.HEADER_LIMIT)
            if end < 0:
                if not final and len(pending) - start < self.HEADER_LIMIT:
                    self._move(at)  # wait for the rest of this part's headers
                    return
                self._move(start)  # the closing delimiter, or no header: passed on
                continue
            self._move(start)
            header = bytes(pending[: end - start])
            del pending[: end - start]
            self._ready += self._shorten(header)

    def _move(self, count: int) -> None:
        self._ready += self._pending[:count]
        del self._pending[:count]

    def _shorten(self, header: bytes) -> bytes:
        lines = header.split(b"\r\n")
        for index, line in enumerate(lines):
            try:
                text = line.decode()
                kind, params = parse_header_parameters(text)
            except ValueError:
                continue
            if not kind.startswith("content-disposition:") or not params.get("filename"):
                continue
            name = _basename(params["filename"])
            if len(name) <= MAX_NAME_CHARS and len(header) <= PART_HEADER_BUDGET:
                continue
            short = _short_name(name)
            self.shortened.add(_basename(short))
            field = _quotable(params.get("name", ""))
            lines[index] = (
                f'Content-Disposition: form-data; name="{field}"; filename="{short}"'.encode()
            )
        return b"\r\n".join(lines)


def _basename(name: str) -> str:
    """The name as Django's MultiPartParser.sanitize_file_name gives it to the upload."""
    name = html.unescape(name).rsplit("/")[-1].rsplit("\\")[-1]
    return "".join(char for char in name if char.isprintable())


def _quotable(text: str) -> str:
    return "".join("_" if char in '"\\\r\n' else char for char in text)


def _short_name(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    short = f"{stem[:60]}…{stem[-12:]}" + (f".{extension}" if extension else "")
    return _quotable(short).replace("&", "_")


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def clean_upload(upload) -> CleanFile:
    """The safe content of one uploaded file, or a ValidationError that says why not."""
    name = (upload.name or "file")[-150:]
    if getattr(upload, "name_too_long", False):
        raise ValidationError(
            _(
                "The name of “%(name)s” is too long: rename the file (at most %(limit)s "
                "characters) and send it again."
            )
            % {"name": name, "limit": MAX_NAME_CHARS}
        )
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
