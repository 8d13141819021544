"""What the page cache knows by itself: Wagtail's and Django's own models. Each app of the
project registers its models in its own cache.py (see registry.py)."""

from django.conf import settings
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractRendition
from wagtail.models import Page

from . import registry, tags

# Rows of installed packages that no public page shows.
BOOKKEEPING = (
    "sessions.Session",
    "admin.LogEntry",
    "contenttypes.ContentType",
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
    "django_tasks_database.DBTaskResult",
    "django_tasks_db.DBTaskResult",
    # allauth: e-mail addresses, confirmations, second factors, social logins.
    "account.EmailAddress",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "socialaccount.SocialAccount",
    "socialaccount.SocialApp",
    "socialaccount.SocialToken",
    # Wagtail's search index, revisions, logs, workflow states, locks, comments, uploads.
    "wagtailsearch.IndexEntry",
    "wagtailsearch.SQLiteFTSIndexEntry",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.PageSubscription",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.PageLock",
    "wagtailcore.UploadedFile",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailusers.UserProfile",
    # Who has a page open in the editor (pinged every few seconds while they do).
    "wagtailadmin.EditingSession",
)
# Pagination: every paginated list names its page so.
PARAMS = ("page", "partial", "format")


def page_changed(page, created, deleted) -> set[str]:
    """A page and its translations; home pages, hubs and standard pages also appear in menus,
    footers and breadcrumbs everywhere."""
    return tags.of_page(page) | {tags.SITE}


def page_moved(page, parent, before) -> set[str]:
    return page_changed(page, created=False, deleted=False)


def setting_changed(setting, created, deleted) -> set[str]:
    # Created on first read, with the defaults pages already showed.
    return set() if created else {tags.SITE}


def register_defaults() -> None:
    registry.register(Page, page_changed, moved=page_moved)
    registry.register(BaseSiteSetting, setting_changed)
    registry.register(BaseGenericSetting, setting_changed)
    registry.register_bookkeeping(AbstractRendition, settings.AUTH_USER_MODEL, *BOOKKEEPING)
    registry.register_params(*PARAMS)
