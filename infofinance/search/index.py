"""The registry of searchable things and the writer of the index.

A source registers, from its app's `AppConfig.ready()`, how to list what is public and how to
turn one object into documents, and which changes reindex it:

    from infofinance.search import index
    index.register("complaint", public_complaints, complaint_documents, url=complaint_url,
                   label=_("Complaints"))
    index.follow(Complaint, "complaint")      # saved: reindexed; deleted: removed
    index.follow_pages(ArticlePage, "article")  # published, unpublished, deleted, restricted
    # or, wherever one changes (same transaction): index.update("complaint", complaint.pk)

Sources are searched, shown as tabs and rebuilt in the order they were registered (the order
of INSTALLED_APPS). An app may also provide the sections the results page filters by
(`register_sections`) and a list of the as-you-type suggestions (`register_suggestions`).

`update(kind, pk)` re-reads the object through the source's queryset, so publishing, editing,
hiding, unpublishing and deleting are the same call: a row that is no longer public is removed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import QuerySet

from . import frequency
from .models import SearchDocument
from .text import exact_form, folded_tokens, spaced, tokens

MAX_BODY = 20_000


@dataclass
class Document:
    kind: str
    object_id: int
    language: str
    title: str
    summary: str = ""
    body: str = ""
    keywords: str = ""  # matched like the title, never shown (aliases, abbreviations)
    section_id: int | None = None
    published_at: datetime | None = None
    weight: float = 0.0
    # The language the title and summary are written in, when not `language` (a complaint
    # published in Vietnamese only, listed in English too): shown after the page's language,
    # marked as such.
    text_language: str = ""


@dataclass(frozen=True)
class Source:
    kind: str
    queryset: Callable[[], QuerySet]
    documents: Callable[[object], Iterable[Document]]
    url: Callable[[object, str], str]
    label: str = ""
    # True: one document per language version (articles), so "both languages" widens the
    # results; False: the same object is indexed in every language (brokers, regulators).
    per_language: bool = True
    order_by: tuple[str, ...] = field(default_factory=tuple)
    # The most recent matches kept as candidates (engine.DEFAULT_LIMIT when None).
    limit: int | None = None
    # True: the results page's section and date filters apply (documents with section_id and
    # published_at).
    filtered: bool = False


SOURCES: dict[str, Source] = {}


def register(
    kind: str,
    queryset: Callable[[], QuerySet],
    documents: Callable[[object], Iterable[Document]],
    *,
    url: Callable[[object, str], str],
    label: str = "",
    per_language: bool = True,
    order_by: tuple[str, ...] = (),
    limit: int | None = None,
    filtered: bool = False,
) -> None:
    SOURCES[kind] = Source(
        kind, queryset, documents, url, label, per_language, order_by, limit, filtered
    )


# -- what reindexes ----------------------------------------------------------------------------

# Page models whose publishing, unpublishing, deletion and view restrictions reindex a kind
# (search/signals.py dispatches Wagtail's page signals to them).
PAGE_KINDS: dict[type, str] = {}


def follow_pages(model: type, kind: str) -> None:
    """Keep `kind` in step with the pages of `model`: publishing and unpublishing reindex a
    page, deleting removes it, a view restriction added or removed above it reindexes it."""
    PAGE_KINDS[model] = kind


def follow(model: type, kind: str, *, object_id: Callable[[object], int | None] | None = None):
    """Keep `kind` in step with `model`'s rows: saving one reindexes it, deleting removes it.
    `object_id`: the indexed object a row belongs to (an alias's broker), reindexed on either."""
    from django.db.models.signals import post_delete, post_save

    label = f"site-search-{kind}-{model._meta.label_lower}"
    if object_id is None:

        def changed(sender, instance, **kwargs):
            update(kind, instance.pk)

        def deleted(sender, instance, **kwargs):
            remove(kind, [instance.pk])

    else:

        def changed(sender, instance, **kwargs):
            pk = object_id(instance)
            if pk:
                update(kind, pk)

        deleted = changed
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{label}-saved")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{label}-deleted")


# -- sections and suggestions ------------------------------------------------------------------


@dataclass(frozen=True)
class Sections:
    by_ids: Callable[[set[int]], dict[int, object]]  # {id: section} of documents' section ids
    for_language: Callable[[str], list]  # the results page's section filter, in a language


