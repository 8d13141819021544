"""The results page. Until the Vietnamese-aware search lands, it asks Wagtail's database search
backend for live articles of the page's language, and lists brokers whose name, abbreviation or
alias matches (diacritics ignored)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from infofinance.brokers import selectors as broker_selectors
from infofinance.core.search_text import clean_query
from infofinance.news.models import ArticlePage

MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    query = clean_query(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    page_obj, brokers = None, []
    if query:
        brokers = broker_selectors.suggestions(query, limit=6)
        locale = Locale.objects.filter(language_code=(get_language() or "vi")[:2]).first()
        results = ArticlePage.objects.live().filter(locale=locale).search(query)
        page_obj = Paginator(results, settings.NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(
        request,
        "search/results.html",
        {"query": query, "page_obj": page_obj, "brokers": brokers, "noindex": True},
    )
    response["X-Robots-Tag"] = "noindex"
    return response
