"""Where the language switch leads, for pages that are not pages of the tree (search, the
account pages, error pages): the same route in the other language, with the query parameters
the page reads; on a page that does not exist, the nearest existing parent's counterpart. The
`language_switch_url` tag (infofinance.py) asks this when the page gave no translation of its
own."""

from urllib.parse import urlencode, urlsplit

from django.http import Http404
from django.urls import NoReverseMatch, Resolver404, resolve

from infofinance.core.context_processors import HOME_URLS
from infofinance.core.urls import reverse_in

# Never taken along: the page number (the other language's list is another list), the partial
# results script asks for, and trackers.
DROPPED = {"page", "partial", "fbclid", "gclid", "zarsrc", "zarsrc_id"}
DROPPED_PREFIXES = ("utm_",)


def route_url(request, language: str, *, not_found: bool = False) -> tuple[str, bool]:
    """(URL, same page?) in `language` for the request's own route; for a page that was not
    found, its nearest existing parent's (not the same page)."""
    match = request.resolver_match
    if match is not None and not not_found and match.view_name != "wagtail_serve":
        try:
            return reverse_in(language, match.view_name, **match.kwargs), True
        except NoReverseMatch:
            pass
    return nearest_url(request, request.path, language, include_self=not not_found), False


def nearest_url(request, path: str, language: str, *, include_self: bool) -> str:
    """The counterpart in `language` of `path`, else of its nearest parent that exists, else
    the home page."""
    segments = [segment for segment in path.split("/") if segment]
    start = len(segments) if include_self else len(segments) - 1
    for length in range(start, 0, -1):
        url = _counterpart(request, "/" + "/".join(segments[:length]) + "/", language)
        if url:
            return url
    return HOME_URLS.get(language, "/")


def _counterpart(request, path: str, language: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name == "wagtail_serve":
        page = _page_at(request, match.args[0] if match.args else match.kwargs.get("path", ""))
        if page is None:
            return None
        translations = page.live_translations() if hasattr(page, "live_translations") else {}
        fallback = getattr(page, "fallback_url", None)
        return translations.get(language) or (fallback(language) if fallback else None)
    if match.kwargs:  # its arguments may be words of this language (a category's slug)
        return None
    try:
        return reverse_in(language, match.view_name)
    except NoReverseMatch:
        return None


def _page_at(request, path: str):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    try:
        page = site.root_page.localized.specific.route(request, components)[0]
    except Http404:
        return None
    return page if page.live else None


def kept_query(request, language: str) -> str:
    """`?…` with the query parameters worth keeping in `language`: a login's `next` in that
    language, a section filter's page translated, no page number or tracker."""
    kept = []
    for key, values in request.GET.lists():
        if key in DROPPED or key.startswith(DROPPED_PREFIXES):
            continue
        translate = _TRANSLATED.get(key)
        for value in values:
            value = translate(request, value, language) if translate else value
            if value:
                kept.append((key, value))
    return "?" + urlencode(kept) if kept else ""


def _next_in(request, value: str, language: str) -> str:
    """A local `next` path in `language`; anything else as it was (the login checks it)."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or "\\" in value:
        return value
    url = nearest_url(request, parts.path, language, include_self=True)
    return url + (f"?{parts.query}" if parts.query else "")


def _page_in(request, value: str, language: str) -> str:
    """A page's id (search's section filter): its live translation's id, else nothing."""
    from wagtail.models import Page

    if not value.isdigit():
        return ""
    found = Page.objects.filter(
        translation_key__in=Page.objects.filter(pk=int(value)).values("translation_key"),
        locale__language_code=language,
        live=True,
    ).values_list("pk", flat=True)[:1]
    return str(found[0]) if found else ""


_TRANSLATED = {"next": _next_in, "section": _page_in}
