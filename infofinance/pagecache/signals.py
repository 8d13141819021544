"""Any change to content moves the page cache's generation on. Bookkeeping rows that never
change a public page (sessions, logs, task results, search index, renditions) do not."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from infofinance.core.signals import content_changed

from . import store

IGNORED_APPS = {
    "sessions",
    "admin",
    "django_tasks_database",
    "wagtailsearch",
    "contenttypes",
    "auth",
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
}


def _content_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in IGNORED_APPS or meta.model_name in IGNORED_MODELS:
        return
    store.invalidate()


@receiver(post_save, dispatch_uid="pagecache-save")
def on_save(sender, **kwargs):
    _content_changed(sender, **kwargs)


@receiver(post_delete, dispatch_uid="pagecache-delete")
def on_delete(sender, **kwargs):
    _content_changed(sender, **kwargs)


@receiver(m2m_changed, dispatch_uid="pagecache-m2m")
def on_m2m(sender, **kwargs):
    _content_changed(kwargs.get("model") or sender, **kwargs)


@receiver(content_changed, dispatch_uid="pagecache-content-changed")
def on_content_changed(sender, **kwargs):
    store.invalidate()
