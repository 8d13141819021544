"""How often words occur in the titles and summaries of the newest documents of a language,
read from the index itself (no word list): a query made only of common syllables (`do la`,
`gia vang`) must find two of them adjacent, and the accented syllables tell a word made of
syllables (`đô la`, whose syllables seldom occur apart) from common ones that meet by chance
(`lý do là`). Kept per process for SECONDS; any write to the index in this process drops it."""

import time
from collections import Counter
from dataclasses import dataclass

from .models import SearchDocument

# Languages written in syllables, whose words are often several of them (Vietnamese): a query
# of common ones needs two adjacent. English words are whole: every word anywhere will do.
SYLLABLES = ("vi",)
SAMPLE = 1000  # the newest documents of the language read
COMMON_SHARE = 0.05  # a word in at least this share of them is common...
COMMON_MIN = 5  # ...and in at least this many (a small index has no common words)
SECONDS = 300.0


@dataclass(frozen=True)
class Frequencies:
    size: int
    folded: Counter  # documents whose title or summary has the folded word
    exact: Counter  # the same for the accented syllable, as written

    @property
    def threshold(self) -> float:
        return max(COMMON_MIN, COMMON_SHARE * self.size)

    def common(self, word: str) -> bool:
        return self.folded.get(word, 0) >= self.threshold


_cache: dict[str, tuple[Frequencies, float]] = {}


def of_language(language: str) -> Frequencies:
    now = time.monotonic()
    cached = _cache.get(language)
    if cached is not None and now - cached[1] < SECONDS:
        return cached[0]
    folded: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    size = 0
    rows = (
        SearchDocument.objects.filter(language=language)
        .order_by("-id")
        .values_list("folded", "exact")[:SAMPLE]
    )
    for folded_text, exact_text in rows:
        size += 1
        folded.update(set(folded_text.split()))
        exact.update(set(exact_text.split()))
    frequencies = Frequencies(size, folded, exact)
    _cache[language] = (frequencies, now)
    return frequencies


def forget() -> None:
    _cache.clear()
