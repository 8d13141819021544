"""Reads of the site search: the results page and the as-you-type suggestions."""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString

from . import engine, index
from .models import SearchDocument
from .text import Query, highlight, parse

COUNT_CAP = 1000
SNIPPET_LENGTH = 220


@dataclass
class Result:
    kind: str
    label: str
    url: str
    title: SafeString
    plain_title: str
    snippet: SafeString
    language: str  # the one the title and snippet are written in
    published_at: object = None
    section: object = None


@dataclass
class Tab:
    kind: str  # "" for every kind
    label: str
    count: int
    capped: bool
    active: bool


@dataclass
class ResultsPage:
    query: Query
    tabs: list[Tab] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    number: int = 1
    num_pages: int = 0
    total: int = 0
    capped: bool = False

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages


def page_number(raw, num_pages: int) -> int:
    """Any page number, made the nearest valid one (text, negatives and 10^9 included)."""
    try:
        number = int(str(raw).strip()[:12])
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(num_pages, 1))


def search(
    query: Query, filters: engine.Filters, *, kind: str = "", page=1, page_size=None
) -> ResultsPage:
    page_size = page_size or settings.NEWS_PAGE_SIZE
    result = ResultsPage(query=query)
    if not query:
        return result
    hits = engine.candidates(query, filters)
    counts: dict[str, int] = {}
    for hit in hits:
        counts[hit.kind] = counts.get(hit.kind, 0) + 1
    kinds = [k for k in index.SOURCES if not filters.kinds or k in filters.kinds]
    total = len(hits)
    result.tabs = [Tab("", "", min(total, COUNT_CAP), total >= COUNT_CAP, not kind)] + [
        Tab(
            k,
            str(index.SOURCES[k].label),
            counts.get(k, 0),
            counts.get(k, 0) >= engine.limit_for(k),
            kind == k,
        )
        for k in kinds
    ]
    if kind:
        hits = [hit for hit in hits if hit.kind == kind]
    hits = hits[:COUNT_CAP]
    result.total, result.capped = len(hits), len(hits) >= COUNT_CAP
    result.num_pages = math.ceil(result.total / page_size)
    result.number = page_number(page, result.num_pages)
    start = (result.number - 1) * page_size
    result.results = results_for(hits[start : start + page_size], query)
    return result


def results_for(hits: list[engine.Hit], query: Query) -> list[Result]:
    """The page's hits as results, re-reading each object through its source (so nothing that
    stopped being public in between is ever shown): one query per kind on the page."""
    if not hits:
        return []
    documents = {
        d.pk: d
        for d in SearchDocument.objects.filter(pk__in=[h.id for h in hits]).only(
            "title", "summary", "published_at", "section_id", "language"
        )
    }
    objects = {}
    for kind in {hit.kind for hit in hits}:
        source = index.SOURCES[kind]
        ids = [hit.object_id for hit in hits if hit.kind == kind]
        objects[kind] = {obj.pk: obj for obj in source.queryset().filter(pk__in=ids)}
    sections = _sections({d.section_id for d in documents.values() if d.section_id})
    results = []
    for hit in hits:
        obj, document = objects[hit.kind].get(hit.object_id), documents.get(hit.id)
        if obj is None or document is None:
            continue
        source = index.SOURCES[hit.kind]
        results.append(
            Result(
                kind=hit.kind,
                label=str(source.label),
                url=source.url(obj, hit.language),
                title=highlight(document.title, query),
                plain_title=document.title,
                snippet=_snippet(source, obj, document, query),
                language=hit.text_language,
                published_at=document.published_at,
                section=sections.get(document.section_id),
            )
        )
    return results


def _snippet(source, obj, document, query: Query) -> SafeString:
    """The summary with the matched words marked, or else the passage of the body that has
    them."""
    summary = highlight(document.summary, query, around=SNIPPET_LENGTH)
    if "<mark>" in summary:
        return summary
    for full in source.documents(obj):
        if full.language == document.language and full.body:
            body = highlight(full.body, query, around=SNIPPET_LENGTH)
            if "<mark>" in body:
                return body
    return summary


def _sections(ids):
    if not ids or not index.SECTIONS:
        return {}
    return index.SECTIONS[0].by_ids(ids)


def sections_for(language: str):
    """The sections the results page filters by (those the sources registered)."""
    return index.SECTIONS[0].for_language(language) if index.SECTIONS else []


def suggestions(raw: str, language: str, *, limit: int = 5) -> dict:
    """As-you-type: the lists apps registered (brokers by name, abbreviation or alias, article
    titles...), each under its name."""
    query = parse(raw)
    lists = index.suggestion_lists()
    if not query:
        return {entry.name: [] for entry in lists}
    return {entry.name: entry.find(query, language, limit) for entry in lists}


def titles_of(kind: str, *, candidates: int):
    """A suggestions list (index.register_suggestions) of the best `kind` results' titles,
    chosen among its `candidates` best matches."""

    def find(query: Query, language: str, limit: int) -> list[dict]:
        hits = engine.candidates(
            query, engine.Filters(language=language, kinds=(kind,)), limits={kind: candidates}
        )[:limit]
        return [{"title": r.plain_title, "url": r.url} for r in results_for(hits, query)]

    return find
