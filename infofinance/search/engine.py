"""Full-text queries, one implementation per database behind `candidates()`.

Matching: every folded word of the query (the last one also as a prefix) in the title, the
summary or the body. When every word is common (`frequency`: `do la`, `gia vang`), two of them
must also be adjacent, or syllables of different words met by chance flood the results.

Big result sets are narrowed before ranking, so a common syllable at a million rows costs about
the same as a rare one: the candidates of a kind are its most recent
matches anywhere (at most the kind's limit, `limit_for`) and its most recent matches in the
title (title, aliases, abbreviations; at most `TITLE_LIMIT`). The index is written oldest first,
so the highest ids are the newest documents. The title matches are searched over all time, so an
old article whose title is what the reader typed is found even under thousands of newer articles
that only mention the words. A GIN index cannot return matches newest first (it reads every
match, then sorts), so on PostgreSQL the most recent matches of a big kind are looked for row by
row among the newest ids first (`WINDOWS`), and below them through the GIN index ANDed with the
id buckets that the density found says hold the rest (`BUCKET_SHIFT`, `MARGIN`), over all older
ids only for rare words: the same candidates, without reading every match of a common word.

Ranking, highest first: results in the page's language before the others (a complaint published
in Vietnamese only, listed on the English page); then the score: the typed words adjacent (a
phrase) in the title or summary, less when the accented syllables found there are common ones
met by chance while another spelling of the phrase is a word (`lý do là` beside `đô la`); all
words there, whole words above prefixes; the exact accented words the reader typed; the phrase
anywhere, the body included; recency of dated documents; the document's own weight. bm25 and
ts_rank are left out: they read every candidate's positions and cost more than the whole rest of
the query. The same
cases hold on both databases; order may differ only among equal scores."""

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import NamedTuple

from django.db import connection

from infofinance.text.search_text import fold

from . import frequency, index
from .text import Query

LIMITS: dict[str, int] = {}  # per kind, over the limit its source registered
DEFAULT_LIMIT = 300
TITLE_LIMIT = 100  # the most recent title matches of a kind, beside its most recent matches
# PostgreSQL: kinds with many documents are searched newest ids first: the first WINDOWS[0] ids
# row by row; then, when the matches found there say the limit will be reached within the
# newest WINDOWS[1] ids, those row by row; then (or else) the rest through the GIN index. The
# other kinds are few (brokers, regulators, complaints) and always read row by row.
WINDOWED = ("article",)
WINDOWS = (5_000, 150_000)
PHRASE, ALL_WORDS, ACCENTS, RECENCY = 8.0, 3.0, 3.0, 2.0
WHOLE = 2.0  # every word whole in the title or summary (the phrase, for several words)
BODY_PHRASE = 3.0  # the phrase anywhere, the body included
CHANCE_PHRASE = 1.0  # the phrase in the title or summary, its syllables met by chance
# A spelling of the phrase is a word when its syllables occur together more often than apart;
# one that does this CHANCE times less than the best spelling found is a chance meeting.
CHANCE = 3.0


@dataclass
class Filters:
    language: str = "vi"
    kinds: tuple[str, ...] = ()  # () = every registered kind
    both_languages: bool = False
    section_id: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None


class Hit(NamedTuple):  # a tuple: a thousand of them are made per search
    id: int
    kind: str
    object_id: int
    language: str  # listed in
    text_language: str  # written in
    score: float


def adjacent(query: Query, language: str) -> bool:
    """Whether two words of the query must be adjacent: several words, every one common."""
    if len(set(query.words)) < 2 or language not in frequency.SYLLABLES:
        return False
    frequencies = frequency.of_language(language)
    return all(frequencies.common(word) for word in query.words)


def limit_for(kind: str) -> int:
    if kind in LIMITS:
        return LIMITS[kind]
    source = index.SOURCES.get(kind)
    return source.limit if source is not None and source.limit else DEFAULT_LIMIT


def title_limit(kind: str) -> int:
    return min(TITLE_LIMIT, limit_for(kind))


