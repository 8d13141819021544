"""robots.txt: the paths crawlers are asked to leave alone, registered by what owns them.

An app registers its paths from its `AppConfig.ready()`; the project URLconf registers the
paths it serves itself (the admin):

    from infofinance.discovery import robots
    robots.disallow_route("search")    # a route-registry prefix: /tim-kiem/ and /en/search/
    robots.disallow("/admin/")         # a path as it is, the same in every language

Paths are resolved when robots.txt is asked for (after every app's ready() and the URLconf),
listed once each, in the order registered; the sitemaps follow them.
"""

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

from infofinance.wiring import routes

_disallowed: dict[str, Callable[[], list[str]]] = {}


def disallow(path: str) -> None:
    """Ask crawlers to leave `path` (absolute, with its trailing slash) and what is below it."""
    if not path.startswith("/"):
        raise ValueError(f"robots.txt: an absolute path, not {path!r}")
    _disallowed[f"path:{path}"] = lambda: [path]


def disallow_route(name: str) -> None:
    """Ask crawlers to leave the route registry's prefix `name`, in every language."""
    _disallowed[f"route:{name}"] = lambda: _prefix_paths(name)


def _language_root(language: str) -> str:
    # The default language has no prefix (i18n_patterns with prefix_default_language=False).
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


def _prefix_paths(name: str) -> list[str]:
    for entry in routes.prefixes():
        if entry.name == name:
            return [
                f"{_language_root(language)}{getattr(entry, language)}/"
                for language, _label in settings.LANGUAGES
            ]
    raise LookupError(f"robots.txt: no route prefix {name!r} is registered")


def disallowed() -> list[str]:
    """Every registered path, once, in the order registered."""
    paths: list[str] = []
    for resolve in _disallowed.values():
        paths.extend(path for path in resolve() if path not in paths)
    return paths


def lines() -> list[str]:
    """robots.txt, line by line."""
    return [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed()),
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('news-sitemap')}",
    ]
