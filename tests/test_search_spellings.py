"""The accented spellings of a phrase in candidates' titles and summaries (engine._spellings),
read from where the folded match is when the text folds character for character, and by
counting words otherwise: both ways must give what counting words gives."""

from infofinance.search import engine
from infofinance.search.index import Document, _row
from infofinance.search.text import exact_form, folded_tokens, parse, spaced, tokens


def by_words(query, folded: str, exact: str) -> set[tuple[str, ...]]:
    """The plain definition: every window of the folded words that is the phrase (its last
    word also as a prefix), read in the exact words."""
    folded_words, exact_words = folded.split(), exact.split()
    if len(folded_words) != len(exact_words):
        return set()
    size, last = len(query.words), query.words[-1]
    found = set()
    for start in range(len(folded_words) - size + 1):
        window = folded_words[start : start + size]
        if window[:-1] == list(query.words[:-1]) and (
            window[-1] == last or (query.prefix and window[-1].startswith(last))
        ):
            found.add(tuple(exact_words[start : start + size]))
    return found


def head(text: str) -> tuple[str, str]:
    """The folded and exact texts the index stores for a title and summary."""
    return spaced(folded_tokens(text)), spaced(tokens(exact_form(text)))


TEXTS = [
    "Giá đô la hôm nay: đô la Mỹ tăng, lý do là lãi suất",
    "Lý do là gì? Đô la và đồng, do lạm phát, đô là",
    "Chứng khoán: chứng khoán phái sinh, chưng khoán, chung khoản",
    # not letter for letter: a numeral and a digraph fold to several letters, a fraction to
    # two words (then no spelling: the words are not the same ones), a combining mark
    "Thế kỷ Ⅻ: đô la, ǆ do la, Đô\u0301 la và đô la",
    "½ đô la",
    "Vàng SJC và giá vàng, GIÁ VÀNG nhẫn; gia vàng",
    "",
]
QUERIES = ["do la", "do lam", "chung khoan", "chung kho", "gia vang", "gia va", "la do", "dô la"]


def test_spellings_are_those_of_the_words_counted_one_by_one():
    for raw in QUERIES:
        query = parse(raw)
        needle = engine._needle(query.words, query.prefix)
        heads = [(n, *head(text)) for n, text in enumerate(TEXTS) if needle in head(text)[0]]
        assert heads or raw in {"la do", "do lam"}, raw
        found = engine._spellings(query, heads)
        for number, folded, exact in heads:
            assert found[number] == by_words(query, folded, exact), (raw, TEXTS[number])


def test_a_phrase_met_twice_gives_each_spelling():
    query = parse("do la")
    folded, exact = head("Đô la tăng, lý do là lãi suất")
    assert engine._spellings(query, [(1, folded, exact)]) == {1: {("đô", "la"), ("do", "là")}}


def test_texts_that_do_not_fold_letter_for_letter_are_read_word_by_word():
    query = parse("do la")
    folded, exact = head("Ⅻ: đô la")  # the numeral folds to three letters
    assert len(folded) != len(exact)
    assert engine._spellings(query, [(1, folded, exact)]) == {1: {("đô", "la")}}


def test_the_index_stores_the_heads_the_spellings_read():
    document = Document(kind="article", object_id=1, language="vi", title="Đô la", summary="tăng")
    row = _row(document)[0]
    assert (row.folded, row.exact) == head("Đô la tăng")