SECTIONS: list[Sections] = []


def register_sections(*, by_ids, for_language) -> None:
    """The sections documents belong to (`Document.section_id`): read for the results shown
    and offered as the results page's filter."""
    SECTIONS[:] = [Sections(by_ids, for_language)]


@dataclass(frozen=True)
class Suggestions:
    name: str
    find: Callable[..., list[dict]]  # find(query, language, limit) -> JSON-ready entries
    position: int


SUGGESTIONS: dict[str, Suggestions] = {}


def register_suggestions(name: str, find: Callable[..., list[dict]], *, position: int = 0):
    """A list of the as-you-type answer, under `name`: `find(query, language, limit)` with the
    parsed query. Lists come in `position` order (then registration order)."""
    SUGGESTIONS[name] = Suggestions(name, find, position)


def suggestion_lists() -> list[Suggestions]:
    return sorted(SUGGESTIONS.values(), key=lambda entry: entry.position)


# -- writing -----------------------------------------------------------------------------------


def _meta(document: Document) -> str:
    words = [f"k{document.kind}", f"l{document.language}"]
    if document.section_id is not None:
        words.append(f"s{document.section_id}")
    return " ".join(words)


def _row(document: Document) -> tuple[SearchDocument, str, str]:
    head = f"{document.title} {document.keywords} {document.summary}"
    row = SearchDocument(
        kind=document.kind,
        object_id=document.object_id,
        language=document.language,
        text_language=document.text_language or document.language,
        section_id=document.section_id,
        published_at=document.published_at,
        title=document.title[:1000],
        summary=document.summary[:1000],
        folded=spaced(folded_tokens(head)),
        exact=spaced(tokens(exact_form(head))),
        weight=document.weight,
    )
    title = " ".join(folded_tokens(f"{document.title} {document.keywords}"))
    body = " ".join(folded_tokens(f"{document.summary} {document.body[:MAX_BODY]}"))
    return row, title, body


# PostgreSQL's vocabulary (site_search_word, migration 0005): every lexeme of the index, at most
# VOCABULARY_WORD characters (longer ones cut, which the engine treats as "cannot list").
VOCABULARY_WORD = 64
VOCABULARY_CHUNK = 200_000  # characters of distinct words parsed per statement (tsvector < 1 MB)


