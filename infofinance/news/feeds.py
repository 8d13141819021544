"""RSS 2.0, Atom and JSON Feed of the newsroom in each language: all news, a news section, a
tag, the knowledge hub and its sections, an author. Items carry the lead, the full sanitized
body and the hero image; every text is made XML-safe. Registered from NewsConfig.ready() with
the discovery app, which serves them.

An item's id (RSS guid, Atom id, JSON Feed id) is a tag URI (RFC 4151) made of the article's
number and its first publication date, never its URL: a renamed slug or a moved article keeps
its id, so readers do not see it twice. Its updated time is the time of its last change in
substance (the editor's "updated", else its publication), at the precision it was stored; two
entries of one feed never share one (`distinct_updates`)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

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
from .models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleTag,
    AuthorPage,
    HubKind,
    Section,
    Tag,
)

FEED_SIZE = 50


@dataclass
class Scope:
    """What a feed covers: a language and a hub (news or knowledge), possibly one section, one
    tag or one author of it."""

    language: str
    locale: object
    hub_url: str
    kind: str = HubKind.NEWS
    section: Section | None = None
    tag: Tag | None = None
    author: AuthorPage | None = None
    feed_path: str = ""

    @property
    def name(self) -> str:
        for item, attribute in ((self.section, "name"), (self.tag, "name"), (self.author, "title")):
            if item is not None:
                return getattr(item, attribute)
        return ""

    @property
    def url(self) -> str:
        if self.section:
            return selectors.section_url(self.section)
        if self.tag:
            return selectors.tag_url(self.tag)
        if self.author:
            return self.author.url
        return self.hub_url


def resolve_scope(
    section: str | None = None,
    tag: str | None = None,
    *,
    kind: str = HubKind.NEWS,
    author: str | None = None,
) -> Scope:
    language = current_language()
    locale = locale_for(language)
    hub_url = selectors.hub_urls().get((language, kind))
    if locale is None or hub_url is None:
        raise Http404
    scope = Scope(language, locale, hub_url, kind)
    if section is not None:
        scope.section = selectors.section_by_slug(kind=kind, locale=locale, slug=section)
        if scope.section is None:
            raise Http404
    if tag is not None:
        scope.tag = selectors.tag_by_slug(locale=locale, slug=tag)
        if scope.tag is None:
            raise Http404
    if author is not None:
        scope.author = public(AuthorPage.objects.live().filter(locale=locale, slug=author)).first()
        if scope.author is None:
            raise Http404
    return scope


def feed_articles(scope: Scope) -> list[ArticlePage]:
    """The latest live articles of the scope with everything an item needs, in a fixed number
    of queries."""
    if scope.section is not None:
        listing = selectors.section_articles(section=scope.section)
    elif scope.tag is not None:
        listing = selectors.tag_articles(tag=scope.tag)
    elif scope.author is not None:
        listing = selectors.author_articles(author=scope.author)
    else:
        hub = selectors.hub_for(kind=scope.kind, locale=scope.locale)
        if hub is None:
            raise Http404
        listing = selectors.hub_articles(hub=hub)
    articles = list(
        public(ArticlePage.objects.live().filter(pk__in=listing.ids[:FEED_SIZE]))
        .select_related("section", "hero_image")
        .prefetch_related(
            "hero_image__renditions",
            Prefetch("author_links", queryset=ArticleAuthor.objects.select_related("author")),
            Prefetch("tag_links", queryset=ArticleTag.objects.select_related("tag")),
        )
        .order_by("-published_at", "-pk")
    )
    distinct_updates(articles)
    return articles


def item_id(article: ArticlePage) -> str:
    """A tag URI (RFC 4151) that stays the article's whatever its URL becomes."""
    first = article.first_published_at or article.display_date
    return feeds.entry_id(first, "article", article.pk)


def significant_update(article: ArticlePage) -> datetime:
    """When the article last changed in substance: the editor's update time when it is later
    than the publication, else the publication."""
    published = article.display_date
    return max(article.updated_at, published) if article.updated_at else published


def distinct_updates(articles: list[ArticlePage]) -> None:
    """Give each article `feed_updated`, its significant update, distinct within the feed.

    Times keep the precision they were stored with. Two entries share one only when both were
    stored to the whole second (a date typed in, an import) or, rarely, to the same
    microsecond; the article first created keeps the time, the others of the tie are moved on
    by a microsecond each, inside the same second, which the stored value never ruled out."""
    seen: set[datetime] = set()
    for article in sorted(articles, key=lambda a: (significant_update(a), a.pk)):
        value = significant_update(article)
        while value in seen:
            value += timedelta(microseconds=1)
        article.feed_updated = value
        seen.add(value)


def body_html(article: ArticlePage) -> str:
    return stream_html(article.body)


def hero(article: ArticlePage):
    return image_enclosure(article.hero_image if article.hero_image_id else None)


