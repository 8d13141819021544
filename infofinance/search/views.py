"""The results page and the suggestions endpoint; the work is in selectors.py."""

from urllib.parse import urlencode

from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from infofinance.text.language import current_language

from . import engine, index, selectors
from .forms import SearchForm
from .text import parse


def _language() -> str:
    return current_language()


@require_safe
def search(request):
    language = _language()
    sections = selectors.sections_for(language)
    form = SearchForm(request.GET, sections=sections, kinds=index.SOURCES)
    form.is_valid()
    query = parse(request.GET.get("q", ""))
    kind = form.value("type", "")
    date_from, date_to = form.date_range()
    filters = engine.Filters(
        language=language,
        both_languages=bool(form.value("both", False)),
        section_id=form.value("section"),
        date_from=date_from,
        date_to=date_to,
    )
    results = selectors.search(query, filters, kind=kind, page=request.GET.get("page", 1))
    kept = {
        key: request.GET.get(key)
        for key in ("q", "section", "date_from", "date_to", "both")
        if request.GET.get(key) and key not in form.errors
    }
    if "q" in kept:
        kept["q"] = query.text
    context = {
        "form": form,
        "query": query.text,
        "parsed": query,
        "results": results,
        "kind": kind,
        "tab_query": urlencode(kept),
        "page_query": QueryDict(urlencode({**kept, **({"type": kind} if kind else {})})),
        "news_filters": not kind or index.SOURCES[kind].filtered,
        "filtered": bool(filters.section_id or date_from or date_to),
        "noindex": True,
    }
    response = render(request, "search/results.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def suggest(request):
    data = selectors.suggestions(request.GET.get("q", ""), _language())
    response = JsonResponse(data)
    response["X-Robots-Tag"] = "noindex"
    return response
