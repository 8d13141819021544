"""Which cached pages a change makes stale: each change moves on the tags of what it affects
(tags.py), and `any`. The apps say which tags each of their models' changes move (registry.py,
filled in from their cache.py); bookkeeping rows that never change a public page move nothing,
and a model nobody registered moves `site`, so an unknown change can never leave a stale page
behind."""

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.signals import post_page_move, pre_page_move

from infofinance.core.signals import content_changed

from . import registry, store, tags


def changed(tags_) -> None:
    """Make stale what `tags_` stand for: at once, and again when the transaction commits (a
    page rendered in between read the old rows and must not stay cached)."""
    tags_ = {*tags_, tags.ANY}
    store.invalidate(tags_)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: store.invalidate(tags_))


def _watched(sender) -> bool:
    return getattr(sender, "_meta", None) is not None


@receiver(pre_save, dispatch_uid="pagecache-pre-save")
def before_save(sender, instance, raw=False, **kwargs):
    if instance.pk and _watched(sender):
        entry = registry.entry_for(instance)
        if entry.before is not None:
            instance._pagecache_before = entry.before(instance, deleted=False)


@receiver(pre_delete, dispatch_uid="pagecache-pre-delete")
def before_delete(sender, instance, **kwargs):
    if _watched(sender):
        entry = registry.entry_for(instance)
        if entry.before is not None:
            instance._pagecache_before = entry.before(instance, deleted=True)


@receiver(pre_page_move, dispatch_uid="pagecache-pre-move")
def before_move(sender, instance, **kwargs):
    before_delete(type(instance), instance.specific_deferred)


@receiver(post_page_move, dispatch_uid="pagecache-post-move")
def after_move(sender, instance, parent_page_after=None, **kwargs):
    page = instance.specific_deferred
    entry = registry.entry_for(page)
    if entry.bookkeeping:
        return
    before = getattr(page, "_pagecache_before", None)
    if entry.moved is not None:
        changed(entry.moved(page, parent_page_after, before))
    else:
        changed(entry.tags_for(page, before=before))


@receiver(post_save, dispatch_uid="pagecache-save")
def on_save(sender, instance, created=False, raw=False, **kwargs):
    if raw or not _watched(sender):
        return
    entry = registry.entry_for(instance)
    if entry.bookkeeping:
        return
    before = getattr(instance, "_pagecache_before", None)
    tags_ = entry.tags_for(instance, created=created, before=before)
    if tags_:
        changed(tags_)


@receiver(post_delete, dispatch_uid="pagecache-delete")
def on_delete(sender, instance, **kwargs):
    if not _watched(sender):
        return
    entry = registry.entry_for(instance)
    if entry.bookkeeping:
        return
    before = getattr(instance, "_pagecache_before", None)
    changed(entry.tags_for(instance, deleted=True, before=before))


@receiver(m2m_changed, dispatch_uid="pagecache-m2m")
def on_m2m(sender, instance, **kwargs):
    if not kwargs.get("action", "").startswith("post_") or not _watched(type(instance)):
        return
    entry = registry.entry_for(instance)
    if not entry.bookkeeping:
        changed(entry.tags_for(instance, before=getattr(instance, "_pagecache_before", None)))


@receiver(content_changed, dispatch_uid="pagecache-content-changed")
def on_content_changed(sender, pks=None, **kwargs):
    """A bulk update (no post_save) of the rows `pks` of `sender`, or of any rows."""
    if not pks:
        changed({tags.SITE})
        return
    entry = registry.entry_for_class(sender)
    if entry.bookkeeping:
        return
    if entry.bulk is not None:
        changed(entry.bulk(pks))
    else:
        rows = sender._default_manager.filter(pk__in=pks)
        changed(set().union(*(entry.tags_for(row) for row in rows)))
