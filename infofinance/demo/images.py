"""Generated illustrations for the demo content: abstract, original, made with Pillow from a
motif name and a seed, so no photograph is copied into the repository."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1200, 675

PALETTES = {
    "gold": ((92, 62, 8), (214, 164, 46), (255, 226, 140)),
    "oil": ((18, 22, 28), (52, 64, 80), (230, 120, 40)),
    "chart-up": ((6, 52, 44), (18, 120, 90), (120, 230, 170)),
    "chart-down": ((64, 10, 18), (150, 34, 48), (255, 150, 150)),
    "currency": ((10, 40, 80), (30, 96, 160), (160, 210, 255)),
    "globe": ((8, 30, 60), (20, 80, 130), (140, 200, 240)),
    "shield": ((14, 44, 70), (40, 100, 150), (250, 200, 60)),
    "warning": ((70, 40, 0), (190, 110, 0), (255, 220, 80)),
    "book": ((40, 30, 60), (90, 70, 140), (230, 210, 255)),
    "phone": ((20, 20, 40), (60, 60, 110), (120, 220, 255)),
    "bank": ((30, 40, 50), (80, 100, 120), (220, 230, 240)),
    "crypto": ((30, 10, 50), (100, 40, 150), (250, 170, 60)),
}
SYMBOLS = {
    "gold": "Au",
    "oil": "WTI",
    "currency": "USD/VND",
    "crypto": "BTC",
    "bank": "%",
    "warning": "!",
    "shield": "✓",
    "book": "101",
    "globe": "",
    "phone": "",
    "chart-up": "▲",
    "chart-down": "▼",
}


def _gradient(top, bottom) -> Image.Image:
    base = Image.new("RGB", (WIDTH, HEIGHT), top)
    draw = ImageDraw.Draw(base)
    for y in range(HEIGHT):
        t = y / HEIGHT
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    return base


# Fonts that cover Vietnamese and the symbols drawn here, in order of preference; Pillow's own
# font (a small Latin subset) is the last resort.
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
# A code point no font maps: FreeType draws it with the font's .notdef glyph (the "tofu" box).
_UNMAPPED = "\U0010ffff"


def _candidate_fonts(size: int) -> list[ImageFont.FreeTypeFont | ImageFont.ImageFont]:
    fonts: list[ImageFont.FreeTypeFont | ImageFont.ImageFont] = []
    for path in FONT_FILES:
        try:
            fonts.append(ImageFont.truetype(path, size))
        except OSError:  # not installed here
            continue
    try:
        fonts.append(ImageFont.load_default(size=size))
    except TypeError:  # Pillow without FreeType
        fonts.append(ImageFont.load_default())
    return fonts


def missing_glyphs(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, text: str) -> set[str]:
    """The characters of `text` that `font` would draw as its .notdef box."""
    notdef = font.getmask(_UNMAPPED)
    notdef_bytes = bytes(notdef)
    missing = set()
    for char in set(text):
        if char.isspace():
            continue
        mask = font.getmask(char)
        if mask.size == notdef.size and bytes(mask) == notdef_bytes:
            missing.add(char)
    return missing


def font_for(text: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont | None:
    """The first font that has a glyph for every character of `text`, or None."""
    for font in _candidate_fonts(size):
        if not missing_glyphs(font, text):
            return font
    return None


def _draw_text(draw: ImageDraw.ImageDraw, xy, text: str, size: int, fill) -> None:
    font = font_for(text, size)
    if font is not None:  # rather no text than a box in place of a letter
        draw.text(xy, text, font=font, fill=fill)


def _chart(draw, rnd, colour, rising: bool) -> None:
    points, y = [], HEIGHT * (0.7 if rising else 0.3)
    for i in range(25):
        x = i * WIDTH / 24
        y += rnd.uniform(-38, 18) if rising else rnd.uniform(-18, 38)
        y = min(max(y, HEIGHT * 0.12), HEIGHT * 0.88)
        points.append((x, y))
    draw.line(points, fill=colour, width=9, joint="curve")
    for i in range(0, 24, 2):
        h = rnd.uniform(40, 160)
        x = i * WIDTH / 24 + 10
        draw.rectangle([x, HEIGHT - h, x + 26, HEIGHT], fill=(*colour, 70))


def _shapes(draw, rnd, motif: str, light) -> None:
    if motif in {"chart-up", "chart-down"}:
        _chart(draw, rnd, light, motif == "chart-up")
    elif motif == "globe":
        cx, cy, r = WIDTH * 0.68, HEIGHT * 0.5, 250
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=light, width=6)
        for k in range(1, 4):
            w = r * k / 4
            draw.ellipse([cx - w, cy - r, cx + w, cy + r], outline=light, width=3)
            draw.line(
                [cx - r, cy - r + 2 * r * k / 4, cx + r, cy - r + 2 * r * k / 4],
                fill=light,
                width=3,
            )
    elif motif in {"gold", "crypto", "currency"}:
        for _ in range(9):
            r = rnd.uniform(45, 120)
            x, y = rnd.uniform(WIDTH * 0.4, WIDTH - 60), rnd.uniform(60, HEIGHT - 60)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(*light, 150), outline=light, width=5)
    elif motif == "warning":
        cx, cy = WIDTH * 0.7, HEIGHT * 0.52
        draw.polygon(
            [(cx, cy - 230), (cx + 250, cy + 200), (cx - 250, cy + 200)], outline=light, width=14
        )
    elif motif == "shield":
        cx, cy = WIDTH * 0.7, HEIGHT * 0.5
        draw.polygon(
            [
                (cx - 180, cy - 200),
                (cx + 180, cy - 200),
                (cx + 180, cy),
                (cx, cy + 230),
                (cx - 180, cy),
            ],
            outline=light,
            width=12,
        )
    elif motif == "oil":
        for i in range(7):
            x = WIDTH * 0.45 + i * 95
            h = rnd.uniform(180, 420)
            draw.rounded_rectangle(
                [x, HEIGHT - h, x + 70, HEIGHT - 40], radius=18, fill=(*light, 120)
            )
    else:  # book, phone, bank: columns and rows
        for i in range(6):
            x = WIDTH * 0.48 + i * 100
            draw.rectangle([x, HEIGHT * 0.35, x + 50, HEIGHT * 0.8], fill=(*light, 110))
        draw.polygon(
            [
                (WIDTH * 0.45, HEIGHT * 0.33),
                (WIDTH * 0.97, HEIGHT * 0.33),
                (WIDTH * 0.71, HEIGHT * 0.12),
            ],
            fill=(*light, 140),
        )


def illustration(motif: str, seed: str, label: str = "") -> bytes:
    """A 1200×675 JPEG for `motif`, different for every seed."""
    rnd = random.Random(seed)
    dark, mid, light = PALETTES.get(motif, PALETTES["chart-up"])
    image = _gradient(dark, mid).convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(14):  # soft background texture
        r = rnd.uniform(60, 260)
        x, y = rnd.uniform(0, WIDTH), rnd.uniform(0, HEIGHT)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(*light, rnd.randint(8, 28)))
    overlay = overlay.filter(ImageFilter.GaussianBlur(30))
    draw = ImageDraw.Draw(overlay)
    _shapes(draw, rnd, motif, light)
    symbol = SYMBOLS.get(motif, "")
    if symbol:
        _draw_text(draw, (70, HEIGHT - 250), symbol, 150, (*light, 230))
    if label:
        _draw_text(draw, (72, 60), label, 40, (255, 255, 255, 220))
    image = Image.alpha_composite(image, overlay).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def portrait(initials: str, seed: str) -> bytes:
    """A 400×400 PNG avatar with initials: demo authors are fictional people."""
    rnd = random.Random(seed)
    hue = rnd.random() * math.tau
    colour = tuple(int(110 + 70 * math.sin(hue + k * 2.1)) for k in range(3))
    image = Image.new("RGB", (400, 400), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse([60, 40, 340, 320], fill=tuple(min(255, c + 40) for c in colour))
    font = font_for(initials, 130)
    if font is None:
        initials, font = "", _candidate_fonts(130)[-1]
    box = draw.textbbox((0, 0), initials, font=font)
    draw.text(
        ((400 - box[2] - box[0]) / 2, (360 - box[3] - box[1]) / 2),
        initials,
        font=font,
        fill=(255, 255, 255),
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
