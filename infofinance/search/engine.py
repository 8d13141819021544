"""Full-text queries, one implementation per database behind `candidates()`.

Matching: every folded word of the query (the last one also as a prefix) in the title, the
summary or the body. Big result sets are narrowed before ranking, so a common syllable at a
million rows costs the same as a rare one: the candidates of a kind are its most recent matches
anywhere plus its most recent matches in the title (title, aliases, abbreviations), at most the
kind's limit (`LIMITS`) of each. The index is written oldest first, so the highest ids are the
newest documents. The title matches are searched over all time, so an old article whose title
is what the reader typed is found even under thousands of newer articles that only mention the
words. On PostgreSQL a GIN index cannot return matches newest first, so the most recent matches
of a big kind are looked for in growing windows of the newest ids (`WINDOWS`), and older ones
only while fewer than the limit were found: the same candidates, without reading every match of
a common word.

Ranking, highest first: the typed words adjacent (a phrase) in the title or summary; all words
there; the exact accented words the reader typed; (PostgreSQL) the phrase in the body; recency
of dated documents; the document's own weight (a broker's score). bm25 / ts_rank are left out:
they read every candidate's positions and cost more than the whole rest of the query. The same
cases hold on both databases; order may differ only among equal scores."""

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from . import index
from .text import Query

LIMITS = {"article": 1000}
DEFAULT_LIMIT = 300
# PostgreSQL: kinds with many documents are searched newest ids first, in these windows (ids
# below the newest), then the rest; the other kinds are few (brokers, regulators, complaints).
WINDOWED = ("article",)
WINDOWS = (25_000, 250_000)
PHRASE, ALL_WORDS, ACCENTS, RECENCY, OTHER_LANGUAGE = 8.0, 3.0, 3.0, 2.0, -0.5


@dataclass
class Filters:
    language: str = "vi"
    kinds: tuple[str, ...] = ()  # () = every registered kind
    both_languages: bool = False
    section_id: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None


@dataclass(frozen=True)
class Hit:
    id: int
    kind: str
    object_id: int
    language: str
    score: float


def limit_for(kind: str) -> int:
    return LIMITS.get(kind, DEFAULT_LIMIT)


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
    return kind == "article" and bool(filters.date_from or filters.date_to)


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
        for words in (fts5_words(query), fts5_words(query, "title")):
            sql, sql_params = _fts5_most_recent(kind, words, filters, limits[kind])
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
    if kind == "article" and filters.section_id is not None:
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


def tsquery(query: Query, *, phrase: bool) -> str:
    quoted = ["'" + word.replace("'", "''") + "'" for word in query.words]
    if query.prefix:
        quoted[-1] += ":*"
    return (" <-> " if phrase else " & ").join(quoted)


TITLE_VECTOR = "ts_filter(s.vector, '{a}')"  # title, aliases, abbreviations (GIN-indexed)
NEWEST_SECONDS = 60.0
_newest = {"id": None, "at": 0.0}


@dataclass(frozen=True)
class _Part:
    """One list of candidates: the most recent `limit` rows of a kind that meet `condition`."""

    number: int
    condition: str
    params: list
    limit: int
    windowed: bool


def newest_id() -> int:
    """The highest document id, re-read at most every NEWEST_SECONDS. Any value gives the same
    candidates (the first window has no upper bound, the last no lower bound); a fresh one only
    keeps the windows small."""
    now = time.monotonic()
    if _newest["id"] is None or now - _newest["at"] > NEWEST_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM site_search_searchdocument")
            _newest.update(id=cursor.fetchone()[0] or 0, at=now)
    return _newest["id"]


def forget_newest_id() -> None:
    _newest.update(id=None, at=0.0)


def _windows(newest: int) -> list[tuple[int | None, int | None]]:
    """(lower, upper) id bounds, newest first: lower < id <= upper; None is unbounded."""
    windows, upper = [], None
    for size in (*WINDOWS, None):
        lower = newest - size if size is not None and newest - size > 0 else None
        windows.append((lower, upper))
        if lower is None:
            break
        upper = lower
    return windows


def _recent_sql(part: _Part, bounds, limit: int) -> tuple[str, list]:
    lower, upper = bounds
    condition, params = part.condition, list(part.params)
    if lower is not None:
        condition += " AND s.id > %s"
        params.append(lower)
    if upper is not None:
        condition += " AND s.id <= %s"
        params.append(upper)
    sql = (
        f"(SELECT s.id, {part.number} AS part FROM site_search_searchdocument s "  # noqa: S608 - constants only
        f"WHERE {condition} ORDER BY s.id DESC LIMIT %s)"
    )
    return sql, [*params, limit]


def _postgresql(query: Query, filters: Filters, kinds, limits):
    windows = _windows(newest_id()) if any(k in WINDOWED for k in kinds) else []
    parts = []
    for kind in kinds:
        where, params = _pg_filters(kind, filters)
        for vector in ("s.vector", TITLE_VECTOR):
            # the tsquery inline (not from a CTE), so the planner estimates its selectivity
            parts.append(
                _Part(
                    len(parts),
                    " AND ".join([f"{vector} @@ to_tsquery('simple', %s)", *where]),
                    [tsquery(query, phrase=False), *params],
                    limits[kind],
                    kind in WINDOWED and len(windows) > 1,
                )
            )
    subqueries, params = [], []
    for part in parts:
        bounds = windows[0] if part.windowed else (None, None)
        sql, sql_params = _recent_sql(part, bounds, part.limit)
        subqueries.append(sql)
        params.extend(sql_params)
    score, score_params = _ranking(query, filters, vendor="postgresql")
    select = f"SELECT d.id, d.kind, d.object_id, d.language, {score} AS score"
    with connection.cursor() as cursor:
        cursor.execute(
            f"{select}, c.part FROM ({' UNION ALL '.join(subqueries)}) c "
            "JOIN site_search_searchdocument d ON d.id = c.id",
            [*score_params, *params],
        )
        rows = cursor.fetchall()
        found = Counter(row[5] for row in rows)
        older = []
        for part in parts:
            if part.windowed and found[part.number] < part.limit:
                older.extend(_older(cursor, part, windows[1:], part.limit - found[part.number]))
        seen = {row[0] for row in rows}
        older = sorted(set(older) - seen)
        if older:
            cursor.execute(
                f"{select}, 0 FROM site_search_searchdocument d WHERE d.id = ANY(%s)",
                [*score_params, older],
            )
            rows.extend(cursor.fetchall())
    return list({row[0]: row[:5] for row in rows}.values())


def _older(cursor, part: _Part, windows, wanted: int) -> list[int]:
    """The part's next `wanted` ids below its first window, window by window."""
    found: list[int] = []
    for bounds in windows:
        sql, params = _recent_sql(part, bounds, wanted - len(found))
        cursor.execute(sql, params)
        found.extend(row[0] for row in cursor.fetchall())
        if len(found) >= wanted:
            break
    return found


def _pg_filters(kind: str, filters: Filters) -> tuple[list[str], list]:
    where, params = ["s.kind = %s"], [kind]
    if _per_language(kind, filters):
        where.append("s.language = %s")
        params.append(filters.language)
    if kind == "article" and filters.section_id is not None:
        where.append("s.section_id = %s")
        params.append(int(filters.section_id))
    if _dated(kind, filters):
        if filters.date_from:
            where.append("s.published_at >= %s")
        if filters.date_to:
            where.append("s.published_at < %s")
        params.extend(_date_params(kind, filters))
    return where, params
