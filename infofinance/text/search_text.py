"""One folding function for indexing and querying alike: case, diacritics and đ/Đ ignored."""

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """`Đồng USD` → `dong usd`; `Giá VÀNG` → `gia vang`."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_D_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def clean_query(text: str, max_length: int = 200) -> str:
    """What a reader typed, safe for any database: no control characters (PostgreSQL refuses
    NUL), whitespace collapsed, bounded length."""
    printable = "".join(c if unicodedata.category(c) != "Cc" else " " for c in str(text or ""))
    return " ".join(printable.split())[:max_length]
