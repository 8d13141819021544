"""Which cached pages a change makes stale: each change moves on the tags of what it affects
(see store.py), and `any`. Bookkeeping rows that never change a public page (sessions, logs,
task results, search index, renditions) move nothing; a model this module does not know moves
`site`, so an unknown change can never leave a stale page behind.

Tags a change moves, and the pages that declare them:
- `tk:<translation key>` — a page and its translations (their language switch links it);
- `page:<id>` — every page showing that page on a card or a byline;
- `list:hub|section|tag|author:<id>` — listings of that hub, section, tag or author (home,
  hubs, section and tag pages, author pages, the latest-news fragment); moved only when an
  article enters, leaves or moves within one: an edit that keeps its place moves its own tags;
- `related:section|tag:<id>` — related lists, which show articles older than their page, so a
  new article moves them only when it is dated before another one there;
- `tag:<id>`, `mentions:broker:<id>`, `broker:<id>`, `brokers`, `regulators`,
  `complaint:<id>`, `complaints`, `complaints:broker:<id>`, `list:authors`."""

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import post_page_move, pre_page_move

from infofinance.core.signals import content_changed

from . import store

IGNORED_APPS = {
    "sessions",
    "admin",
    "django_tasks_database",
    "django_tasks_db",
    "wagtailsearch",
    "contenttypes",
    "auth",
    "site_search",
    "pagecache",
    # allauth's bookkeeping: e-mail addresses, confirmations, second factors, social logins.
    "account",
    "socialaccount",
    "mfa",
}
IGNORED_MODELS = {
    "customrendition",
    "pagelogentry",
    "modellogentry",
    "revision",
    "workflowstate",
    "taskstate",
    "pagesubscription",
    "userprofile",
    "referenceindex",
    "pagelock",
    "uploadedfile",
    "comment",
    "commentreply",
    "user",
    "dbtaskresult",
    "securityevent",
    "accountevent",
    "searchdocument",
}


def changed(tags) -> None:
    """Make stale what `tags` stand for: at once, and again when the transaction commits (a
    page rendered in between read the old rows and must not stay cached)."""
    tags = {*tags, store.ANY}
    store.invalidate(tags)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: store.invalidate(tags))


# -- articles ------------------------------------------------------------------------------------


def article_listing_state(pk) -> tuple:
    """What decides where an article is listed: compared before and after a save."""
    from infofinance.news.models import ArticlePage

    return tuple(
        ArticlePage.objects.filter(pk=pk)
        .values_list("live", "listing_hub_id", "section_id", "published_at", "pinned")
        .first()
        or ()
    )


def article_list_tags(pk) -> set[str]:
    """The listings an article is in (or was in, read before a change) and the related lists
    it could newly enter because a newer article shares its section or a tag."""
    from infofinance.brokers.models import ArticleBroker
    from infofinance.news.models import ArticleAuthor, ArticlePage, ArticleTag

    row = (
        ArticlePage.objects.filter(pk=pk)
        .values("listing_hub_id", "section_id", "published_at")
        .first()
    )
    if row is None:
        return set()
    tag_ids = list(ArticleTag.objects.filter(page_id=pk).values_list("tag_id", flat=True))
    tags = {f"list:tag:{tag_id}" for tag_id in tag_ids}
    tags |= {
        f"list:author:{author_id}"
        for author_id in ArticleAuthor.objects.filter(page_id=pk).values_list(
            "author_id", flat=True
        )
    }
    tags |= {
        f"mentions:broker:{broker_id}"
        for broker_id in ArticleBroker.objects.filter(page_id=pk).values_list(
            "broker_id", flat=True
        )
    }
    if row["listing_hub_id"]:
        tags.add(f"list:hub:{row['listing_hub_id']}")
    if row["section_id"]:
        tags.add(f"list:section:{row['section_id']}")
    tags |= related_tags(pk, row["section_id"], tag_ids, row["published_at"])
    return tags


def related_tags(pk, section_id, tag_ids, published_at) -> set[str]:
    """Related lists show older articles: an article dated before another live one of its
    section or tag may enter that one's list."""
    from infofinance.news.models import ArticlePage, ArticleTag

    if published_at is None:
        return set()
    tags = set()
    newer = ArticlePage.objects.filter(listing_hub__isnull=False, published_at__gt=published_at)
    if section_id and newer.filter(section_id=section_id).exclude(pk=pk).exists():
        tags.add(f"related:section:{section_id}")
    for tag_id in tag_ids:
        if (
            ArticleTag.objects.filter(tag_id=tag_id, published_at__gt=published_at)
            .exclude(page_id=pk)
            .exists()
        ):
            tags.add(f"related:tag:{tag_id}")
    return tags


def is_article(instance) -> bool:
    """An article, also when Wagtail saves it as a plain `Page` (its scheduled unpublishing
    reads `Page.objects`)."""
    from infofinance.news.models import ArticlePage

    return isinstance(instance, Page) and issubclass(specific_class(instance), ArticlePage)


def specific_class(page) -> type:
    return page.specific_class or type(page)


def page_tags(page) -> set[str]:
    from infofinance.news.models import AuthorPage

    tags = {store.page_tag(page.pk), f"tk:{page.translation_key}"}
    if is_article(page):
        return tags
    if issubclass(specific_class(page), AuthorPage):
        return tags | {"list:authors"}
    # Home pages, hubs, standard pages: menus, footers and breadcrumbs show them everywhere.
    return tags | {store.SITE}


