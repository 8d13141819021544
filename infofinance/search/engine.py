"""Full-text queries, one implementation per database behind `candidates()`.

Matching: every folded word of the query (the last one also as a prefix) in the title, the
summary or the body. Big result sets are narrowed before ranking, so a common syllable at a
million rows costs about the same as a rare one: the candidates of a kind are its most recent
matches anywhere (at most the kind's limit, `limit_for`) and its most recent matches in the
title (title, aliases, abbreviations; at most `TITLE_LIMIT`). The index is written oldest first,
so the highest ids are the newest documents. The title matches are searched over all time, so an
old article whose title is what the reader typed is found even under thousands of newer articles
that only mention the words. A GIN index cannot return matches newest first (it reads every
match, then sorts), so on PostgreSQL the most recent matches of a big kind are looked for row by
row among the newest ids first (`WINDOWS`), and below them through the GIN index ANDed with the
id buckets that the density found says hold the rest (`BUCKET_SHIFT`, `MARGIN`), over all older
ids only for rare words: the same candidates, without reading every match of a common word.

Ranking, highest first: the typed words adjacent (a phrase) in the title or summary; all words
there; the exact accented words the reader typed; (PostgreSQL) the phrase in the body; recency
of dated documents; the document's own weight (a broker's score). bm25 / ts_rank are left out:
they read every candidate's positions and cost more than the whole rest of the query. The same
cases hold on both databases; order may differ only among equal scores."""

import time
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connection

from . import index
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
PHRASE, ALL_WORDS, ACCENTS, RECENCY, OTHER_LANGUAGE = 8.0, 3.0, 3.0, 2.0, -0.5


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
    language: str
    score: float


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
    rows = run(query, filters, kinds, limits)
    hits = [Hit(*row[:4], float(row[4] or 0)) for row in rows]
    hits.sort(key=lambda hit: (-hit.score, -hit.id))
    return hits


def _per_language(kind: str, filters: Filters) -> bool:
    """Whether this kind's candidates are limited to the page's language."""
    source = index.SOURCES[kind]
    return not (filters.both_languages and source.per_language)


def _dated(kind: str, filters: Filters) -> bool:
    return index.SOURCES[kind].filtered and bool(filters.date_from or filters.date_to)


def _sectioned(kind: str, filters: Filters) -> bool:
    return index.SOURCES[kind].filtered and filters.section_id is not None


def _ranking(query: Query, filters: Filters, *, vendor: str) -> tuple[str, list]:
    """The score of one candidate row `d` (document)."""
    find = "instr({0}, %s)" if vendor == "sqlite" else "strpos({0}, %s)"
    words = list(query.words)
    last = words[-1]
    parts, params = [], []

    def needle(word_list, is_last_prefix):
        return " " + " ".join(word_list) + ("" if is_last_prefix else " ")

    if len(words) > 1:
        parts.append(f"(CASE WHEN {find.format('d.folded')} > 0 THEN {PHRASE} ELSE 0 END)")
        params.append(needle(words, query.prefix))
    conditions = []
    for word in dict.fromkeys(words):
        conditions.append(f"{find.format('d.folded')} > 0")
        params.append(needle([word], query.prefix and word == last))
    parts.append(f"(CASE WHEN {' AND '.join(conditions)} THEN {ALL_WORDS} ELSE 0 END)")
    if query.exact_words:
        exact = []
        typed_last = query.exact_words[-1]
        for word in query.exact_words:
            exact.append(f"(CASE WHEN {find.format('d.exact')} > 0 THEN 1 ELSE 0 END)")
            params.append(needle([word], query.prefix and word == typed_last))
        parts.append(f"({' + '.join(exact)}) * {ACCENTS / len(exact)}")
    if vendor == "sqlite":
        parts.append(
            f"(CASE WHEN d.published_at IS NULL THEN 0 ELSE {RECENCY} / (1.0 + "
            "max(julianday('now') - julianday(d.published_at), 0) / 30.0) END)"
        )
    else:
        parts.append("(CASE WHEN d.vector @@ to_tsquery('simple', %s) THEN 1.0 ELSE 0 END)")
        params.append(tsquery(query, phrase=True))
        parts.append(
            f"(CASE WHEN d.published_at IS NULL THEN 0 ELSE {RECENCY} / (1.0 + "
            "greatest(extract(epoch FROM now() - d.published_at), 0) / 2592000.0) END)"
        )
    parts.append("d.weight")
    if filters.both_languages:
        parts.append(f"(CASE WHEN d.language = %s THEN 0 ELSE {OTHER_LANGUAGE} END)")
        params.append(filters.language)
    return " + ".join(parts), params


