"""Feeds: the registry of the feeds apps publish, and what every feed shares (XML-safe text,
absolute URLs, RSS and Atom with the full body, the hero image as an enclosure).

An app registers its feeds' URL patterns (included inside i18n_patterns, so each language has
its own paths) and, optionally, which pages link to them (`<link rel="alternate">`), from its
`AppConfig.ready()`:

    from infofinance.discovery import feeds
    feeds.register("news", urlpatterns, links=news_feed_links)

`links(context)` returns the page's FeedLinks, or None when that app has no feed for the page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from infofinance.core.templatetags.infofinance import sanitize_html

HERO_SPEC = "width-1200"
# Characters XML 1.0 forbids (Django's XML writer refuses them).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RELATIVE = re.compile(r'(src|href)="/(?!/)')


@dataclass(frozen=True)
class FeedLinks:
    """The feeds a page links to: `url_name` with `{kind}` for rss, atom and json, reversed
    with `kwargs`; `title` names them ("Info Finance — <title> (RSS)")."""

    url_name: str
    title: str
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FeedSet:
    name: str
    urlpatterns: list
    links: Callable[[object], FeedLinks | None] | None = None


FEEDS: dict[str, FeedSet] = {}
LINKS: list[Callable[[object], FeedLinks | None]] = []


def register(name: str, urlpatterns: list, *, links=None) -> None:
    FEEDS[name] = FeedSet(name, list(urlpatterns), links)
    if links is not None:
        LINKS.append(links)


def register_links(links: Callable[[object], FeedLinks | None]) -> None:
    """Pages of another app that link to a registered feed (the home page to the news)."""
    LINKS.append(links)


def urlpatterns() -> list:
    return [pattern for feed in FEEDS.values() for pattern in feed.urlpatterns]


def links_for(context) -> FeedLinks | None:
    for links in LINKS:
        found = links(context)
        if found is not None:
            return found
    return None


def xml_text(value) -> str:
    return _XML_INVALID.sub("", str(value or ""))


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def entry_id(minted: datetime, *specific: object) -> str:
    """A feed entry's id: a tag URI (RFC 4151) on the site's host, dated when the thing was
    first published, that stays the entry's whatever its URL becomes. The date is the UTC
    one, whatever zone `minted` is in: a time read back from the database is in UTC, one
    parsed from the admin's form in Vietnam time, and near midnight their dates differ."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    day = minted.astimezone(UTC).date().isoformat()
    return ":".join(["tag", f"{host},{day}", *(str(part) for part in specific)])


def stream_html(value) -> str:
    """A StreamField's blocks rendered, sanitized, XML-safe, with absolute links."""
    html = "".join(block.render() for block in value)
    return xml_text(_RELATIVE.sub(rf'\1="{settings.SITE_URL}/', sanitize_html(html)))


def image_enclosure(image):
    """(absolute URL, size, MIME type) of an image's feed rendition, or None."""
    if image is None:
        return None
    rendition = image.get_rendition(HERO_SPEC)
    try:
        size = rendition.file.size
    except (OSError, ValueError):
        size = 0
    mime = "image/png" if rendition.url.lower().endswith(".png") else "image/jpeg"
    return absolute(rendition.url), str(size), mime


class ContentRss(Rss201rev2Feed):
    """RSS 2.0 with the full body in content:encoded."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class ContentAtom(Atom1Feed):
    """Atom with the full body as HTML content."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
