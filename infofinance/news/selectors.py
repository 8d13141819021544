"""Every read of newsroom content that pages, views and feeds share. Each selector fetches what
its template needs in a fixed number of queries, whatever the number of articles.

The reads of every cold page (cards by id, several card lists at once, the related ranking,
the byline) are statements written out, run through the fast path's cursor and loader
(`infofinance.fastpath`); with the fast path off each is the ORM query beside it, which
returns the same rows in the same order."""

from django.db import connection
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from wagtail.models import Locale, Page

from infofinance import fastpath
from infofinance.core.locales import language_of
from infofinance.core.restrictions import any_view_restrictions, public
from infofinance.core.structured_data import breadcrumb_list
from infofinance.fastpath import sitecache
from infofinance.fastpath.db import hot_cursor
from infofinance.fastpath.fetch import Joined, from_db
from infofinance.pagecache import tags as cache_tags
from infofinance.pagecache.store import depends_on

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
from .structured_data import news_article

CARD_LIMIT = 4
# How many of the newest articles of the section and of each tag related lists choose from
# (each candidate costs two index probes; docs/performance.md).
RELATED_CANDIDATES = 20
HUB_URLS_CACHE_KEY = "news:hub-urls:v1"
HUB_IDS_CACHE_KEY = "news:hub-ids:v1"
HUBS_CACHE_KEY = "news:hubs:v1:{language}"
SECTIONS_CACHE_KEY = "news:sections:v1:{language}"
sitecache.register(HUB_URLS_CACHE_KEY, HUB_IDS_CACHE_KEY, HUBS_CACHE_KEY, SECTIONS_CACHE_KEY)


def card_queryset(queryset):
    """Articles as listing cards: section, hero image and its renditions in two extra queries.
    Cards never show the body, the article's largest column, so it is not read."""
    return (
        public(queryset.live())
        .defer("body")
        .select_related("section", "hero_image", "locale")
        .prefetch_related("hero_image__renditions")
        .order_by("-published_at", "-pk")
    )


_CARDS = Joined(
    ArticlePage,
    related=("section", "hero_image", "locale"),
    defer=("body",),
    order=(("published_at", True), ("pk", True)),
)


def cards_by_ids(ids) -> list[ArticlePage]:
    """The live articles among `ids` as cards (`card_queryset`), newest first, from a
    statement written once per process."""
    if any_view_restrictions() or not fastpath.enabled():
        return list(card_queryset(ArticlePage.objects.filter(pk__in=ids)))
    cards = _CARDS.by_ids(ids, where=f"{_CARDS.alias(Page)}.live")
    images = [card.hero_image for card in cards if card.hero_image is not None]
    if images:
        prefetch_related_objects(images, "renditions")
    return cards


# -- hubs and their sub-path URLs --------------------------------------------------------------


def hub_urls() -> dict[tuple[str, str], str]:
    """(language, kind) → hub URL, cached: hubs' slugs are locked, and the cache is cleared when
    a hub is published or unpublished."""

    def build():
        urls = {}
        for hub in ArticleIndexPage.objects.live().select_related("locale"):
            urls.setdefault((hub.locale.language_code, hub.kind), hub.url)
        return urls

    return sitecache.cached(HUB_URLS_CACHE_KEY, build)


def hub_ids(language: str) -> dict[str, int]:
    """kind → id of the live hubs of `language`, cached with the hub URLs."""

    def build():
        ids = {}
        for pk, kind, language_code in ArticleIndexPage.objects.live().values_list(
            "pk", "kind", "locale__language_code"
        ):
            ids.setdefault(language_code, {}).setdefault(kind, pk)
        return ids

    return sitecache.cached(HUB_IDS_CACHE_KEY, build).get(language, {})


def forget_hub_urls() -> None:
    sitecache.forget(HUB_URLS_CACHE_KEY, HUB_IDS_CACHE_KEY, HUBS_CACHE_KEY)


def _route_word(language: str, name: str) -> str:
    from .models import ROUTE_WORDS

    return ROUTE_WORDS.get(language, ROUTE_WORDS["vi"])[name]