def candidates(query: Query, filters: Filters, limits: dict[str, int] | None = None) -> list[Hit]:
    """Matching documents of every wanted kind, best first (at most the kind's limit each)."""
    if not query:
        return []
    kinds = [k for k in (filters.kinds or tuple(index.SOURCES)) if k in index.SOURCES]
    if not kinds:
        return []
    limits = {kind: (limits or {}).get(kind, limit_for(kind)) for kind in kinds}
    run = _postgresql if connection.vendor == "postgresql" else _sqlite
    pairs = adjacent(query, filters.language)
    rows = run(query, filters, kinds, limits, pairs)
    if len(query.words) > 1:
        bonus = _phrase_bonus(query, filters.language, rows)
        hits = [
            Hit(r[0], r[1], r[2], r[3], r[4] or r[3], float(r[5] or 0) + bonus[r[0]]) for r in rows
        ]
    else:  # no phrase
        hits = [Hit(r[0], r[1], r[2], r[3], r[4] or r[3], float(r[5] or 0)) for r in rows]
    # (written in the page's language first, -score, -id), in sorts on one field each, which
    # keep the order of equal ones (two sorts in C instead of a key tuple per hit)
    hits.sort(key=_ID, reverse=True)
    hits.sort(key=_SCORE, reverse=True)
    language = filters.language
    if any(hit.text_language != language for hit in hits):
        hits = [h for h in hits if h.text_language == language] + [
            h for h in hits if h.text_language != language
        ]
    return hits


_ID, _SCORE = itemgetter(0), itemgetter(5)


def _phrase_bonus(query: Query, language: str, rows) -> dict[int, float]:
    """The phrase in the title or summary (rows: ..., then the two columns of `_head`):
    PHRASE, plus WHOLE when its last word is whole, or CHANCE_PHRASE when its accented
    syllables met there by chance. Only for a query typed without diacritics: what the reader
    typed is their spelling otherwise."""
    bonus = dict.fromkeys((row[0] for row in rows), 0.0)
    if len(query.words) < 2:
        return bonus
    if query.exact_words:
        # row[6]: 0, or 1 for the phrase there, 2 for the phrase with its last word whole
        for row in rows:
            if row[6]:
                bonus[row[0]] = PHRASE + (WHOLE if row[6] == 2 else 0.0)
        return bonus
    # row[6], row[7]: the folded and exact title and summary (at least where the phrase is)
    needle, whole = _needle(query.words, query.prefix), _needle(query.words, False)
    heads = [(row[0], row[6], row[7]) for row in rows if row[6] and needle in row[6]]
    spellings = _spellings(query, heads)
    strength = {}
    if any(spellings.values()):
        exact = frequency.of_language(language).exact
        found = Counter(spelling for found in spellings.values() for spelling in found)
        # how often the spelling occurs together, against its rarest syllable alone
        strength = {s: n / max(1, min(exact.get(w, 0) for w in s)) for s, n in found.items()}
    best = max(strength.values(), default=0.0)
    for key, folded, _exact in heads:
        spelled = spellings[key]
        if spelled and max(strength[s] for s in spelled) * CHANCE < best:
            bonus[key] = CHANCE_PHRASE
        else:
            bonus[key] = PHRASE + (WHOLE if whole in folded else 0.0)
    return bonus


def _spellings(query: Query, heads) -> dict[int, set[tuple[str, ...]]]:
    """The accented spellings of the query's phrase in each title and summary (heads: id,
    folded and exact texts, both spaced the same way, word for word: the n-th word of one is
    the n-th of the other). One loop for every candidate: a thousand are read per search."""
    needle, size = _needle(query.words, query.prefix), len(query.words)
    spellings: dict[int, set[tuple[str, ...]]] = {}
    for key, folded, exact in heads:
        found: set[tuple[str, ...]] = set()
        spellings[key] = found
        if folded.count(" ") != exact.count(" "):
            continue
        exact_words: list[str] | None = None
        position = folded.find(needle)
        while position >= 0:
            first = folded.count(" ", 0, position)  # the words before it
            # Precomposed text folds character for character: then the match's first space is
            # at the same place in the exact text (checked: a space, with as many before it),
            # and its words are read from there; otherwise the words are counted.
            if exact[position : position + 1] == " " and exact.count(" ", 0, position) == first:
                end = position
                for _ in range(size):
                    end = exact.find(" ", end + 1)
                found.add(tuple(exact[position + 1 : end].split(" ")))
            else:
                if exact_words is None:
                    exact_words = exact.split()
                found.add(tuple(exact_words[first : first + size]))
            position = folded.find(needle, position + 1)
    return spellings


