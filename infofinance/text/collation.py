"""Sorting names the Vietnamese way: case ignored, letters in the Vietnamese alphabet's order
(a ă â b c d đ e ê … o ô ơ … u ư …, the Latin letters Vietnamese lacks in their usual
places), tones only breaking ties (no tone, huyền, hỏi, ngã, sắc, nặng).

    sorted(names, key=collation_key)
"""

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Tone marks (combining characters), in the dictionary's order; the other marks (breve,
# circumflex, horn) make a letter of their own.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_DIGIT, _LETTER, _OTHER = 1, 2, 3


def _letter(char: str) -> tuple[tuple[int, int], int]:
    """(primary weight, tone) of one character of casefolded text."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = next((_TONES[mark] for mark in decomposed if mark in _TONES), 0)
    base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
    if base in _RANK:
        return (_LETTER, _RANK[base]), tone
    if base.isdigit():
        return (_DIGIT, int(base) if base.isdecimal() else ord(base)), tone
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", base) if not unicodedata.combining(c)
    )
    if stripped in _RANK:  # a letter of another language (é in a French name): as its base
        return (_LETTER, _RANK[stripped]), tone
    return (_OTHER, ord(base[:1] or " ")), tone


def collation_key(text: str) -> tuple[tuple, tuple, str]:
    """A sort key: words compared letter by letter in the Vietnamese order, spaces and
    punctuation ignored but for separating words, then tones, then the text as written."""
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    folded = unicodedata.normalize("NFC", (text or "").casefold())
    for char in folded:
        if not char.isalnum():
            continue
        weight, tone = _letter(char)
        primary.append(weight)
        tones.append(tone)
    return (tuple(primary), tuple(tones), text or "")


def sort_by_name(items, name=lambda item: str(item)):
    """`items` sorted by `name(item)` with `collation_key`."""
    return sorted(items, key=lambda item: collation_key(name(item)))