def hub_for(*, kind: str, locale: Locale) -> ArticleIndexPage | None:
    return hubs(locale=locale).get(kind)


def hubs(*, locale: Locale) -> dict[str, ArticleIndexPage]:
    """kind → live hub of the locale, cached with the hub URLs (and cleared with them)."""
    language = language_of(locale.pk)

    def build():
        ids = hub_ids(language)
        return {hub.kind: hub for hub in ArticleIndexPage.objects.filter(pk__in=ids.values())}

    return dict(sitecache.cached(HUBS_CACHE_KEY.format(language=language), build))


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
    """The locale's sections of this kind, in their order; all sections of a language are
    cached together (they are few, and shown on most pages), cleared when one changes."""
    language = language_of(locale.pk)

    def build():
        by_kind = {}
        for section in Section.objects.filter(locale=locale).select_related("locale"):
            by_kind.setdefault(section.kind, []).append(section)
        return by_kind

    return list(sitecache.cached(SECTIONS_CACHE_KEY.format(language=language), build).get(kind, []))


def forget_sections() -> None:
    sitecache.forget(SECTIONS_CACHE_KEY)


def section_by_slug(*, kind: str, locale: Locale, slug: str) -> Section | None:
    return (
        Section.objects.filter(kind=kind, locale=locale, slug=slug).select_related("locale").first()
    )


def tag_by_slug(*, locale: Locale, slug: str) -> Tag | None:
    return Tag.objects.filter(locale=locale, slug=slug).select_related("locale").first()


# -- listings ----------------------------------------------------------------------------------


class NewestFirst:
    """An article listing read from one index range: `ids` selects article ids from a single
    table, newest first (the articles' own table or a link table, whose dates are set only while
    the article is live); a slice fetches just those articles as cards. Counting and slicing
    never touch more rows than the page asks for, whatever the number of articles."""

    def __init__(self, ids):
        self.ids = ids

    def __getitem__(self, item: slice):
        if not isinstance(item, slice):
            raise TypeError("a listing is read a page at a time: slice it")
        return card_queryset(ArticlePage.objects.filter(pk__in=self.ids[item]))

    def count_up_to(self, limit: int) -> int:
        # Counting needs no order: the planner then reads the index of the filter alone.
        return self.ids.order_by()[:limit].count()


def _listed(**filters):
    """Ids of listed (live) articles matching `filters` on the articles' table, newest first."""
    return (
        ArticlePage.objects.filter(listing_hub__isnull=False, **filters)
        .order_by("-published_at", "-pk")
        .values("pk")
    )


def _any_of(id_queries):
    """The ids of several short, limited id queries in one `UNION ALL`, so that each stays an
    index range (an `OR` of `IN` conditions makes PostgreSQL test every article instead)."""
    parts = [ArticlePage.objects.filter(pk__in=ids).order_by().values("pk") for ids in id_queries]
    return parts[0].union(*parts[1:], all=True)


def hub_articles(*, hub: ArticleIndexPage) -> NewestFirst:
    depends_on(cache_tags.listing_hub(hub.pk))
    return NewestFirst(_listed(listing_hub=hub))


def latest_articles(*, locale_id: int, limit: int = 6, with_images: bool = True):
    """The newest articles of the news hub of the locale's language."""
    hub_id = hub_ids(language_of(locale_id)).get(HubKind.NEWS)
    depends_on(cache_tags.listing_hub(hub_id))
    ids = _listed(listing_hub=hub_id)
    if not with_images:
        # A title list: no body, no images; the locale comes along because URLs need it.
        return list(
            public(ArticlePage.objects.live().filter(pk__in=ids[:limit]))
            .select_related("locale")
            .defer("body", "lead")
            .order_by("-published_at", "-pk")
        )
    return list(NewestFirst(ids)[:limit])


def section_articles(*, section: Section) -> NewestFirst:
    depends_on(cache_tags.listing_section(section.pk))
    return NewestFirst(_listed(section=section))


def tag_articles(*, tag: Tag) -> NewestFirst:
    depends_on(cache_tags.listing_tag(tag.pk))
    return NewestFirst(
        ArticleTag.objects.filter(tag=tag, published_at__isnull=False)
        .order_by("-published_at", "-page_id")
        .values("page_id")
    )


