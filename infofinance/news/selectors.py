"""Every read of newsroom content that pages, views and feeds share. Each selector fetches what
its template needs in a fixed number of queries, whatever the number of articles."""

from django.core.cache import cache
from django.db.models import Count, F, IntegerField, Q, Window
from django.db.models.functions import RowNumber
from wagtail.models import Locale, Page

from infofinance.core.locales import language_of
from infofinance.core.restrictions import public
from infofinance.core.structured_data import breadcrumb_list

from .models import ArticleIndexPage, ArticlePage, AuthorPage, HubKind, Section, Tag
from .structured_data import news_article

CARD_LIMIT = 4
HUB_URLS_CACHE_KEY = "news:hub-urls:v1"


def card_queryset(queryset):
    """Articles as listing cards: section, hero image and its renditions in two extra queries."""
    return (
        public(queryset.live())
        .select_related("section", "hero_image", "locale")
        .prefetch_related("hero_image__renditions")
        .order_by("-published_at", "-pk")
    )


def live_articles(*, locale: Locale):
    return ArticlePage.objects.live().filter(locale=locale)


# -- hubs and their sub-path URLs --------------------------------------------------------------


def hub_urls() -> dict[tuple[str, str], str]:
    """(language, kind) → hub URL, cached: hubs' slugs are locked, and the cache is cleared when
    a hub is published or unpublished."""
    urls = cache.get(HUB_URLS_CACHE_KEY)
    if urls is None:
        urls = {}
        for hub in ArticleIndexPage.objects.live().select_related("locale"):
            urls.setdefault((hub.locale.language_code, hub.kind), hub.url)
        cache.set(HUB_URLS_CACHE_KEY, urls, 3600)
    return urls


def forget_hub_urls() -> None:
    cache.delete(HUB_URLS_CACHE_KEY)


def _route_word(language: str, name: str) -> str:
    from .models import ROUTE_WORDS

    return ROUTE_WORDS.get(language, ROUTE_WORDS["vi"])[name]


def hub_for(*, kind: str, locale: Locale) -> ArticleIndexPage | None:
    return ArticleIndexPage.objects.live().filter(kind=kind, locale=locale).first()


def section_url(section: Section) -> str:
    language = language_of(section.locale_id)
    base = hub_urls().get((language, section.kind))
    return f"{base}{_route_word(language, 'section')}/{section.slug}/" if base else ""


def tag_url(tag: Tag) -> str:
    language = language_of(tag.locale_id)
    base = hub_urls().get((language, HubKind.NEWS))
    return f"{base}{_route_word(language, 'tag')}/{tag.slug}/" if base else ""


def listing_alternates(
    *, hub: ArticleIndexPage, section: Section | None = None, tag: Tag | None = None
) -> dict[str, str]:
    """{language: URL} of a section or tag listing in every language it exists in."""
    item, url_of = (section, section_url) if section is not None else (tag, tag_url)
    if item is None:
        return {}
    translations = type(item).objects.filter(translation_key=item.translation_key)
    return {language_of(t.locale_id): url_of(t) for t in translations if url_of(t)}


# -- sections and tags -------------------------------------------------------------------------


def sections(*, kind: str, locale: Locale) -> list[Section]:
    return list(Section.objects.filter(kind=kind, locale=locale).select_related("locale"))


def section_by_slug(*, kind: str, locale: Locale, slug: str) -> Section | None:
    return (
        Section.objects.filter(kind=kind, locale=locale, slug=slug).select_related("locale").first()
    )


def tag_by_slug(*, locale: Locale, slug: str) -> Tag | None:
    return Tag.objects.filter(locale=locale, slug=slug).select_related("locale").first()


# -- listings ----------------------------------------------------------------------------------


def hub_articles(*, hub: ArticleIndexPage):
    return card_queryset(ArticlePage.objects.child_of(hub))


def pinned_articles(*, locale: Locale, hub: Page | None = None, limit: int = CARD_LIMIT):
    queryset = ArticlePage.objects.filter(locale=locale, pinned=True)
    if hub is not None:
        queryset = queryset.child_of(hub)
    return list(card_queryset(queryset)[:limit])


