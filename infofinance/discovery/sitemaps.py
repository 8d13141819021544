"""Sitemaps: one index, per-language part files of at most `limit` URLs with xhtml:link
alternates between translations, and the Google News sitemap.

Apps register their sections from their `AppConfig.ready()`; each becomes one part file per
language, `sitemap-<language>-<name>.xml`, listed in the index after the pages' part, in the
order registered (the order of INSTALLED_APPS):

    from infofinance.discovery import sitemaps
    sitemaps.register("articles", ArticleSitemap, pages=(ArticlePage,))
    sitemaps.register_news(latest_articles)  # Google News: pages with a title and published_at

`factory(language)` returns the section's Sitemap. `pages`: the page models the section lists,
which the pages' part (every other live public page) leaves out.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page

from infofinance.core.locales import locale_for
from infofinance.core.urls import reverse_in

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Section:
    name: str
    factory: Callable[[str], Sitemap]
    pages: tuple[type, ...] = ()


SECTIONS: dict[str, Section] = {}
NEWS: list[Callable[[], Iterable]] = []


def register(name: str, factory: Callable[[str], Sitemap], *, pages: Iterable[type] = ()):
    SECTIONS[name] = Section(name, factory, tuple(pages))


def register_news(items: Callable[[], Iterable]) -> None:
    """Pages for the Google News sitemap (`url`, `title`, `published_at`, `locale`)."""
    NEWS.append(items)


class SiteUrlSitemap(Sitemap):
    """Locations are absolute with SITE_URL, whatever host the request came in on."""

    # The protocol allows 50,000; smaller files keep each one fast to build at a million
    # articles (one query for the URLs and a few for their alternates).
    limit = 5000

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def alternates_for(self, items) -> dict:
        """{item: {language: absolute URL}} for the items of one part file."""
        return {}

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        alternates = self.alternates_for([url["item"] for url in urls])
        for url in urls:
            languages = alternates.get(url["item"], {})
            if len(languages) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": location}
                    for code, location in sorted(languages.items())
                ] + [{"lang_code": "x-default", "location": languages.get("vi") or url["location"]}]
        return urls


def public_pages(model, language: str):
    """Live pages of `model` in `language`, without private (restricted) ones or their children."""
    return model.objects.live().public().filter(locale=locale_for(language))


class PageSitemap(SiteUrlSitemap):
    model = Page

    def __init__(self, language: str):
        self.language = language

    def items(self):
        return public_pages(self.model, self.language).order_by("path")

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.last_published_at

    def alternates_for(self, items):
        keys = [item.translation_key for item in items]
        found: dict = {}
        for start in range(0, len(keys), 1000):
            rows = Page.objects.live().filter(translation_key__in=keys[start : start + 1000])
            for row in rows.select_related("locale"):
                found.setdefault(row.translation_key, {})[row.locale.language_code] = (
                    settings.SITE_URL + row.url
                )
        return {item: found.get(item.translation_key, {}) for item in items}


class PagesSitemap(PageSitemap):
    """Home pages, hubs, author list, authors and standard pages: every page no section lists."""

    def __init__(self, language: str, exclude: tuple[type, ...] = ()):
        super().__init__(language)
        self.exclude = exclude

    def items(self):
        pages = public_pages(Page, self.language).filter(depth__gte=2)
        if self.exclude:
            pages = pages.not_type(*self.exclude)
        return pages.specific().order_by("path")


class RouteSitemap(SiteUrlSitemap):
    """Non-page routes that exist in both languages under the same name (e.g. brokers)."""

    def __init__(self, language: str, route: str, queryset, kwarg: str = "slug"):
        self.language, self.route, self.queryset, self.kwarg = language, route, queryset, kwarg

    def items(self):
        return self.queryset

    def url_in(self, item, language):
        return reverse_in(language, self.route, **{self.kwarg: getattr(item, self.kwarg)})

    def location(self, item):
        return self.url_in(item, self.language)

    def lastmod(self, item):
        return getattr(item, "updated_at", None)

    def alternates_for(self, items):
        return {
            item: {
                language: settings.SITE_URL + self.url_in(item, language) for language in LANGUAGES
            }
            for item in items
        }


@dataclass(frozen=True, eq=False)
class Route:
    """One view beside the page tree, in both languages: `name` reversed with `kwargs` in
    each language (`kwargs_in(language)` when its arguments differ per language)."""

    name: str
    kwargs: dict | None = None
    kwargs_in: Callable[[str], dict] | None = None
    lastmod: object = None

    def url_in(self, language: str) -> str:
        kwargs = self.kwargs_in(language) if self.kwargs_in else (self.kwargs or {})
        return reverse_in(language, self.name, **kwargs)


def files_changed(*paths) -> datetime | None:
    """When the newest of these files last changed: the last change of a page that is only
    its template and code (a method, an empty list)."""
    times = [Path(path).stat().st_mtime for path in paths if Path(path).exists()]
    return datetime.fromtimestamp(max(times), tz=UTC) if times else None


class RoutesSitemap(SiteUrlSitemap):
    """Fixed views of an app (a directory, its method, a list and its categories): `routes()`
    returns the Routes, each listed in both languages with the other as its alternate."""

    def __init__(self, language: str, routes: Callable[[], Iterable[Route]]):
        self.language, self.routes = language, routes

    def items(self):
        return list(self.routes())

    def location(self, item):
        return item.url_in(self.language)

    def lastmod(self, item):
        return item.lastmod() if callable(item.lastmod) else item.lastmod

    def alternates_for(self, items):
        return {
            item: {language: settings.SITE_URL + item.url_in(language) for language in LANGUAGES}
            for item in items
        }


def sitemaps() -> dict[str, Sitemap]:
    claimed = tuple(model for section in SECTIONS.values() for model in section.pages)
    parts: dict[str, Sitemap] = {}
    for language in LANGUAGES:
        parts[f"{language}-pages"] = PagesSitemap(language, claimed)
        for name, section in SECTIONS.items():
            parts[f"{language}-{name}"] = section.factory(language)
    return parts


def news_items() -> list:
    """The Google News sitemap's pages, from every provider registered."""
    if len(NEWS) == 1:
        return NEWS[0]()
    return [item for items in NEWS for item in items()]
