"""Groups and index pages of the events app (docs/design/events.md §8.6), created after every
migrate (a no-op until the site's home pages exist), by `manage.py setup_events` and by the demo
loader. Both are idempotent."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import GroupPagePermission, Page

APPS = ("events", "wagtailadmin")
INDEX_TITLES = {"vi": "Sự kiện", "en": "Events"}
INDEX_INTROS = {
    "vi": "Hội thảo và webinar cho nhà đầu tư: đăng ký miễn phí, nhận vé qua e-mail.",
    "en": "Seminars and webinars for investors: free registration, tickets by e-mail.",
}
MANAGERS, DOOR_STAFF = "Event managers", "Door staff"
GROUPS = {
    MANAGERS: [
        "access_admin",
        "manage_registrations",
        "check_in",
        *(
            f"{verb}_{model}"
            for model in ("organiser", "sponsor")
            for verb in ("add", "change", "delete", "view")
        ),
    ],
    DOOR_STAFF: ["access_admin", "check_in"],
}
INDEX_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def _homes() -> dict:
    from infofinance.home.models import HomePage

    homes: dict = {}
    for home in HomePage.objects.filter(depth=2).select_related("locale").order_by("pk"):
        homes.setdefault(home.locale.language_code, home)
    return homes


@transaction.atomic
def ensure_index_pages(**kwargs) -> dict:
    """Under each home page, the published events index (`/su-kien/`, `/en/events/`), the
    English one a translation of the Vietnamese one. Returns {language: page}."""
    from infofinance.home.services import add_page

    from .models import EVENT_INDEX_SLUGS, EventIndexPage

    if not _migrated(EventIndexPage):
        return {}
    homes = _homes()
    pages: dict = {}
    source = None
    for language in ("vi", "en"):
        home = homes.get(language)
        if home is None:
            continue
        page = EventIndexPage.objects.child_of(home).first()
        if page is None:
            page = EventIndexPage(
                title=INDEX_TITLES[language],
                slug=EVENT_INDEX_SLUGS[language],
                intro=INDEX_INTROS[language],
                locale=home.locale,
            )
            add_page(home, page, translation_of=source)
        pages[language] = page
        source = source or page
    if pages:
        _index_permissions(pages.values())
    return pages


def _index_permissions(pages) -> None:
    group = Group.objects.filter(name=MANAGERS).first()
    if group is None:
        return
    page_ct = ContentType.objects.get_for_model(Page)
    permissions = Permission.objects.filter(
        content_type=page_ct, codename__in=INDEX_PAGE_PERMISSIONS
    )
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def ensure_groups(using="default", **kwargs) -> dict[str, Group]:
    """Event managers (registrations, check-in, organisers and sponsors, the events pages) and
    door staff (check-in only). Both pass the admin's second factor like all staff."""
    # Our post_migrate handler may run before auth's: make sure the permissions exist.
    for label in APPS:
        try:
            create_permissions(apps.get_app_config(label), verbosity=0, using=using)
        except LookupError:
            continue
    groups = {}
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(using).filter(
                Q(codename__in=codenames, content_type__app_label__in=APPS)
            )
        )
        groups[name] = group
    from .models import EventIndexPage

    if using == "default" and _migrated(EventIndexPage):
        _index_permissions(EventIndexPage.objects.all())
    return groups


def _migrated(model) -> bool:
    """Whether `model`'s table exists: post_migrate also runs after a migration back to a state
    before this app's tables (tests of older migrations do that)."""
    from django.db import connection

    return model._meta.db_table in connection.introspection.table_names()