def _insert_postgresql(prepared) -> None:
    fields = [f for f in SearchDocument._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO site_search_searchdocument ({columns}, vector) VALUES ({placeholders}, "  # noqa: S608 - column names come from the model
            "setweight(to_tsvector('simple', %s), 'A') || "
            "setweight(to_tsvector('simple', %s), 'B'))",
            [
                [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
                + [title, body]
                for row, title, body in prepared
            ],
        )
        _add_words(cursor, {w for _row, t, b in prepared for w in (*t.split(), *b.split())})


def _add_words(cursor, words: set[str]) -> None:
    """Add the lexemes of these words to the vocabulary, parsed as the vectors are (once per
    distinct word; sorted, so concurrent writers take the keys in the same order)."""
    chunks, chunk, size = [], [], 0
    for word in sorted(words):
        chunk.append(word)
        size += len(word) + 1
        if size >= VOCABULARY_CHUNK:
            chunks.append(chunk)
            chunk, size = [], 0
    for part in [*chunks, chunk] if chunk else chunks:
        cursor.execute(
            "INSERT INTO site_search_word (word) SELECT DISTINCT left(w, %s) "
            "FROM unnest(tsvector_to_array(to_tsvector('simple', %s))) w ORDER BY 1 "
            "ON CONFLICT DO NOTHING",
            [VOCABULARY_WORD, " ".join(part)],
        )


def write(documents: list[Document]) -> int:
    """Insert documents (their rows must not exist yet); returns how many."""
    if not documents:
        return 0
    frequency.forget()
    prepared = [_row(d) for d in documents]
    if connection.vendor == "postgresql":
        _insert_postgresql(prepared)
        return len(prepared)
    rows = SearchDocument.objects.bulk_create([row for row, _t, _b in prepared])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO site_search_fts (rowid, title, body, meta) VALUES (%s, %s, %s, %s)",
                [
                    (row.pk, title, body, _meta(d))
                    for (row, title, body), d in zip(prepared, documents, strict=True)
                ],
            )
    return len(rows)


def remove(kind: str, object_ids: Iterable[int]) -> None:
    ids = list(
        SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        return
    frequency.forget()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM site_search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608 - placeholders only
                ids,
            )
    SearchDocument.objects.filter(pk__in=ids).delete()


def documents_for(source: Source, objects: Iterable) -> list[Document]:
    return [document for obj in objects for document in source.documents(obj)]


def update(kind: str, *object_ids: int) -> None:
    """Bring the index in step with these objects now (in the caller's transaction)."""
    source = SOURCES.get(kind)
    if source is None or not object_ids:
        return
    with transaction.atomic():
        remove(kind, object_ids)
        objects = source.queryset().filter(pk__in=object_ids)
        write(documents_for(source, objects))


def clear(*, truncate: bool = False) -> None:
    """Remove every document. `truncate` (PostgreSQL, under an exclusive lock until commit):
    leave no dead rows behind, which a DELETE does until the table is vacuumed (every lookup
    then visits the old rows too, under the same ids)."""
    frequency.forget()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM site_search_fts")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if truncate:
                cursor.execute("TRUNCATE site_search_searchdocument, site_search_word")
                return
            cursor.execute("DELETE FROM site_search_word")
    SearchDocument.objects.all().delete()


# PostgreSQL's full-text indexes (migrations 0004 and 0005), dropped and created again by an
# exclusive rebuild: the vector with its id bucket (engine.BUCKET_SHIFT), the title part, and the
# small kinds' own (everything but articles, engine.WINDOWED).
PG_FULLTEXT_INDEXES = {
    "site_search_words": (
        "USING gin ((vector || array_to_tsvector(ARRAY['#' || (id >> 11)::text])))"
    ),
    "site_search_title_vector": "USING gin (ts_filter(vector, '{a}'))",
    "site_search_small": "USING gin (vector) WHERE kind <> 'article'",
}


def rebuild(
    *,
    batch: int = 2000,
    progress: Callable[[str, int, int], None] | None = None,
    exclusive: bool = False,
) -> dict[str, int]:
    """Recreate the whole index from the sources. Oldest first, so that the most recent
    documents get the highest ids (search narrows big result sets to the most recent).

    `exclusive` (PostgreSQL): empty the table with TRUNCATE and drop the full-text indexes
    while the rows are written, creating them once at the end, several times faster at a
    million documents; searches wait for the rebuild to finish instead of reading the old index
    meanwhile. Otherwise the old rows are deleted. Either way the table is vacuumed after the
    commit (when not inside a caller's transaction)."""
    counts = {}
    exclusive = exclusive and connection.vendor == "postgresql"
    with transaction.atomic():
        clear(truncate=exclusive)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('site_search_searchdocument', 'id'), "
                    "1, false)"
                )
                if exclusive:
                    for name in PG_FULLTEXT_INDEXES:
                        cursor.execute(f"DROP INDEX IF EXISTS {name}")
        for kind, source in SOURCES.items():
            queryset = source.queryset()
            if source.order_by:
                queryset = queryset.order_by(*source.order_by)
            total = queryset.count()
            done, pending = 0, []
            for obj in queryset.iterator(chunk_size=batch):
                pending.extend(source.documents(obj))
                done += 1
                if len(pending) >= batch:
                    write(pending)
                    pending = []
                    if progress:
                        progress(kind, done, total)
            write(pending)
            if progress:
                progress(kind, done, total)
            counts[kind] = done
        if exclusive:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for name, definition in PG_FULLTEXT_INDEXES.items():
                    if progress:
                        progress(f"index {name}", 0, 1)
                    cursor.execute(
                        f"CREATE INDEX {name} ON site_search_searchdocument {definition}"
                    )
                    if progress:
                        progress(f"index {name}", 1, 1)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO site_search_fts (site_search_fts) VALUES ('optimize')")
    elif connection.vendor == "postgresql":
        # VACUUM (after the commit; not inside a caller's transaction): drops the rows deleted
        # above, and marks the new ones visible once, which the first searches after a bulk
        # load would otherwise do, writing every page they read (autovacuum would do it later)
        vacuum = not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute(f"{'VACUUM ' if vacuum else ''}ANALYZE site_search_searchdocument")
    return counts