def _per_language(kind: str, filters: Filters) -> bool:
    """Whether this kind's candidates are limited to the page's language."""
    source = index.SOURCES[kind]
    return not (filters.both_languages and source.per_language)


def _dated(kind: str, filters: Filters) -> bool:
    return index.SOURCES[kind].filtered and bool(filters.date_from or filters.date_to)


def _sectioned(kind: str, filters: Filters) -> bool:
    return index.SOURCES[kind].filtered and filters.section_id is not None


def _needle(words, is_last_prefix):
    return " " + " ".join(words) + ("" if is_last_prefix else " ")


def _head(query: Query, *, vendor: str) -> tuple[str, list]:
    """Two columns of a candidate row `d` for the phrase bonus (`_phrase_bonus`). A query with
    diacritics: 0, or 1 where the phrase is in the title and summary, 2 where with its last
    word whole. Without (its spellings are looked for there): the folded and exact title and
    summary, on SQLite of every row (read in the same pass; the phrase is looked for in
    Python, as cheaply), on PostgreSQL where the phrase is (fewer bytes sent)."""
    if len(query.words) < 2:
        return "NULL, NULL", []
    find = "instr(d.folded, %s) > 0" if vendor == "sqlite" else "strpos(d.folded, %s) > 0"
    phrase, whole = _needle(query.words, query.prefix), _needle(query.words, False)
    if query.exact_words:
        sql = f"(CASE WHEN {find} THEN (CASE WHEN {find} THEN 2 ELSE 1 END) ELSE 0 END), NULL"
        return sql, [phrase, whole]
    if vendor == "sqlite":
        return "d.folded, d.exact", []
    return f"(CASE WHEN {find} THEN d.folded END), (CASE WHEN {find} THEN d.exact END)", [
        phrase,
        phrase,
    ]


def _ranking(query: Query, filters: Filters, *, vendor: str) -> tuple[str, list]:
    """The score of one candidate row `d` (document), but for the phrase in its title and
    summary (`_phrase_bonus`)."""
    find = "instr({0}, %s)" if vendor == "sqlite" else "strpos({0}, %s)"
    words = list(query.words)
    last = words[-1]
    parts, params = [], []
    needle = _needle
    conditions = []
    for word in dict.fromkeys(words):
        conditions.append(f"{find.format('d.folded')} > 0")
        params.append(needle([word], query.prefix and word == last))
    if query.prefix and len(words) == 1:  # whole, looked for only where the prefix is
        whole = f"(CASE WHEN {find.format('d.folded')} > 0 THEN {WHOLE} ELSE 0 END)"
        parts.append(f"(CASE WHEN {conditions[0]} THEN {ALL_WORDS} + {whole} ELSE 0 END)")
        params.append(needle(words, False))
    else:
        parts.append(f"(CASE WHEN {' AND '.join(conditions)} THEN {ALL_WORDS} ELSE 0 END)")
    if query.exact_words:
        exact = []
        # the last typed word is a prefix only when it is the query's last word
        typed_last = query.exact_words[-1] if fold(query.exact_words[-1]) == last else None
        for word in query.exact_words:
            exact.append(f"(CASE WHEN {find.format('d.exact')} > 0 THEN 1 ELSE 0 END)")
            params.append(needle([word], query.prefix and word == typed_last))
        parts.append(f"({' + '.join(exact)}) * {ACCENTS / len(exact)}")
    if vendor == "sqlite":
        if len(words) > 1:  # the candidates' phrase matches, `p` (_sqlite)
            parts.append(f"(CASE WHEN d.id IN (SELECT rid FROM p) THEN {BODY_PHRASE} ELSE 0 END)")  # noqa: S608 - constants only
        parts.append(
            f"(CASE WHEN d.published_at IS NULL THEN 0 ELSE {RECENCY} / (1.0 + "
            "max(julianday('now') - julianday(d.published_at), 0) / 30.0) END)"
        )
    else:
        if len(words) > 1:
            parts.append(
                f"(CASE WHEN d.vector @@ to_tsquery('simple', %s) THEN {BODY_PHRASE} ELSE 0 END)"
            )
            params.append(tsquery(query, phrase=True))
        parts.append(
            f"(CASE WHEN d.published_at IS NULL THEN 0 ELSE {RECENCY} / (1.0 + "
            "greatest(extract(epoch FROM now() - d.published_at), 0) / 2592000.0) END)"
        )
    parts.append("d.weight")
    return " + ".join(parts), params


