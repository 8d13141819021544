"""The index follows every change at once, in the same transaction as the change: publishing,
unpublishing, moving under a restricted page or deleting an article; saving, hiding or deleting
a broker, one of its aliases or a regulator; publishing, hiding or deleting a complaint."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from . import index


def _article(instance) -> bool:
    from infofinance.news.models import ArticlePage

    return isinstance(instance, ArticlePage)


def on_page_changed(sender, instance, **kwargs):
    if _article(instance):
        index.update("article", instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    if _article(instance):
        index.remove("article", [instance.pk])


def on_restriction_changed(sender, instance, **kwargs):
    from infofinance.news.models import ArticlePage

    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is None:
        return
    ids = list(ArticlePage.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        index.update("article", *ids[start : start + 500])


def on_broker_changed(sender, instance, **kwargs):
    index.update("broker", instance.pk)


def on_alias_changed(sender, instance, **kwargs):
    if instance.broker_id:
        index.update("broker", instance.broker_id)


def on_regulator_changed(sender, instance, **kwargs):
    index.update("regulator", instance.pk)


def on_broker_deleted(sender, instance, **kwargs):
    index.remove("broker", [instance.pk])


def on_regulator_deleted(sender, instance, **kwargs):
    index.remove("regulator", [instance.pk])


def on_complaint_changed(sender, instance, **kwargs):
    # Publishing, editing the public text, hiding or unpublishing: the index follows.
    index.update("complaint", instance.pk)


def on_complaint_deleted(sender, instance, **kwargs):
    index.remove("complaint", [instance.pk])


def on_bulk_change(sender, **kwargs):
    """Bulk updates of articles (demo dates, imports) send no post_save: copy their dates."""
    from infofinance.news.models import ArticlePage

    if sender is ArticlePage:
        index.sync_article_dates()


def connect() -> None:
    from infofinance.brokers.models import Broker, BrokerAlias, Regulator
    from infofinance.complaints.models import Complaint
    from infofinance.core.signals import content_changed

    content_changed.connect(on_bulk_change, dispatch_uid="site-search-bulk")
    page_published.connect(on_page_changed, dispatch_uid="site-search-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="site-search-unpublished")
    post_delete.connect(on_page_deleted, dispatch_uid="site-search-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"site-search-restriction-{signal is post_save}",
        )
        signal.connect(
            on_alias_changed,
            sender=BrokerAlias,
            dispatch_uid=f"site-search-alias-{signal is post_save}",
        )
    post_save.connect(on_broker_changed, sender=Broker, dispatch_uid="site-search-broker")
    post_delete.connect(on_broker_deleted, sender=Broker, dispatch_uid="site-search-broker-del")
    post_save.connect(on_regulator_changed, sender=Regulator, dispatch_uid="site-search-reg")
    post_delete.connect(on_regulator_deleted, sender=Regulator, dispatch_uid="site-search-reg-del")
    post_save.connect(on_complaint_changed, sender=Complaint, dispatch_uid="site-search-complaint")
    post_delete.connect(
        on_complaint_deleted, sender=Complaint, dispatch_uid="site-search-complaint-del"
    )