def author_articles(*, author: AuthorPage) -> NewestFirst:
    depends_on(cache_tags.listing_author(author.pk))
    return NewestFirst(
        ArticleAuthor.objects.filter(author=author, published_at__isnull=False)
        .order_by("-published_at", "-page_id")
        .values("page_id")
    )


LISTING_COLUMNS = frozenset({"pinned", "listing_hub_id", "section_id"})


def card_lists(lists: dict) -> dict[object, list[ArticlePage]]:
    """Several short listings of cards read together: {name: (filters, how many)} → {name:
    cards, newest first}, where filters are {column: value or list of values} over the listed
    (live) articles. The ids of every list (each a short range of an index matching its filter
    and order) come in one statement, written out (the ORM took longer to build the union
    than the database to answer it), and every card in one query, whatever the number of
    lists."""
    names = list(lists)
    parts, params = [], []
    for slot, (filters, limit) in enumerate(lists.values()):
        if unknown := set(filters) - LISTING_COLUMNS:
            raise ValueError(f"not a listing column: {', '.join(sorted(unknown))}")
        if any(isinstance(v, (list, tuple)) and not v for v in filters.values()):
            continue  # IN nothing: an empty list
        conditions, values = ["listing_hub_id IS NOT NULL"], []
        for column, value in filters.items():
            if isinstance(value, bool):
                # As the partial index's condition reads, which SQLite matches word for word.
                conditions.append(column if value else f"NOT {column}")
            elif isinstance(value, (list, tuple)):
                conditions.append(f"{column} IN ({', '.join(['%s'] * len(value))})")
                values += value
            else:
                conditions.append(f"{column} = %s")
                values.append(value)
        parts.append(
            f"SELECT {slot} AS slot, page_ptr_id FROM (SELECT page_ptr_id"  # noqa: S608 - names only
            f" FROM {ArticlePage._meta.db_table} WHERE {' AND '.join(conditions)}"
            # The limit written in, as the ORM writes it: SQLite plans a bound one blind.
            f" ORDER BY published_at DESC, page_ptr_id DESC LIMIT {int(limit)}) s{slot}"
        )
        params += values
    slots: dict[int, list[int]] = {}
    if not fastpath.enabled():
        slots = _card_list_slots_orm(lists)
    elif parts:
        with hot_cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for slot, pk in cursor.fetchall():
                slots.setdefault(pk, []).append(slot)
    result = {name: [] for name in names}
    if slots:
        for card in cards_by_ids(list(slots)):
            for slot in slots[card.pk]:
                result[names[slot]].append(card)
    return result


def _card_list_slots_orm(lists: dict) -> dict[int, list[int]]:
    """`card_lists`' ids through the ORM, a query per list: {article id: [slots]}."""
    slots: dict[int, list[int]] = {}
    for slot, (filters, limit) in enumerate(lists.values()):
        if any(isinstance(v, (list, tuple)) and not v for v in filters.values()):
            continue
        lookups = {
            (f"{column}__in" if isinstance(value, (list, tuple)) else column): value
            for column, value in filters.items()
        }
        for pk in _listed(**lookups).values_list("pk", flat=True)[: int(limit)]:
            slots.setdefault(pk, []).append(slot)
    return slots


LATEST_LIMIT = 8