# -- SQLite FTS5 -------------------------------------------------------------------------------


def _fts5_phrase(words, prefix: bool) -> str:
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def fts5_words(query: Query, columns: str = "title body", *, pairs: bool = False) -> str:
    """Every word (the last also as a prefix); with `pairs`, two of them adjacent too."""
    quoted = [f'"{word}"' for word in query.words]
    if query.prefix:
        quoted[-1] += "*"
    expression = " AND ".join(quoted)
    words = query.words
    if pairs and len(words) > 1:
        adjacent = [
            _fts5_phrase(words[i : i + 2], query.prefix and i + 2 == len(words))
            for i in range(len(words) - 1)
        ]
        expression = f"({' OR '.join(dict.fromkeys(adjacent))}) AND {expression}"
    return f"{{{columns}}} : ({expression})"


def _sqlite(query: Query, filters: Filters, kinds, limits, pairs: bool = False):
    subqueries, params = [], []
    for kind in kinds:
        # the most recent matches anywhere, and the most recent in the title
        for words, limit in (
            (fts5_words(query, pairs=pairs), limits[kind]),
            (fts5_words(query, "title", pairs=pairs), min(limits[kind], title_limit(kind))),
        ):
            sql, sql_params = _fts5_most_recent(kind, words, filters, limit)
            subqueries.append(sql)
            params.extend(sql_params)
    phrase = ""
    if len(query.words) > 1:
        # the phrase matches among the candidates' ids (BODY_PHRASE)
        phrase = (
            ", p AS (SELECT rowid AS rid FROM site_search_fts WHERE site_search_fts MATCH %s "
            "AND rowid >= (SELECT min(rid) FROM c))"
        )
        params.append(f"{{title body}} : {_fts5_phrase(query.words, query.prefix)}")
    score, score_params = _ranking(query, filters, vendor="sqlite")
    head, head_params = _head(query, vendor="sqlite")
    sql = (
        f"WITH c AS (SELECT rid FROM ({' UNION '.join(subqueries)})){phrase} "  # noqa: S608 - built from constants
        f"SELECT d.id, d.kind, d.object_id, d.language, d.text_language, {score} AS score, "
        f"{head} FROM c JOIN site_search_searchdocument d ON d.id = c.rid"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *score_params, *head_params])
        return cursor.fetchall()


def _fts5_most_recent(kind: str, words: str, filters: Filters, limit: int) -> tuple[str, list]:
    meta = [f'"k{kind}"']
    if _per_language(kind, filters):
        meta.append(f'"l{filters.language}"')
    if _sectioned(kind, filters):
        meta.append(f'"s{int(filters.section_id)}"')
    match = f"{words} AND meta : ({' AND '.join(meta)})"
    join, where = "", []
    if _dated(kind, filters):
        join = " JOIN site_search_searchdocument d2 ON d2.id = site_search_fts.rowid"
        if filters.date_from:
            where.append(" AND d2.published_at >= %s")
        if filters.date_to:
            where.append(" AND d2.published_at < %s")
    sql = (
        "SELECT * FROM (SELECT site_search_fts.rowid AS rid FROM site_search_fts"  # noqa: S608 - constants only
        f"{join} WHERE site_search_fts MATCH %s{''.join(where)} "
        "ORDER BY site_search_fts.rowid DESC LIMIT %s)"
    )
    return sql, [match, *_date_params(kind, filters), limit]


def _date_params(kind, filters):
    if not _dated(kind, filters):
        return []
    from django.db.models import DateTimeField

    field = DateTimeField()
    return [
        field.get_db_prep_value(value, connection)
        for value in (filters.date_from, filters.date_to)
        if value
    ]


# -- PostgreSQL --------------------------------------------------------------------------------


def tsquery(query: Query, *, phrase: bool, title: bool = False, pairs: bool = False) -> str:
    """The words as a tsquery; `title`: only where they are weighted A (title, aliases);
    `pairs`: two of them adjacent too (`adjacent`)."""
    quoted = ["'" + word.replace("'", "''") + "'" for word in query.words]
    marks = [""] * len(quoted)
    if query.prefix:
        marks[-1] = "*"
    if title:
        marks = [mark + "A" for mark in marks]
    quoted = [f"{word}:{mark}" if mark else word for word, mark in zip(quoted, marks, strict=True)]
    if phrase:
        return " <-> ".join(quoted)
    return _with_pairs(quoted, pairs)


