"""RSS 2.0, Atom and JSON Feed of the news in each language: all news, a section, a tag. Items
carry the lead, the full sanitized body and the hero image; every text is made XML-safe."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from infofinance.core.locales import current_language, locale_for
from infofinance.core.restrictions import public
from infofinance.core.templatetags.infofinance import sanitize_html
from infofinance.news import selectors
from infofinance.news.models import ArticleAuthor, ArticlePage, ArticleTag, HubKind, Section, Tag

FEED_SIZE = 50
HERO_SPEC = "width-1200"
# Characters XML 1.0 forbids (Django's XML writer refuses them).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RELATIVE = re.compile(r'(src|href)="/(?!/)')


def xml_text(value) -> str:
    return _XML_INVALID.sub("", str(value or ""))


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


@dataclass
class Scope:
    """What a feed covers: a language, and possibly one section or one tag."""

    language: str
    locale: object
    hub_url: str
    section: Section | None = None
    tag: Tag | None = None
    feed_path: str = ""

    @property
    def name(self) -> str:
        return self.section.name if self.section else (self.tag.name if self.tag else "")

    @property
    def url(self) -> str:
        if self.section:
            return selectors.section_url(self.section)
        if self.tag:
            return selectors.tag_url(self.tag)
        return self.hub_url


def resolve_scope(section: str | None = None, tag: str | None = None) -> Scope:
    language = current_language()
    locale = locale_for(language)
    hub_url = selectors.hub_urls().get((language, HubKind.NEWS))
    if locale is None or hub_url is None:
        raise Http404
    scope = Scope(language, locale, hub_url)
    if section is not None:
        scope.section = selectors.section_by_slug(kind=HubKind.NEWS, locale=locale, slug=section)
        if scope.section is None:
            raise Http404
    if tag is not None:
        scope.tag = selectors.tag_by_slug(locale=locale, slug=tag)
        if scope.tag is None:
            raise Http404
    return scope


def feed_articles(scope: Scope) -> list[ArticlePage]:
    """The latest live articles of the scope with everything an item needs, in a fixed number
    of queries."""
    if scope.section is not None:
        listing = selectors.section_articles(section=scope.section)
    elif scope.tag is not None:
        listing = selectors.tag_articles(tag=scope.tag)
    else:
        listing = selectors.hub_articles(
            hub=selectors.hub_for(kind=HubKind.NEWS, locale=scope.locale)
        )
    return list(
        public(ArticlePage.objects.live().filter(pk__in=listing.ids[:FEED_SIZE]))
        .select_related("section", "hero_image")
        .prefetch_related(
            "hero_image__renditions",
            Prefetch("author_links", queryset=ArticleAuthor.objects.select_related("author")),
            Prefetch("tag_links", queryset=ArticleTag.objects.select_related("tag")),
        )
        .order_by("-published_at", "-pk")
    )


def body_html(article: ArticlePage) -> str:
    html = "".join(block.render() for block in article.body)
    return xml_text(_RELATIVE.sub(rf'\1="{settings.SITE_URL}/', sanitize_html(html)))


def hero(article: ArticlePage):
    if not article.hero_image_id:
        return None
    rendition = article.hero_image.get_rendition(HERO_SPEC)
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


class ArticleRssFeed(Feed):
    feed_type = ContentRss

    def get_object(self, request, section=None, tag=None):
        scope = resolve_scope(section, tag)
        scope.feed_path = request.path
        return scope

    def title(self, scope):
        base = _("Info Finance — News")
        return xml_text(f"{base}: {scope.name}" if scope.name else base)

    def link(self, scope):
        return absolute(scope.url)

    def description(self, scope):
        return _("Market news, world news and investor-protection warnings from Info Finance.")

    def feed_url(self, scope):
        return absolute(scope.feed_path)

    def items(self, scope):
        return feed_articles(scope)

    def item_title(self, article):
        return xml_text(article.title)

    def item_description(self, article):
        return xml_text(article.lead)

    def item_link(self, article):
        return absolute(article.url)

    def item_guid(self, article):
        return absolute(article.url)

    def item_author_name(self, article):
        return xml_text(", ".join(link.author.title for link in article.author_links.all())) or None

    def item_categories(self, article):
        names = [article.section.name] if article.section else []
        return [xml_text(n) for n in names + [link.tag.name for link in article.tag_links.all()]]

    def item_pubdate(self, article):
        return article.display_date

    def item_updateddate(self, article):
        return article.updated_at or article.last_published_at or article.display_date

    def item_enclosures(self, article):
        from django.utils.feedgenerator import Enclosure

        image = hero(article)
        return [Enclosure(*image)] if image else []

    def item_extra_kwargs(self, article):
        return {"content_html": body_html(article)}


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = ContentAtom
    subtitle = ArticleRssFeed.description


def json_feed(request, section=None, tag=None):
    """JSON Feed 1.1 of the same items."""
    scope = resolve_scope(section, tag)
    feed = ArticleRssFeed()
    items = []
    for article in feed_articles(scope):
        item = {
            "id": absolute(article.url),
            "url": absolute(article.url),
            "title": article.title,
            "summary": article.lead,
            "content_html": body_html(article),
            "date_published": feed.item_pubdate(article).isoformat(),
            "date_modified": feed.item_updateddate(article).isoformat(),
            "authors": [
                {"name": link.author.title, "url": absolute(link.author.url)}
                for link in article.author_links.all()
            ],
            "tags": feed.item_categories(article),
            "language": scope.language,
        }
        image = hero(article)
        if image:
            item["image"] = image[0]
        items.append(item)
    return JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title(scope),
            "home_page_url": absolute(scope.url),
            "feed_url": absolute(request.path),
            "language": scope.language,
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
        content_type="application/feed+json; charset=utf-8",
    )