class ArticleRssFeed(Feed):
    feed_type = ContentRss

    kind = HubKind.NEWS

    def get_object(self, request, section=None, tag=None, author=None):
        scope = resolve_scope(section, tag, kind=self.kind, author=author)
        scope.feed_path = request.path
        return scope

    def title(self, scope):
        if scope.author is not None:
            base = _("Info Finance — Articles by")
            return xml_text(f"{base} {scope.name}")
        base = (
            _("Info Finance — Knowledge")
            if scope.kind == HubKind.KNOWLEDGE
            else _("Info Finance — News")
        )
        return xml_text(f"{base}: {scope.name}" if scope.name else base)

    def link(self, scope):
        return absolute(scope.url)

    def description(self, scope):
        if scope.author is not None:
            return xml_text(
                _("The latest articles by %(name)s on Info Finance.") % {"name": scope.name}
            )
        if scope.kind == HubKind.KNOWLEDGE:
            return _(
                "Investment knowledge, choosing a broker and investment ideas from Info Finance."
            )
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
        return item_id(article)

    item_guid_is_permalink = False

    def item_author_name(self, article):
        return xml_text(", ".join(link.author.title for link in article.author_links.all())) or None

    def item_categories(self, article):
        names = [article.section.name] if article.section else []
        return [xml_text(n) for n in names + [link.tag.name for link in article.tag_links.all()]]

    def item_pubdate(self, article):
        return article.display_date

    def item_updateddate(self, article):
        return getattr(article, "feed_updated", None) or significant_update(article)

    def item_enclosures(self, article):
        from django.utils.feedgenerator import Enclosure

        image = hero(article)
        return [Enclosure(*image)] if image else []

    def item_extra_kwargs(self, article):
        return {"content_html": body_html(article)}


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = ContentAtom
    subtitle = ArticleRssFeed.description


class KnowledgeRssFeed(ArticleRssFeed):
    kind = HubKind.KNOWLEDGE


class KnowledgeAtomFeed(ArticleAtomFeed):
    kind = HubKind.KNOWLEDGE


def json_feed(request, section=None, tag=None, author=None, kind=HubKind.NEWS):
    """JSON Feed 1.1 of the same items."""
    scope = resolve_scope(section, tag, kind=kind, author=author)
    feed = ArticleRssFeed()
    items = []
    for article in feed_articles(scope):
        item = {
            "id": item_id(article),
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


def knowledge_json_feed(request, section=None):
    return json_feed(request, section, kind=HubKind.KNOWLEDGE)


# (prefix of the URL name, Vietnamese path, English path, RSS, Atom, JSON Feed)
_FEEDS = [
    ("news", "tin-tuc/", "news/", ArticleRssFeed(), ArticleAtomFeed(), json_feed),
    (
        "knowledge",
        "kien-thuc/",
        "knowledge/",
        KnowledgeRssFeed(),
        KnowledgeAtomFeed(),
        knowledge_json_feed,
    ),
]
_SCOPES = {
    "news": [
        ("", ""),
        ("chuyen-muc/<slug:section>/", "section/<slug:section>/"),
        ("the/<slug:tag>/", "tag/<slug:tag>/"),
    ],
    "knowledge": [("", ""), ("chuyen-muc/<slug:section>/", "section/<slug:section>/")],
}
urlpatterns = [
    path(
        localized_route(f"{vi_hub}{vi}{suffix}", f"{en_hub}{en}{suffix}"),
        view,
        name=f"{name}-{kind}-{'all' if not vi else vi.split('/')[0]}",
    )
    for name, vi_hub, en_hub, rss, atom, json in _FEEDS
    for vi, en in _SCOPES[name]
    for suffix, view, kind in (
        ("rss/", rss, "rss"),
        ("atom/", atom, "atom"),
        ("feed.json", json, "json"),
    )
] + [
    path(
        localized_route(f"tac-gia/<slug:author>/{suffix}", f"authors/<slug:author>/{suffix}"),
        view,
        name=f"author-{kind}",
    )
    for suffix, view, kind in (
        ("rss/", ArticleRssFeed(), "rss"),
        ("atom/", ArticleAtomFeed(), "atom"),
        ("feed.json", json_feed, "json"),
    )
]


def all_news_links() -> FeedLinks:
    return FeedLinks("news-{kind}-all", _("News"))


def _hub_links(kind: str, section: Section | None, tag: Tag | None) -> FeedLinks:
    name = "knowledge" if kind == HubKind.KNOWLEDGE else "news"
    if tag is not None and kind == HubKind.NEWS:
        return FeedLinks("news-{kind}-the", tag.name or _("News"), {"tag": tag.slug})
    if section is not None:
        return FeedLinks(
            name + "-{kind}-chuyen-muc",
            section.name or HubKind(kind).label,
            {"section": section.slug},
        )
    return FeedLinks(name + "-{kind}-all", str(HubKind(kind).label))


def feed_links(context) -> FeedLinks | None:
    """A hub links to its feed, a section's listing to the section's, a tag's to the tag's, an
    article to its section's, an author's page to the author's."""
    page = context.get("page")
    if isinstance(page, ArticleIndexPage):
        return _hub_links(page.kind, context.get("section"), context.get("tag"))
    if isinstance(page, ArticlePage) and page.section_id is not None:
        return _hub_links(page.section.kind, page.section, None)
    if isinstance(page, AuthorPage):
        return FeedLinks("author-{kind}", page.title, {"author": page.slug})
    return None


def register() -> None:
    feeds.register("news", urlpatterns, links=feed_links)