def _with_pairs(lexemes: list[str], pairs: bool) -> str:
    """`a & b & c`; with `pairs`, `(a <-> b | b <-> c) & a & b & c`."""
    every = " & ".join(lexemes)
    if not pairs or len(lexemes) < 2:
        return every
    adjacent = [f"{lexemes[i]} <-> {lexemes[i + 1]}" for i in range(len(lexemes) - 1)]
    return f"({' | '.join(dict.fromkeys(adjacent))}) & {every}"


NEWEST_SECONDS = 60.0
_newest: dict[str, tuple[int, float]] = {}
# The GIN index site_search_words (migration 0005) covers each vector plus a lexeme naming its
# id bucket, so that a lookup among recent ids reads only those buckets' postings.
BUCKET_SHIFT = 11
WORDS_VECTOR = "(s.vector || array_to_tsvector(ARRAY['#' || (s.id >> 11)::text]))"
MAX_EXPANSIONS = 50  # a last word covering more lexemes than this is looked up as a prefix
MARGIN = 1.25  # ids looked through in buckets: the expected span of the wanted matches, times this


@dataclass(frozen=True)
class _Part:
    """One list of candidates: the most recent `limit` rows of `kind` that meet `filters` and
    whose words match (`title`: in the title)."""

    number: int
    kind: str
    title: bool
    tsquery: str
    filters: list[str]
    params: list
    limit: int

    def scan_match(self) -> str:  # row by row: a weight-restricted tsquery on the vector
        return "w.vector @@ to_tsquery('simple', %s)"


def newest_id(kind: str) -> int:
    """The kind's highest document id, re-read at most every NEWEST_SECONDS. Any value gives
    the same candidates (the first window has no upper bound, the last no lower bound); a fresh
    one only keeps the windows small."""
    now = time.monotonic()
    cached = _newest.get(kind)
    if cached is None or now - cached[1] > NEWEST_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM site_search_searchdocument WHERE kind = %s", [kind])
            cached = _newest[kind] = (cursor.fetchone()[0] or 0, now)
    return cached[0]


def forget_newest_id() -> None:
    _newest.clear()


def expansions(query: Query) -> tuple[str, ...] | None:
    """The indexed lexemes the last word covers as a prefix (itself included), from the
    vocabulary; None when it is matched whole, covers more than MAX_EXPANSIONS, or may cover a
    lexeme cut in the vocabulary: then lookups match it as a prefix (`'word':*`)."""
    last = query.words[-1]
    if not query.prefix or len(last) >= index.VOCABULARY_WORD:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM site_search_word WHERE word LIKE %s ORDER BY word LIMIT %s",
            [last + "%", MAX_EXPANSIONS + 1],
        )
        words = tuple(row[0] for row in cursor.fetchall())
    if len(words) > MAX_EXPANSIONS or any(len(w) >= index.VOCABULARY_WORD for w in words):
        return None
    return words


def lookup_tsquery(
    query: Query, spelled: tuple[str, ...] | None, pairs: bool = False
) -> str | None:
    """The words as a tsquery for a GIN lookup, the last one's prefix as `spelled` lexemes when
    given (exact entries, which a GIN index intersects without reading every posting of every
    lexeme with that prefix); None when the prefix covers no indexed lexeme."""

    def lexeme(word):
        return "'" + word.replace("'", "''") + "'"

    words = [lexeme(word) for word in query.words[:-1]]
    last = query.words[-1]
    if not query.prefix:
        words.append(lexeme(last))
    elif spelled is None:
        words.append(lexeme(last) + ":*")
    elif not spelled:
        return None
    else:
        words.append("(" + " | ".join(lexeme(word) for word in spelled) + ")")
    return _with_pairs(words, pairs)


def buckets(lower: int, upper: int) -> str:
    """A tsquery of the id buckets that hold lower < id <= upper."""
    first, last = (lower + 1) >> BUCKET_SHIFT, upper >> BUCKET_SHIFT
    return " | ".join(f"'#{number}'" for number in range(first, last + 1))


