"""The latest-news fragment: a list every article page shows, served and cached on its own so a
publication refreshes one small fragment per language instead of every article page."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from infofinance.core.locales import locale_for

from . import selectors

LATEST_LIMIT = 6


@require_safe
def latest_fragment(request):
    locale = locale_for(get_language())
    articles = (
        selectors.latest_articles(locale_id=locale.pk, limit=LATEST_LIMIT, with_images=False)
        if locale
        else []
    )
    response = render(request, "news/latest_fragment.html", {"latest": articles})
    response["X-Robots-Tag"] = "noindex"
    return response
