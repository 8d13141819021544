"""Ticket codes, manage tokens and QR codes (docs/design/events.md §4.5).

A ticket code is 8 characters of Crockford base32 (40 bits from `secrets`): short enough to type
at the door, printed as `K7M2-9QXD`. The manage token of a registration is derived from its
uuid with the site's secret, so every e-mail about it (and every retry of one) carries the same
link while the database keeps only the token's SHA-256."""

import base64
import hashlib
import io
import re
import secrets

from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
CODE_LENGTH = 8
_TOKEN_SALT = "infofinance.events.ticket"  # noqa: S105 - an HMAC salt, not a secret
# Crockford's decoding: the letters a reader may type for the digits they look like.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")


def new_ticket_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A typed or scanned code as stored: upper case, without spaces or hyphens, O read as 0
    and I, L as 1; "" when it cannot be a ticket code."""
    code = _SEPARATORS.sub("", (text or "").strip()).upper().translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return ""
    return code


def format_code(code: str) -> str:
    """`K7M29QXD` → `K7M2-9QXD`, as printed on the ticket."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if code else ""


def manage_token(registration) -> str:
    """The secret of the registration's links (43 characters of base64url)."""
    digest = salted_hmac(_TOKEN_SALT, str(registration.uuid), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_digest(token: str) -> str:
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def _qr(code: str):
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(code)
    qr.make(fit=True)
    return qr


def qr_svg(code: str) -> SafeString:
    """The code as an inline SVG (no XML declaration), for the ticket page."""
    from qrcode.image.svg import SvgPathImage

    image = _qr(code).make_image(image_factory=SvgPathImage)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    return mark_safe(svg)  # noqa: S308 - built by qrcode from a ticket code, no reader text


def qr_png(code: str) -> bytes:
    """The code as a PNG, the same bytes every time (the ticket e-mail's attachment)."""
    from qrcode.image.pil import PilImage

    image = _qr(code).make_image(image_factory=PilImage, fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
