"""RSS 2.0, Atom and JSON Feed of the news in each language: all news, a section, a tag. Items
carry the lead, the full sanitized body and the hero image; every text is made XML-safe.
Registered from NewsConfig.ready() with the discovery app, which serves them."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _

from infofinance.core.locales import locale_for
from infofinance.core.restrictions import public
from infofinance.core.urls import localized_route
from infofinance.discovery import feeds
from infofinance.discovery.feeds import (
    ContentAtom,
    ContentRss,
    FeedLinks,
    absolute,
    image_enclosure,
    stream_html,
    xml_text,
)
from infofinance.text.language import current_language

from . import selectors
from .models import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticleTag, HubKind, Section, Tag

FEED_SIZE = 50


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
    return stream_html(article.body)


def hero(article: ArticlePage):
    return image_enclosure(article.hero_image if article.hero_image_id else None)


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


_SCOPES = [
    ("", "", {}),
    ("chuyen-muc/<slug:section>/", "section/<slug:section>/", {}),
    ("the/<slug:tag>/", "tag/<slug:tag>/", {}),
]
_FORMATS = [
    ("rss/", ArticleRssFeed(), "rss"),
    ("atom/", ArticleAtomFeed(), "atom"),
    ("feed.json", json_feed, "json"),
]
urlpatterns = [
    path(
        localized_route(f"tin-tuc/{vi}{suffix}", f"news/{en}{suffix}"),
        view,
        name=f"news-{kind}-{'all' if not vi else vi.split('/')[0]}",
    )
    for vi, en, _unused in _SCOPES
    for suffix, view, kind in _FORMATS
]


def all_news_links() -> FeedLinks:
    return FeedLinks("news-{kind}-all", _("News"))


def feed_links(context) -> FeedLinks | None:
    """The news hub links to all news, a section's listing to the section's, a tag's to the
    tag's (not the knowledge hub)."""
    page = context.get("page")
    if not isinstance(page, ArticleIndexPage) or page.kind != HubKind.NEWS:
        return None
    section, tag = context.get("section"), context.get("tag")
    if tag is not None:
        return FeedLinks("news-{kind}-the", tag.name or _("News"), {"tag": tag.slug})
    if section is not None:
        return FeedLinks(
            "news-{kind}-chuyen-muc", section.name or _("News"), {"section": section.slug}
        )
    return all_news_links()


def register() -> None:
    feeds.register("news", urlpatterns, links=feed_links)
