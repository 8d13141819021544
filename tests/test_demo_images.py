"""The generated demo illustrations draw every letter and symbol with a font that has it: no
missing-glyph box (tofu) in a picture."""

import pytest
from PIL import ImageDraw, ImageFont

from infofinance.demo import images
from infofinance.demo.services import read_authors_and_tags

# A code point no font maps: FreeType draws it with the font's .notdef glyph.
UNMAPPED = "\U0010ffff"


def notdef_chars(font, text: str) -> set[str]:
    notdef = font.getmask(UNMAPPED)
    missing = set()
    for char in set(text) - {" "}:
        mask = font.getmask(char)
        if mask.size == notdef.size and bytes(mask) == bytes(notdef):
            missing.add(char)
    return missing


@pytest.fixture
def drawn(monkeypatch):
    """Every (text, font) the generator hands to Pillow."""
    calls = []
    original = ImageDraw.ImageDraw.text

    def text(self, xy, value, *args, font=None, **kwargs):
        calls.append((value, font))
        return original(self, xy, value, *args, font=font, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
    return calls


def test_the_check_sees_a_missing_glyph():
    font = ImageFont.load_default(size=60)  # Pillow's Latin subset has no check mark
    assert notdef_chars(font, "✓") == {"✓"}
    assert notdef_chars(font, "Au") == set()


def test_every_drawn_glyph_is_in_its_font(drawn):
    authors, _ = read_authors_and_tags()
    for motif in images.PALETTES:
        images.illustration(motif, f"seed-{motif}", label="Giá vàng tăng — Đồng USD ơ ư")
    for key, author in authors.items():
        images.portrait(author["initials"], key)
    images.portrait("ĐƯ", "vietnamese-initials")
    texts = {value for value, _ in drawn}
    # The symbols and the Vietnamese label were drawn, not silently skipped.
    assert {s for s in images.SYMBOLS.values() if s} <= texts
    assert "Giá vàng tăng — Đồng USD ơ ư" in texts and "ĐƯ" in texts
    for value, font in drawn:
        assert font is not None
        assert not notdef_chars(font, value), (value, font.getname())
