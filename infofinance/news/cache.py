"""Which cached pages the newsroom's changes make stale (registered with the page cache from
NewsConfig.ready()).

- An article moves its own tags (`page:<id>`, `tk:<key>`) on every save; it moves the
  listings it is in (`list:hub|section|tag|author:<id>`, and those other apps add, such as a
  broker's articles) only when it enters, leaves or moves within one: an edit that keeps its
  place moves its own tags only.
- Related lists show articles older than their page, so a new article moves them
  (`related:section|tag:<id>`) only when it is dated before another one there.
- An author page moves the list of authors; a tag its name (`tag:<id>`) and its listing;
  sections are in the menus (`site`)."""

from collections.abc import Callable

from infofinance.pagecache import registry, tags

from .models import ArticleAuthor, ArticlePage, ArticleTag, AuthorPage, Section, Tag

# Other apps' lists of articles: each gives the tags of those an article is in.
_other_lists: list[Callable[[int], set[str]]] = []


def lists_articles(provider: Callable[[int], set[str]]) -> None:
    """Let `provider(article_pk)` add the tags of lists another app shows the article in; they
    move when the article enters or leaves its listings."""
    _other_lists.append(provider)


def listing_state(pk) -> tuple:
    """What decides where an article is listed: compared before and after a save."""
    return tuple(
        ArticlePage.objects.filter(pk=pk)
        .values_list("live", "listing_hub_id", "section_id", "published_at", "pinned")
        .first()
        or ()
    )


def list_tags(pk) -> set[str]:
    """The listings an article is in (or was in, read before a change) and the related lists
    it could newly enter because a newer article shares its section or a tag."""
    row = (
        ArticlePage.objects.filter(pk=pk)
        .values("listing_hub_id", "section_id", "published_at")
        .first()
    )
    if row is None:
        return set()
    tag_ids = list(ArticleTag.objects.filter(page_id=pk).values_list("tag_id", flat=True))
    found = {tags.listing_tag(tag_id) for tag_id in tag_ids}
    found |= {
        tags.listing_author(author_id)
        for author_id in ArticleAuthor.objects.filter(page_id=pk).values_list(
            "author_id", flat=True
        )
    }
    for provider in _other_lists:
        found |= provider(pk)
    if row["listing_hub_id"]:
        found.add(tags.listing_hub(row["listing_hub_id"]))
    if row["section_id"]:
        found.add(tags.listing_section(row["section_id"]))
    found |= related_tags(pk, row["section_id"], tag_ids, row["published_at"])
    return found


def related_tags(pk, section_id, tag_ids, published_at) -> set[str]:
    """Related lists show older articles: an article dated before another live one of its
    section or tag may enter that one's list."""
    if published_at is None:
        return set()
    found = set()
    newer = ArticlePage.objects.filter(listing_hub__isnull=False, published_at__gt=published_at)
    if section_id and newer.filter(section_id=section_id).exclude(pk=pk).exists():
        found.add(tags.related_section(section_id))
    for tag_id in tag_ids:
        if (
            ArticleTag.objects.filter(tag_id=tag_id, published_at__gt=published_at)
            .exclude(page_id=pk)
            .exists()
        ):
            found.add(tags.related_tag(tag_id))
    return found


# -- articles ------------------------------------------------------------------------------------


def article_before(article, deleted) -> tuple:
    """Where the article was listed before a save (and before a delete or a move: only the
    lists it leaves)."""
    if deleted:
        return ((), list_tags(article.pk))
    return (listing_state(article.pk), list_tags(article.pk))


def article_changed(article, created, deleted, before) -> set[str]:
    state_before, lists_before = before or ((), set())
    found = tags.of_page(article)
    if deleted or created or listing_state(article.pk) != state_before:
        found |= lists_before | list_tags(article.pk)
    return found


def article_moved(article, parent, before) -> set[str]:
    # The article's new hub lists it (signals.on_page_moved sets it).
    lists_before = (before or ((), set()))[1]
    return {*tags.of_page(article), *lists_before, tags.listing_hub(getattr(parent, "pk", ""))}


def articles_changed(pks) -> set[str]:
    """A bulk update of articles: wherever they are listed."""
    found = set()
    for article in ArticlePage.objects.filter(pk__in=pks).only("translation_key"):
        found |= tags.of_page(article) | list_tags(article.pk)
    return found


# -- the rest of the newsroom --------------------------------------------------------------------


def author_page_changed(page, created, deleted) -> set[str]:
    return tags.of_page(page) | {tags.AUTHORS}


def link_changed(list_tag: Callable[[object], str], *, related: bool = False):
    """An article gaining or losing a tag, author (or another app's link): that listing
    changes. A link saved again unchanged, as every publication does, changes nothing."""

    def changed(link, created, deleted) -> set[str]:
        if not (created or deleted):
            return set()
        found = {list_tag(link), tags.page(link.page_id)}
        if related:
            row = ArticlePage.objects.filter(pk=link.page_id).values("published_at").first()
            if row:
                found |= related_tags(link.page_id, None, [link.tag_id], row["published_at"])
        return found

    return changed


def tag_changed(tag, created, deleted) -> set[str]:
    return {tags.tag(tag.pk), tags.listing_tag(tag.pk)}


def section_changed(section, created, deleted) -> set[str]:
    return {tags.SITE}  # the menus show them


def register() -> None:
    registry.register(
        ArticlePage,
        article_changed,
        before=article_before,
        moved=article_moved,
        bulk=articles_changed,
    )
    registry.register(AuthorPage, author_page_changed)
    registry.register(
        ArticleTag, link_changed(lambda link: tags.listing_tag(link.tag_id), related=True)
    )
    registry.register(ArticleAuthor, link_changed(lambda link: tags.listing_author(link.author_id)))
    registry.register(Tag, tag_changed)
    registry.register(Section, section_changed)
