"""Page URLs without a `reverse()` per page.

Wagtail builds every page URL (`page.url`, `{% pageurl %}`, hreflang links) by activating the
page's language and reversing `wagtail_serve` with the page's path: an article shows a dozen
or more, and that was the larger part of their cost. A path made of slug characters reverses
to the same prefix, per language and script prefix, followed by the path, so the prefix is
reversed once and kept; any other path goes through `reverse()` as before. Everything else is
Wagtail's `Page.get_url_parts` and `get_url` unchanged (`tests/test_pageurls.py` compares the
two for pages of both languages, with and without a request).

The project's base page (`core.pages.BasePage.get_url_parts`) asks `get_url_parts` here; with
the fast path off that is Wagtail's own method, and `local_url` reverses every URL."""

import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from . import enabled
from .sitecache import in_request
from .sitecache import site_root_paths as _site_root_paths

# Paths `wagtail_serve` accepts and reverse() leaves as they are (ASCII slug characters).
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_\-]+/)*")
_SENTINEL = "infofinance-prefix/"
_prefixes: dict[tuple[str, str], str | None] = {}


def serve_path(path: str, language: str) -> str:
    """`reverse("wagtail_serve", args=(path,))` with `language` active (NoReverseMatch as it)."""
    if not enabled() or not _PLAIN_PATH.fullmatch(path):
        with translation.override(language):
            return reverse("wagtail_serve", args=(path,))
    key = (language, get_script_prefix())
    if key not in _prefixes:
        with translation.override(language):
            try:
                url = reverse("wagtail_serve", args=(_SENTINEL,))
            except NoReverseMatch:
                url = None
        _prefixes[key] = url[: -len(_SENTINEL)] if url and url.endswith(_SENTINEL) else None
    prefix = _prefixes[key]
    if prefix is None:  # not routable, or a URLconf this shortcut does not understand
        with translation.override(language):
            return reverse("wagtail_serve", args=(path,))
    return prefix + path


# (site id, root URL, page path) as Wagtail's get_url_parts returns them.
UrlParts = tuple[Any, str | None, str | None]


def url_parts(
    url_path: str, root_paths: Iterable[Any], request: HttpRequest | None = None
) -> UrlParts | None:
    """`Page.get_url_parts` of a page with this url_path, given the site root paths (Wagtail's
    code, `serve_path`)."""
    possible_sites = tuple(srp for srp in root_paths if url_path.startswith(srp.root_path))
    if not possible_sites:
        return None
    site_id, root_path, root_url, language_code = possible_sites[0]
    unique_site_ids = {values[0] for values in possible_sites}
    if len(unique_site_ids) > 1 and isinstance(request, HttpRequest):
        site = Site.find_for_request(request)
        if site:
            for values in possible_sites:
                if values[0] == site.pk:
                    site_id, root_path, root_url, language_code = values
                    break
    use_wagtail_i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    if use_wagtail_i18n:
        active = translation.get_language()
        try:
            if get_supported_content_language_variant(active) == language_code:
                language_code = active
        except LookupError:
            pass
    try:
        if use_wagtail_i18n:
            page_path = serve_path(url_path[len(root_path) :], language_code)
        else:
            page_path = reverse("wagtail_serve", args=(url_path[len(root_path) :],))
    except NoReverseMatch:
        return (site_id, None, None)
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and page_path != "/":
        page_path = page_path.rstrip("/")
    return (site_id, root_url, page_path)


def get_url_parts(
    page: Any, request: HttpRequest | None, stock: Callable[[HttpRequest | None], Any]
) -> Any:
    """`page.get_url_parts(request)`: `url_parts` over the site root paths read once per
    request; `stock(request)` (Wagtail's method) with the fast path off."""
    if not enabled():
        return stock(request)
    return url_parts(page.url_path, page._get_site_root_paths(request), request)


def site_root_paths(cache_object: Any, stock: Callable[..., Any], **kwargs: Any) -> Any:
    """`page._get_site_root_paths(cache_object)`, which Wagtail's `get_url_parts`, `get_url` and
    `relative_url` read: during a request, the paths read once per request with the other
    site-wide values (`sitecache.site_root_paths`) instead of once per page from the cache;
    otherwise, and with the fast path off, `stock` (Wagtail's method, which keeps them on the
    page or the request)."""
    if not enabled() or not in_request():
        return stock(cache_object, **kwargs)
    paths = _site_root_paths()
    if cache_object is not None:
        # As stock does: Wagtail's redirect handler reads the copy it kept on its request.
        cache_object._wagtail_cached_site_root_paths = paths
    return paths


def local_url(url_path: str) -> str | None:
    """`Page(url_path=url_path).url`, without making a Page."""
    root_paths: list[Any] = _site_root_paths()
    parts = url_parts(url_path, root_paths)
    if parts is None or (parts[1] is None and parts[2] is None):
        return None
    _site_id, root_url, page_path = parts
    if len({srp[0] for srp in root_paths}) == 1:
        return page_path
    # Both set: url_parts leaves both out only when the path does not reverse (checked above).
    return cast(str, root_url) + cast(str, page_path)