def front_page_cards(*, locale: Locale, hub: ArticleIndexPage | None = None) -> dict:
    """The cards of the home page (`hub` None) or of a hub's first page: pinned stories, the
    newest of each section, and on the home page the latest news and the knowledge hub's
    newest, in two queries (`card_lists`) after the sections.

    A story appears once: each list after the pinned stories reads as many more as the lists
    shown above it could have taken, and leaves out what they show (the hub's latest listing
    is paginated, so there only the sections leave out the pinned stories)."""
    ids = hub_ids(language_of(locale.pk))
    hubs = [hub.pk] if hub is not None else list(ids.values())
    kind = hub.kind if hub is not None else HubKind.NEWS
    all_sections = sections(kind=kind, locale=locale)
    # {list: (filters, how many are shown)}, in the order the page shows them.
    shown = {"pinned": ({"pinned": True, "listing_hub_id": hubs}, CARD_LIMIT)}
    depends_on(*(cache_tags.listing_hub(pk) for pk in hubs))
    if hub is None and ids.get(HubKind.NEWS):
        shown["latest"] = ({"listing_hub_id": ids[HubKind.NEWS]}, LATEST_LIMIT)
    for section in all_sections:
        shown[section.pk] = ({"section_id": section.pk}, CARD_LIMIT)
    if hub is None and ids.get(HubKind.KNOWLEDGE):
        shown["knowledge"] = ({"listing_hub_id": ids[HubKind.KNOWLEDGE]}, CARD_LIMIT)
    depends_on(*(cache_tags.listing_section(section.pk) for section in all_sections))
    above = {"pinned": 0, "latest": CARD_LIMIT, "knowledge": CARD_LIMIT}
    above_sections = CARD_LIMIT + (LATEST_LIMIT if "latest" in shown else 0)
    lists = {
        name: (filters, limit + above.get(name, above_sections))
        for name, (filters, limit) in shown.items()
    }
    cards = distinct_lists(card_lists(lists), {name: limit for name, (_f, limit) in shown.items()})
    return {
        "pinned": cards["pinned"],
        "latest": cards.get("latest", []),
        "knowledge": cards.get("knowledge", []),
        "sections": all_sections,
        "section_blocks": [(s, cards[s.pk]) for s in all_sections if cards[s.pk]],
    }


def first_image_id(*lists) -> int | None:
    """The first card with an image in the order the page shows `lists`: the page's largest
    image when it loads (its LCP), fetched at once and with priority, the others lazily."""
    for cards in lists:
        for card in cards:
            if card.hero_image_id:
                return card.pk
    return None


def distinct_lists(cards: dict, limits: dict) -> dict:
    """The first `limits[name]` cards of each list that no list before it keeps."""
    taken: set[int] = set()
    result = {}
    for name, limit in limits.items():
        kept = [card for card in cards[name] if card.pk not in taken][:limit]
        taken.update(card.pk for card in kept)
        result[name] = kept
    return result


def related_articles(
    *, page: ArticlePage, tag_ids: list[int] | None = None, limit: int = CARD_LIMIT
) -> list[ArticlePage]:
    """Earlier articles sharing the most tags with `page`, then its section; newest first among
    equals. Candidates are the newest few of the section and of each tag dated before the page
    (short index ranges), so the cost does not grow with the number of articles, and a newer
    publication never changes an older article's page (the page cache keeps it)."""
    if tag_ids is None:
        tag_ids = [link.tag_id for link in page.tag_links.all()]
    tag_ids = tag_ids[:5]
    depends_on(
        cache_tags.related_section(page.section_id),
        *(cache_tags.related_tag(tag_id) for tag_id in tag_ids),
    )
    if any_view_restrictions() or not fastpath.enabled():
        ranked = _rank_related_orm(page, tag_ids, limit)
    else:
        ranked = _rank_related_sql(page, tag_ids, limit)
    if not ranked:
        return []
    cards = {card.pk: card for card in cards_by_ids(ranked)}
    return [cards[pk] for pk in ranked if pk in cards]