def latest_articles(
    *, locale_id: int, exclude_pk: int | None = None, limit: int = 6, with_images: bool = True
):
    queryset = ArticlePage.objects.filter(locale_id=locale_id)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    if not with_images:
        # A title list: no body, no images; the locale comes along because URLs need it.
        return list(
            public(queryset.live())
            .select_related("locale")
            .defer("body", "lead")
            .order_by("-published_at", "-pk")[:limit]
        )
    return list(card_queryset(queryset)[:limit])


def section_articles(*, section: Section):
    return card_queryset(ArticlePage.objects.filter(section=section))


def tag_articles(*, tag: Tag):
    return card_queryset(ArticlePage.objects.filter(tag_links__tag=tag))


def author_articles(*, author: AuthorPage):
    return card_queryset(ArticlePage.objects.filter(author_links__author=author))


def section_blocks(
    *,
    kind: str | None = None,
    locale: Locale | None = None,
    hub: ArticleIndexPage | None = None,
    per_section: int = CARD_LIMIT,
):
    """[(section, [articles…]), …] for every section of a hub with articles: the newest few of
    each section in one query (a window per section), whatever the number of sections."""
    if hub is not None:
        kind, locale = hub.kind, hub.locale
    all_sections = sections(kind=kind, locale=locale)
    ranked = (
        card_queryset(ArticlePage.objects.filter(section__in=[s.pk for s in all_sections]))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(nulls_last=True), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_section)
    )
    by_section: dict[int, list] = {}
    for article in ranked:
        by_section.setdefault(article.section_id, []).append(article)
    return [
        (section, by_section[section.pk]) for section in all_sections if section.pk in by_section
    ]


def related_articles(
    *, page: ArticlePage, tag_ids: list[int] | None = None, limit: int = CARD_LIMIT
) -> list[ArticlePage]:
    """Articles sharing the most tags with `page`, then its section; newest first among equals."""
    if tag_ids is None:
        tag_ids = [link.tag_id for link in page.tag_links.all()]
    return list(
        card_queryset(ArticlePage.objects.filter(locale_id=page.locale_id))
        .filter(Q(section_id=page.section_id) | Q(tag_links__tag_id__in=tag_ids))
        .exclude(pk=page.pk)
        .annotate(
            shared_tags=Count("tag_links", filter=Q(tag_links__tag_id__in=tag_ids), distinct=True),
            same_section=Count(
                "pk",
                filter=Q(section_id=page.section_id),
                distinct=True,
                output_field=IntegerField(),
            ),
        )
        .order_by("-shared_tags", "-same_section", "-published_at", "-pk")[:limit]
    )


# -- one article -------------------------------------------------------------------------------


def article_context(*, page: ArticlePage) -> dict:
    """Everything the article template shows beside the page's own fields."""
    authors = [
        link.author for link in page.author_links.select_related("author", "author__photo").all()
    ]
    tags = [link.tag for link in page.tag_links.select_related("tag", "tag__locale").all()]
    home, hub = Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth")[:2]
    section = page.section
    breadcrumbs = [(home.title, home.get_url()), (hub.title, hub.get_url())]
    if section is not None:
        breadcrumbs.append((section.name, section_url(section)))
    hero = page.hero_image.get_rendition("width-1200") if page.hero_image_id else None
    language = language_of(page.locale_id)
    structured_data = [
        news_article(
            page=page,
            authors=authors,
            section=section,
            tags=tags,
            image_url=hero.url if hero else None,
            language=language,
        ),
        breadcrumb_list(breadcrumbs, (page.title, page.url)),
    ]
    return {
        "hero": hero,
        "meta_image": hero.url if hero else None,
        "meta_type": "article",
        "structured_data": structured_data,
        "hub": hub,
        "authors": authors,
        "tags": tags,
        "section": section,
        "breadcrumbs": breadcrumbs,
        "related": related_articles(page=page, tag_ids=[tag.pk for tag in tags]),
        "latest": latest_articles(
            locale_id=page.locale_id, exclude_pk=page.pk, limit=5, with_images=False
        ),
    }