# -- SQLite FTS5 -------------------------------------------------------------------------------


def fts5_words(query: Query, columns: str = "title body") -> str:
    quoted = [f'"{word}"' for word in query.words]
    if query.prefix:
        quoted[-1] += "*"
    return f"{{{columns}}} : ({' AND '.join(quoted)})"


def _sqlite(query: Query, filters: Filters, kinds, limits):
    subqueries, params = [], []
    for kind in kinds:
        # the most recent matches anywhere, and the most recent in the title
        for words, limit in (
            (fts5_words(query), limits[kind]),
            (fts5_words(query, "title"), min(limits[kind], title_limit(kind))),
        ):
            sql, sql_params = _fts5_most_recent(kind, words, filters, limit)
            subqueries.append(sql)
            params.extend(sql_params)
    score, score_params = _ranking(query, filters, vendor="sqlite")
    sql = (
        f"SELECT d.id, d.kind, d.object_id, d.language, {score} AS score "  # noqa: S608 - built from constants
        f"FROM ({' UNION '.join(subqueries)}) c "
        "JOIN site_search_searchdocument d ON d.id = c.rid"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*score_params, *params])
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


def tsquery(query: Query, *, phrase: bool, title: bool = False) -> str:
    """The words as a tsquery; `title`: only where they are weighted A (title, aliases)."""
    quoted = ["'" + word.replace("'", "''") + "'" for word in query.words]
    marks = [""] * len(quoted)
    if query.prefix:
        marks[-1] = "*"
    if title:
        marks = [mark + "A" for mark in marks]
    quoted = [f"{word}:{mark}" if mark else word for word, mark in zip(quoted, marks, strict=True)]
    return (" <-> " if phrase else " & ").join(quoted)


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


def lookup_tsquery(query: Query, spelled: tuple[str, ...] | None) -> str | None:
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
    return " & ".join(words)


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


def _postgresql(query: Query, filters: Filters, kinds, limits):
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
                    tsquery(query, phrase=False, title=title),
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
    select = (
        f"SELECT d.id, d.kind, d.object_id, d.language, {score} AS score, "
        "d.vector @@ to_tsquery('simple', %s) AS in_title"
    )
    title_query = tsquery(query, phrase=False, title=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{select}, c.part FROM ({' UNION ALL '.join(subqueries)}) c "
            "JOIN site_search_searchdocument d ON d.id = c.id",
            [*score_params, title_query, *params],
        )
        rows = cursor.fetchall()

        def add(ids):
            ids = sorted(set(ids) - {row[0] for row in rows})
            if ids:
                cursor.execute(
                    f"{select}, -1 FROM site_search_searchdocument d WHERE d.id = ANY(%s)",
                    [*score_params, title_query, ids],
                )
                rows.extend(cursor.fetchall())

        for part in parts:
            if part.kind not in first_window:
                continue
            upper = first_window[part.kind]
            if not part.title:
                found = [row for row in rows if row[6] == part.number]
                if len(found) < part.limit:
                    span = newest_id(part.kind) - upper
                    add(_older(cursor, query, part, upper, len(found), span))
                continue
            # title matches: those among the kind's matches anywhere, then older ones
            anywhere = [row for row in rows if row[1] == part.kind]
            if len(anywhere) < limits[part.kind]:
                continue  # every match of the kind is a candidate already
            oldest = min(row[0] for row in anywhere)
            in_title = sum(1 for row in anywhere if row[5])
            if in_title < part.limit:
                span = newest_id(part.kind) - oldest
                add(_older(cursor, query, part, oldest - 1, in_title, span))
    return list({row[0]: row[:5] for row in rows}.values())


def _older(cursor, query: Query, part: _Part, upper: int, found: int, span: int) -> list[int]:
    """The part's next matches at or below `upper`, given that the `span` newer ids held
    `found` of them: through the buckets of the ids that density says will hold them (MARGIN
    times that span; again, with the density updated, while too few were there), within the
    next WINDOWS[1] ids; then (or at once when the density says they are spread wider: few
    matches) through the GIN index over every older id."""
    plain = lookup_tsquery(query, expansions(query))
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
