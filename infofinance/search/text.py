"""Words of a document or a query, and highlighting. Folding is text.search_text.fold, the same
for the index and the query; tokens are runs of letters and digits (what SQLite's unicode61 and
PostgreSQL's 'simple' parser both treat as words), so a query is built only from tokens and
never carries a reader's quotes, operators or SQL."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from infofinance.text.search_text import clean_query, fold

TOKEN = re.compile(r"[^\W_]+")
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MIN_PREFIX = 2  # a last word shorter than this is matched whole, never as a prefix


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def exact_form(text: str) -> str:
    """Case folded, diacritics kept (NFC): `Giá  VÀNG` → `giá vàng`."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text or "").casefold())


def spaced(words: list[str]) -> str:
    """` a b c `: words between single spaces, so `instr(x, ' a b')` finds a phrase start."""
    return f" {' '.join(words)} " if words else ""


def folded_tokens(text: str) -> list[str]:
    return tokens(fold(text))


@dataclass(frozen=True)
class Query:
    text: str  # cleaned, as typed (shown back to the reader)
    words: tuple[str, ...]  # folded tokens, at most MAX_WORDS
    exact_words: tuple[str, ...]  # the typed words (case folded) that carry diacritics
    prefix: bool  # the last word also matches as a prefix

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    def __bool__(self):
        return bool(self.words)


def parse(raw: str) -> Query:
    text = clean_query(raw, MAX_QUERY_LENGTH)
    typed = tokens(exact_form(text))[:MAX_WORDS]
    words, exact_words = [], []
    for word in typed:
        folded = folded_tokens(word)
        words.extend(folded)
        if folded and " ".join(folded) != word:
            exact_words.append(word)
    words = words[:MAX_WORDS]
    prefix = bool(words) and len(words[-1]) >= MIN_PREFIX
    return Query(text, tuple(words), tuple(exact_words), prefix)


# -- highlighting ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char) or (" " if char.isspace() else "")


def _fold_map(text: str) -> tuple[str, list[int] | range]:
    """The folded text character by character (no whitespace collapsing), with, for each
    folded character, the index of the original character it came from. When every character
    folds to exactly one (precomposed text, the usual case) it is one `str.translate`."""
    table = {ord(char): _fold_char(char) for char in set(text)}
    if all(len(folded) == 1 for folded in table.values()):
        return text.translate(table), range(len(text))
    out, origin = [], []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if len(folded) == 1:
            out.append(folded)
            origin.append(index)
        else:
            for folded_char in folded:
                out.append(folded_char)
                origin.append(index)
    return "".join(out), origin


def highlight(text: str, query: Query, *, around: int | None = None) -> SafeString:
    """`text` escaped, with the query's words wrapped in <mark>. With `around`, only a window of
    about that many characters, starting shortly before the first match."""
    text = text or ""
    if not query:
        return escape(text[:around] if around else text)
    folded, origin = _fold_map(text)
    alternatives = sorted(set(query.words), key=len, reverse=True)
    pattern = r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in alternatives) + ")"
    if not query.prefix:
        pattern += r"(?![^\W_])"
    else:
        # every word but the last must end at a word boundary; the last may be a prefix
        last = re.escape(query.words[-1])
        whole = [re.escape(w) for w in alternatives if w != query.words[-1]]
        parts = [rf"(?:{w})(?![^\W_])" for w in whole] + [rf"{last}[^\W_]*"]
        pattern = r"(?<![^\W_])(?:" + "|".join(parts) + ")"
    spans = []
    for match in re.finditer(pattern, folded):
        if match.end() > match.start():
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    start, end = 0, len(text)
    if around and len(text) > around:
        if spans:
            start = max(0, spans[0][0] - around // 4)
            while start > 0 and not text[start - 1].isspace():
                start -= 1
        end = min(len(text), start + around)
        while end < len(text) and not text[end].isspace() and end - start < around + 30:
            end += 1
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_start >= end:
            continue
        span_end = min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