def _rank_related_sql(page: ArticlePage, tag_ids: list[int], limit: int) -> list[int]:
    """The related ranking in one statement written out, as the article page runs it on every
    cold render (the ORM took longer to build it than the database to answer it): candidates
    are short ranges of the (section, date) and (tag, date) indexes, ranked by a count of shared
    tags from the unique (page, tag) index. Same order as `_rank_related_orm`. Candidates are
    live without asking the page table: an article's listing hub and its links' dates are set
    only while it is live (and the cards are read live only)."""
    article, link = ArticlePage._meta.db_table, ArticleTag._meta.db_table
    before = " AND published_at < %s" if page.published_at else ""
    dated = [page.published_at] if page.published_at else []
    parts = [
        f"SELECT page_ptr_id AS id FROM (SELECT page_ptr_id FROM {article}"  # noqa: S608 - names
        f" WHERE section_id = %s AND listing_hub_id IS NOT NULL{before}"
        # Limits written in: a prepared statement's plan is made without its parameters.
        f" ORDER BY published_at DESC, page_ptr_id DESC LIMIT {int(RELATED_CANDIDATES)}) s"
    ]
    params = [page.section_id, *dated]
    for number, tag_id in enumerate(tag_ids):
        parts.append(
            f"SELECT page_id AS id FROM (SELECT page_id FROM {link}"  # noqa: S608 - names
            f" WHERE tag_id = %s AND published_at IS NOT NULL{before}"
            f" ORDER BY published_at DESC, page_id DESC LIMIT {int(RELATED_CANDIDATES)})"
            f" t{number}"
        )
        params += [tag_id, *dated]
    shared = ""  # without tags, nothing to count (a constant would be a column number)
    if tag_ids:
        marks = ", ".join(["%s"] * len(tag_ids))
        shared = (
            f"(SELECT COUNT(*) FROM {link} l"  # noqa: S608 - names and placeholders only
            f" WHERE l.page_id = a.page_ptr_id AND l.tag_id IN ({marks})) DESC,"
        )
    sql = (
        f"SELECT a.page_ptr_id FROM {article} a"  # noqa: S608 - names and placeholders only
        f" WHERE a.page_ptr_id IN ({' UNION ALL '.join(parts)})"
        " AND a.page_ptr_id <> %s"
        f" ORDER BY {shared} CASE WHEN a.section_id = %s THEN 1 ELSE 0 END DESC,"
        f" a.published_at DESC, a.page_ptr_id DESC LIMIT {int(limit)}"
    )
    params += [page.pk, *tag_ids, page.section_id]
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _rank_related_orm(page: ArticlePage, tag_ids: list[int], limit: int) -> list[int]:
    """The related ranking through the ORM, which also leaves out pages under a view
    restriction (only while the site has one)."""
    before = {"published_at__lt": page.published_at} if page.published_at else {}
    pool = RELATED_CANDIDATES
    candidates = _any_of(
        [
            _listed(section_id=page.section_id, **before)[:pool],
            *(
                ArticleTag.objects.filter(tag_id=tag_id, published_at__isnull=False, **before)
                .order_by("-published_at", "-page_id")
                .values("page_id")[:pool]
                for tag_id in tag_ids
            ),
        ]
    )
    shared_tags = (
        ArticleTag.objects.filter(page_id=OuterRef("pk"), tag_id__in=tag_ids or [0])
        .order_by()
        .values("page_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return list(
        # The candidates are of the page's language already (sections and tags are per locale).
        public(ArticlePage.objects.live())
        .filter(pk__in=candidates)
        .exclude(pk=page.pk)
        .annotate(
            shared_tags=Coalesce(Subquery(shared_tags, output_field=IntegerField()), 0),
            same_section=Case(When(section_id=page.section_id, then=1), default=0),
        )
        .order_by("-shared_tags", "-same_section", "-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def _partial(model, values: dict):
    """An instance of `model` loaded with `values` only: any other field loads on access, as
    with `.only()` (so query budgets would show a template reaching for more)."""
    fields = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return from_db(model, connection.alias, fields, [values[name] for name in fields])


def byline(page: ArticlePage) -> tuple[list[AuthorPage], list[Tag]]:
    """The article's authors and tags, in their order, in one statement: names, URLs and
    what the page cache and the language need (the dateline, tag list and JSON-LD show no
    more). The same statement reads the page's live translations (hreflang links, language
    switch) and remembers them on the page: one round trip to the database fewer."""
    if not fastpath.enabled():
        return _byline_orm(page)
    author_link, tag_link = ArticleAuthor._meta.db_table, ArticleTag._meta.db_table
    sql = (
        "SELECT 0, l.sort_order, l.id, p.id, p.title, p.url_path, p.path, p.depth, p.slug,"  # noqa: S608 - names only
        f" p.locale_id, p.translation_key FROM {author_link} l"
        f" JOIN {Page._meta.db_table} p ON p.id = l.author_id WHERE l.page_id = %s"
        " UNION ALL SELECT 1, l.sort_order, l.id, t.id, t.name, t.slug, NULL, NULL, NULL,"
        f" t.locale_id, t.translation_key FROM {tag_link} l"
        f" JOIN {Tag._meta.db_table} t ON t.id = l.tag_id WHERE l.page_id = %s"
        " UNION ALL SELECT 2, 0, 0, 0, NULL, url_path, path, NULL, NULL, locale_id, NULL"
        f" FROM ({page.TRANSLATIONS_SQL}) translations"
        " ORDER BY 1, 2, 3"
    )
    authors, tags, translations = [], [], []
    with hot_cursor() as cursor:
        cursor.execute(sql, [page.pk, page.pk, *page.translations_params()])
        rows = cursor.fetchall()
    for kind, _order, _link, pk, title, slug_or_path, path, depth, slug, locale_id, key in rows:
        if kind == 2:
            translations.append((slug_or_path, locale_id, path))
        elif kind == 0:
            authors.append(
                _partial(
                    AuthorPage,
                    {
                        "id": pk,
                        "page_ptr_id": pk,
                        "title": title,
                        "url_path": slug_or_path,
                        "path": path,
                        "depth": depth,
                        "slug": slug,
                        "locale_id": locale_id,
                        "translation_key": key,
                    },
                )
            )
        else:
            tags.append(
                _partial(
                    Tag,
                    {
                        "id": pk,
                        "name": title,
                        "slug": slug_or_path,
                        "locale_id": locale_id,
                        "translation_key": key,
                    },
                )
            )
    page.remember_live_translations(translations)
    return authors, tags


def _byline_orm(page: ArticlePage) -> tuple[list[AuthorPage], list[Tag]]:
    """`byline` through the ORM (the page's translations read on their own, when shown)."""
    authors = [
        link.author
        for link in ArticleAuthor.objects.filter(page=page)
        .select_related("author")
        .order_by("sort_order", "pk")
    ]
    tags = [
        link.tag
        for link in ArticleTag.objects.filter(page=page)
        .select_related("tag")
        .order_by("sort_order", "pk")
    ]
    return authors, tags


def _home_and_hub(page: ArticlePage) -> tuple[Page, Page]:
    """The article's ancestors at depths 2 and 3, from the pages its request was routed through
    when it was (no query), else from the tree."""
    routed = {a.path: a for a in getattr(page, "routed_ancestors", ())}
    steps = [page.path[: Page.steplen * depth] for depth in (2, 3)]
    if all(step in routed for step in steps):
        return routed[steps[0]], routed[steps[1]]
    home, hub = Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth")[:2]
    return home, hub


HERO_WIDTHS = (400, 800, 1200)


def hero_renditions(page: ArticlePage):
    """The article's main image at the largest width (its `src`, its share image) and the
    `srcset` of every width, read together in one query; (None, "") without an image."""
    if not page.hero_image_id:
        return None, ""
    specs = [f"width-{width}" for width in HERO_WIDTHS]
    renditions = page.hero_image.get_renditions(*specs)
    widths = {renditions[spec].width: renditions[spec].url for spec in specs}
    srcset = ", ".join(f"{url} {width}w" for width, url in sorted(widths.items()))
    return renditions[specs[-1]], srcset


def article_context(*, page: ArticlePage) -> dict:
    """Everything the article template shows beside the page's own fields."""
    authors, tags = byline(page)
    home, hub = _home_and_hub(page)
    section = page.section
    breadcrumbs = [(home.title, home.get_url()), (hub.title, hub.get_url())]
    if section is not None:
        breadcrumbs.append((section.name, section_url(section)))
    depends_on(
        *(cache_tags.page(author.pk) for author in authors),
        *(cache_tags.tag(tag.pk) for tag in tags),
    )
    hero, hero_srcset = hero_renditions(page)
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
        "hero_srcset": hero_srcset,
        "meta_image": hero.url if hero else None,
        "meta_type": "article",
        "structured_data": structured_data,
        "hub": hub,
        "authors": authors,
        "tags": tags,
        "section": section,
        "breadcrumbs": breadcrumbs,
        "related": related_articles(page=page, tag_ids=[tag.pk for tag in tags]),
    }