@receiver(pre_save, dispatch_uid="pagecache-pre-save")
def before_save(sender, instance, **kwargs):
    if instance.pk and is_article(instance):
        instance._pagecache_before = (
            article_listing_state(instance.pk),
            article_list_tags(instance.pk),
        )


@receiver(pre_delete, dispatch_uid="pagecache-pre-delete")
def before_delete(sender, instance, **kwargs):
    if is_article(instance):
        instance._pagecache_before = ((), article_list_tags(instance.pk))


@receiver(pre_page_move, dispatch_uid="pagecache-pre-move")
def before_move(sender, instance, **kwargs):
    before_delete(sender, instance.specific_deferred)


@receiver(post_page_move, dispatch_uid="pagecache-post-move")
def after_move(sender, instance, parent_page_after=None, **kwargs):
    page = instance.specific_deferred
    before = getattr(page, "_pagecache_before", ((), set()))[1]
    # The article's new hub lists it (news/signals.py set it); any other page moves its tree.
    changed({*page_tags(page), *before, f"list:hub:{getattr(parent_page_after, 'pk', '')}"})


def article_changed(instance, created=False, deleted=False) -> set[str]:
    state_before, lists_before = getattr(instance, "_pagecache_before", ((), set()))
    tags = page_tags(instance)
    if deleted or created or article_listing_state(instance.pk) != state_before:
        tags |= lists_before | article_list_tags(instance.pk)
    return tags


# -- everything else -----------------------------------------------------------------------------


def tags_for(instance, *, created=False, deleted=False) -> set[str]:
    """The tags a save or delete of `instance` moves on."""
    from infofinance.news.models import ArticleTag, Tag

    meta = instance._meta
    if created and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        return set()  # created on first read, with the defaults pages already showed
    if is_article(instance):
        return article_changed(instance, created=created, deleted=deleted)
    if isinstance(instance, Page):
        return page_tags(instance)
    if meta.app_label == "news":
        if isinstance(instance, ArticleTag):
            return _link_tags(instance, f"list:tag:{instance.tag_id}", created, deleted)
        if meta.model_name == "articleauthor":
            return _link_tags(instance, f"list:author:{instance.author_id}", created, deleted)
        if isinstance(instance, Tag):
            return {f"tag:{instance.pk}", f"list:tag:{instance.pk}"}
        return {store.SITE}  # sections: the menus show them
    if meta.model_name == "articlebroker":
        return _link_tags(instance, f"mentions:broker:{instance.broker_id}", created, deleted)
    if meta.app_label == "brokers":
        if meta.model_name == "regulator":
            return {"regulators", "brokers"}
        is_broker = meta.model_name == "broker"
        broker_id = instance.pk if is_broker else getattr(instance, "broker_id", 0)
        return {f"broker:{broker_id}", "brokers"} if broker_id else {"brokers"}
    if meta.app_label == "reviews":
        return {f"broker:{instance.broker_id}", "brokers"}
    if meta.app_label == "complaints":
        if meta.model_name == "complaint":
            return {
                f"complaint:{instance.pk}",
                "complaints",
                f"complaints:broker:{instance.broker_id}",
            }
        complaint_id = getattr(instance, "complaint_id", None)
        return {f"complaint:{complaint_id}"} if complaint_id else {"complaints"}
    return {store.SITE}


def _link_tags(link, list_tag, created, deleted) -> set[str]:
    """An article gaining or losing a tag, author or broker: that listing changes (a link
    saved again unchanged, as every publication does, changes nothing)."""
    if not (created or deleted):
        return set()
    from infofinance.news.models import ArticlePage

    row = ArticlePage.objects.filter(pk=link.page_id).values("section_id", "published_at").first()
    tags = {list_tag, store.page_tag(link.page_id)}
    if row and list_tag.startswith("list:tag:"):
        tag_id = int(list_tag.rsplit(":", 1)[1])
        tags |= related_tags(link.page_id, None, [tag_id], row["published_at"])
    return tags


def _ignored(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    return meta is None or meta.app_label in IGNORED_APPS or meta.model_name in IGNORED_MODELS


@receiver(post_save, dispatch_uid="pagecache-save")
def on_save(sender, instance, created=False, raw=False, **kwargs):
    if raw or _ignored(sender):
        return
    tags = tags_for(instance, created=created)
    if tags:
        changed(tags)


@receiver(post_delete, dispatch_uid="pagecache-delete")
def on_delete(sender, instance, **kwargs):
    if _ignored(sender):
        return
    changed(tags_for(instance, deleted=True))


@receiver(m2m_changed, dispatch_uid="pagecache-m2m")
def on_m2m(sender, instance, **kwargs):
    if kwargs.get("action", "").startswith("post_") and not _ignored(type(instance)):
        changed(tags_for(instance))


@receiver(content_changed, dispatch_uid="pagecache-content-changed")
def on_content_changed(sender, pks=None, **kwargs):
    """A bulk update (no post_save) of the rows `pks` of `sender`, or of any rows."""
    from infofinance.news.models import ArticlePage

    if not pks:
        changed({store.SITE})
    elif issubclass(sender, ArticlePage):
        tags = set()
        for page in ArticlePage.objects.filter(pk__in=pks).only("translation_key"):
            tags |= page_tags(page) | article_list_tags(page.pk)
        changed(tags)
    else:
        changed(set().union(*(tags_for(row) for row in sender._default_manager.filter(pk__in=pks))))