def _bounds(lower: int | None, upper: int | None, *, column: str = "s.id") -> tuple[str, list]:
    """SQL for lower < id <= upper (None: unbounded)."""
    sql, params = "", []
    if lower is not None:
        sql += f" AND {column} > %s"
        params.append(lower)
    if upper is not None:
        sql += f" AND {column} <= %s"
        params.append(upper)
    return sql, params


def _scan_sql(part: _Part, lower, upper, limit: int) -> tuple[str, list]:
    """The newest ids first, each row checked in turn, stopping at `limit` matches: cheap while
    matches are dense (a common word), whatever their total. OFFSET 0 keeps the planner from
    turning it into a GIN lookup that reads every match before sorting them."""
    bounds, bound_params = _bounds(lower, upper)
    sql = (
        f"(SELECT w.id, {part.number} AS part FROM (SELECT s.id, s.vector "  # noqa: S608 - constants only
        f"FROM site_search_searchdocument s WHERE {' AND '.join(part.filters)}{bounds} "
        f"ORDER BY s.id DESC OFFSET 0) w WHERE {part.scan_match()} LIMIT %s)"
    )
    return sql, [*part.params, *bound_params, part.tsquery, limit]


def _small_sql(part: _Part) -> tuple[str, list]:
    """A small kind (brokers, regulators, complaints) through its own GIN index
    (site_search_small), whose postings hold no article."""
    sql = (
        f"(SELECT s.id, {part.number} AS part FROM site_search_searchdocument s "  # noqa: S608 - constants only
        f"WHERE s.vector @@ to_tsquery('simple', %s) AND {' AND '.join(part.filters)} "
        "ORDER BY s.id DESC LIMIT %s)"
    )
    return sql, [part.tsquery, *part.params, part.limit]


def _bucket_sql(part: _Part, plain: str, lower: int, upper: int, limit: int):
    """The most recent matches with lower < id <= upper through site_search_words: the words
    (without weights, which the index would have to recheck on every row it gives) ANDed with
    those ids' buckets, so only the buckets' postings are read; a title part's weights are
    checked on the rows within the bounds only."""
    # `s.id + 0`: the buckets bound the ids already; a second bitmap over the primary key's
    # range, which the planner would otherwise AND in, only costs time
    bounds, bound_params = _bounds(lower, upper, column="s.id + 0")
    title = " AND s.vector @@ to_tsquery('simple', %s)" if part.title else ""
    sql = (
        f"(SELECT s.id, {part.number} AS part FROM site_search_searchdocument s "  # noqa: S608 - constants only
        f"WHERE {WORDS_VECTOR} @@ (to_tsquery('simple', %s) && %s::tsquery) "
        f"AND {' AND '.join(part.filters)}{bounds}{title} ORDER BY s.id DESC LIMIT %s)"
    )
    weighted = [part.tsquery] if part.title else []
    return sql, [plain, buckets(lower, upper), *part.params, *bound_params, *weighted, limit]


def _lookup_sql(part: _Part, plain: str, upper, limit: int) -> tuple[str, list]:
    """Every match at or below `upper` through a GIN index (the title's for a title part; the
    tsquery without weights): cheap while matches are few (a rare word)."""
    bounds, bound_params = _bounds(None, upper)
    vector = "ts_filter(s.vector, '{a}')" if part.title else WORDS_VECTOR
    sql = (
        f"(SELECT s.id, {part.number} AS part FROM site_search_searchdocument s "  # noqa: S608 - constants only
        f"WHERE {vector} @@ to_tsquery('simple', %s) AND {' AND '.join(part.filters)}{bounds} "
        "ORDER BY s.id DESC LIMIT %s)"
    )
    return sql, [plain, *part.params, *bound_params, limit]


