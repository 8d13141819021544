"""Full-text queries, one implementation per database behind `candidates()`.

Matching: every folded word of the query (the last one also as a prefix) in the title, the
summary or the body. Big result sets are narrowed to the most recent matches of each kind
(`LIMITS`; the index is written oldest first, so the highest ids are the newest documents), and
only those are ranked, so a common syllable at a million rows costs the same as a rare one.

Ranking, highest first: the typed words adjacent (a phrase) in the title or summary; all words
there; the exact accented words the reader typed; (PostgreSQL) the phrase in the body; recency
of dated documents; the document's own weight (a broker's score). bm25 / ts_rank are left out:
they read every candidate's positions and cost more than the whole rest of the query. The same
cases hold on both databases; order may differ only among equal scores."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from . import index
from .text import Query

LIMITS = {"article": 1000}
DEFAULT_LIMIT = 300
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


def fts5_words(query: Query) -> str:
    quoted = [f'"{word}"' for word in query.words]
    if query.prefix:
        quoted[-1] += "*"
    return f"{{title body}} : ({' AND '.join(quoted)})"


def _sqlite(query: Query, filters: Filters, kinds, limits):
    words = fts5_words(query)
    subqueries, params = [], []
    for kind in kinds:
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
        subqueries.append(
            "SELECT * FROM (SELECT site_search_fts.rowid AS rid FROM site_search_fts"  # noqa: S608 - constants only
            f"{join} WHERE site_search_fts MATCH %s{''.join(where)} "
            "ORDER BY site_search_fts.rowid DESC LIMIT %s)"
        )
        params.append(match)
        params.extend(_date_params(kind, filters))
        params.append(limits[kind])
    score, score_params = _ranking(query, filters, vendor="sqlite")
    sql = (
        f"SELECT d.id, d.kind, d.object_id, d.language, {score} AS score "  # noqa: S608 - built from constants
        f"FROM ({' UNION ALL '.join(subqueries)}) c "
        "JOIN site_search_searchdocument d ON d.id = c.rid"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*score_params, *params])
        return cursor.fetchall()


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


def _postgresql(query: Query, filters: Filters, kinds, limits):
    subqueries, params = [], []
    for kind in kinds:
        # the tsquery inline (not from a CTE), so the planner estimates its selectivity and
        # picks the GIN index for rare words, the (kind, language, id) index for common ones
        where = ["s.vector @@ to_tsquery('simple', %s)", "s.kind = %s"]
        kind_params = [tsquery(query, phrase=False), kind]
        if _per_language(kind, filters):
            where.append("s.language = %s")
            kind_params.append(filters.language)
        if kind == "article" and filters.section_id is not None:
            where.append("s.section_id = %s")
            kind_params.append(int(filters.section_id))
        if _dated(kind, filters):
            if filters.date_from:
                where.append("s.published_at >= %s")
            if filters.date_to:
                where.append("s.published_at < %s")
            kind_params.extend(_date_params(kind, filters))
        subqueries.append(
            f"(SELECT s.id FROM site_search_searchdocument s WHERE {' AND '.join(where)} "  # noqa: S608 - built from constants
            "ORDER BY s.id DESC LIMIT %s)"
        )
        params.extend([*kind_params, limits[kind]])
    score, score_params = _ranking(query, filters, vendor="postgresql")
    sql = (
        f"SELECT d.id, d.kind, d.object_id, d.language, {score} AS score "  # noqa: S608 - constants only
        f"FROM ({' UNION ALL '.join(subqueries)}) c "
        "JOIN site_search_searchdocument d ON d.id = c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*score_params, *params])
        return cursor.fetchall()
