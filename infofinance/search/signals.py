"""The index follows every change at once, in the same transaction as the change. Wagtail's
page signals are dispatched here to the page models apps registered (`index.follow_pages`):
publishing, unpublishing, deleting a page, or a view restriction added or removed above it.
Other models are followed by the apps that own them (`index.follow`)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from . import index


def _kind(instance) -> str | None:
    for model, kind in index.PAGE_KINDS.items():
        if isinstance(instance, model):
            return kind
    return None


def on_page_changed(sender, instance, **kwargs):
    kind = _kind(instance)
    if kind is not None:
        index.update(kind, instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    kind = _kind(instance)
    if kind is not None:
        index.remove(kind, [instance.pk])


def on_restriction_changed(sender, instance, **kwargs):
    if not index.PAGE_KINDS:
        return
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is None:
        return
    for model, kind in index.PAGE_KINDS.items():
        ids = list(model.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            index.update(kind, *ids[start : start + 500])


def connect() -> None:
    page_published.connect(on_page_changed, dispatch_uid="site-search-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="site-search-unpublished")
    post_delete.connect(on_page_deleted, dispatch_uid="site-search-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"site-search-restriction-{signal is post_save}",
        )