def _postgresql(query: Query, filters: Filters, kinds, limits, pairs: bool = False):
    """Statement 1: the first window of each big kind (its matches anywhere) row by row, and
    every small kind through its GIN index, ranked. Then, for a big kind: its older matches
    while fewer than the limit were found; its older title matches while fewer than the title
    limit were among them."""
    parts, first_window = [], {}
    for kind in kinds:
        where, params = _pg_filters(kind, filters)
        if kind in WINDOWED and newest_id(kind) - WINDOWS[0] > 0:
            first_window[kind] = newest_id(kind) - WINDOWS[0]
        for title, limit in ((False, limits[kind]), (True, min(title_limit(kind), limits[kind]))):
            parts.append(
                _Part(
                    len(parts),
                    kind,
                    title,
                    tsquery(query, phrase=False, title=title, pairs=pairs),
                    where,
                    params,
                    limit,
                )
            )
    subqueries, params = [], []
    for part in parts:
        if part.kind in first_window and part.title:
            continue  # after its matches anywhere
        if part.kind in WINDOWED:
            sql, sql_params = _scan_sql(part, first_window.get(part.kind), None, part.limit)
        else:
            sql, sql_params = _small_sql(part)
        subqueries.append(sql)
        params.extend(sql_params)
    score, score_params = _ranking(query, filters, vendor="postgresql")
    head, head_params = _head(query, vendor="postgresql")
    select = (
        f"SELECT d.id, d.kind, d.object_id, d.language, d.text_language, {score} AS score, "
        f"{head}, d.vector @@ to_tsquery('simple', %s) AS in_title"
    )
    title_query = tsquery(query, phrase=False, title=True, pairs=pairs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{select}, c.part FROM ({' UNION ALL '.join(subqueries)}) c "
            "JOIN site_search_searchdocument d ON d.id = c.id",
            [*score_params, *head_params, title_query, *params],
        )
        rows = cursor.fetchall()

        def add(ids):
            ids = sorted(set(ids) - {row[0] for row in rows})
            if ids:
                cursor.execute(
                    f"{select}, -1 FROM site_search_searchdocument d WHERE d.id = ANY(%s)",
                    [*score_params, *head_params, title_query, ids],
                )
                rows.extend(cursor.fetchall())

        for part in parts:
            if part.kind not in first_window:
                continue
            upper = first_window[part.kind]
            if not part.title:
                found = [row for row in rows if row[-1] == part.number]
                if len(found) < part.limit:
                    span = newest_id(part.kind) - upper
                    add(_older(cursor, query, part, upper, len(found), span, pairs))
                continue
            # title matches: those among the kind's matches anywhere, then older ones
            anywhere = [row for row in rows if row[1] == part.kind]
            if len(anywhere) < limits[part.kind]:
                continue  # every match of the kind is a candidate already
            oldest = min(row[0] for row in anywhere)
            in_title = sum(1 for row in anywhere if row[-2])
            if in_title < part.limit:
                span = newest_id(part.kind) - oldest
                add(_older(cursor, query, part, oldest - 1, in_title, span, pairs))
    return list({row[0]: row[:-2] for row in rows}.values())


def _older(
    cursor, query: Query, part: _Part, upper: int, found: int, span: int, pairs: bool = False
) -> list[int]:
    """The part's next matches at or below `upper`, given that the `span` newer ids held
    `found` of them: through the buckets of the ids that density says will hold them (MARGIN
    times that span; again, with the density updated, while too few were there), within the
    next WINDOWS[1] ids; then (or at once when the density says they are spread wider: few
    matches) through the GIN index over every older id."""
    plain = lookup_tsquery(query, expansions(query), pairs)
    if plain is None:
        return []  # the last word is the prefix of no indexed lexeme
    wanted = part.limit - found
    ids: list[int] = []
    floor = max(upper - WINDOWS[1], 0)

    def reach(have, need):  # the ids below `upper` expected to hold `need` more matches
        return int(span * need / have * MARGIN) + 1

    if found and upper - reach(found, wanted) >= floor:
        while len(ids) < wanted and upper > floor:
            need = wanted - len(ids)
            lower = max(upper - reach(found + len(ids), need), floor)
            sql, params = _bucket_sql(part, plain, lower, upper, need)
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
            span, upper = span + upper - lower, lower
        if len(ids) >= wanted or upper == 0:
            return ids
    sql, params = _lookup_sql(part, plain, upper, wanted - len(ids))
    cursor.execute(sql, params)
    return ids + [row[0] for row in cursor.fetchall()]


def _pg_filters(kind: str, filters: Filters) -> tuple[list[str], list]:
    where, params = ["s.kind = %s"], [kind]
    if _per_language(kind, filters):
        where.append("s.language = %s")
        params.append(filters.language)
    if _sectioned(kind, filters):
        where.append("s.section_id = %s")
        params.append(int(filters.section_id))
    if _dated(kind, filters):
        if filters.date_from:
            where.append("s.published_at >= %s")
        if filters.date_to:
            where.append("s.published_at < %s")
        params.extend(_date_params(kind, filters))
    return where, params
