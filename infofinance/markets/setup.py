"""Groups and index pages of the markets app, created after every migrate (a no-op until the
site's home pages exist) and by the demo loader. Both are idempotent."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

APPS = ("markets", "wagtailadmin")
CALENDAR_TITLES = {"vi": "Lịch kinh tế", "en": "Economic calendar"}
CALENDAR_INTROS = {
    "vi": "Các số liệu kinh tế sắp công bố và vừa công bố, kèm giải thích vì sao chúng quan "
    "trọng với nhà đầu tư Việt Nam.",
    "en": "Economic releases to come and just out, each with why it matters to investors in "
    "Vietnam.",
}
ASSET_TITLES = {"vi": "Tài sản", "en": "Assets"}
ASSET_INTROS = {
    "vi": "Giá vàng, tỷ giá, chỉ số và tiền mã hoá, với tin tức và lịch công bố liên quan.",
    "en": "Gold, exchange rates, indices and crypto-assets, with the news and releases that "
    "move them.",
}
MARKET_EDITORS = "Market editors"
GROUPS = {
    MARKET_EDITORS: [
        "access_admin",
        *(
            f"{verb}_{model}"
            for model in (
                "indicator",
                "release",
                "instrument",
                "price",
                "importsource",
                "releaseimport",
            )
            for verb in ("add", "change", "delete", "view")
        ),
        "view_releaserevision",
    ],
}
INDEX_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def _homes() -> dict:
    from infofinance.home.models import HomePage

    homes: dict = {}
    for home in HomePage.objects.filter(depth=2).select_related("locale").order_by("pk"):
        homes.setdefault(home.locale.language_code, home)
    return homes


def _ensure(model, slugs, titles, intros) -> dict:
    from infofinance.home.services import add_page

    homes = _homes()
    pages: dict = {}
    source = None
    for language in ("vi", "en"):
        home = homes.get(language)
        if home is None:
            continue
        page = model.objects.child_of(home).first()
        if page is None:
            page = model(
                title=titles[language],
                slug=slugs[language],
                intro=intros[language],
                locale=home.locale,
            )
            add_page(home, page, translation_of=source)
        pages[language] = page
        source = source or page
    return pages


@transaction.atomic
def ensure_index_pages(**kwargs) -> dict:
    """Under each home page, the published calendar and asset indexes, the English ones
    translations of the Vietnamese ones. Returns {(kind, language): page}."""
    from .models import (
        ASSET_INDEX_SLUGS,
        CALENDAR_INDEX_SLUGS,
        AssetIndexPage,
        CalendarIndexPage,
    )

    if not _migrated(CalendarIndexPage):
        return {}
    found: dict = {}
    for kind, model, slugs, titles, intros in (
        ("calendar", CalendarIndexPage, CALENDAR_INDEX_SLUGS, CALENDAR_TITLES, CALENDAR_INTROS),
        ("assets", AssetIndexPage, ASSET_INDEX_SLUGS, ASSET_TITLES, ASSET_INTROS),
    ):
        for language, page in _ensure(model, slugs, titles, intros).items():
            found[(kind, language)] = page
    if found:
        _index_permissions(found.values())
    return found


def _index_permissions(pages) -> None:
    group = Group.objects.filter(name=MARKET_EDITORS).first()
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
    """Market editors: indicators, releases, instruments, prices, imports and the markets'
    pages. They pass the admin's second factor like all staff."""
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
                codename__in=codenames, content_type__app_label__in=APPS
            )
        )
        groups[name] = group
    from .models import AssetIndexPage, CalendarIndexPage

    if using == "default" and _migrated(CalendarIndexPage):
        _index_permissions([*CalendarIndexPage.objects.all(), *AssetIndexPage.objects.all()])
    return groups


def _migrated(model) -> bool:
    from django.db import connection

    return model._meta.db_table in connection.introspection.table_names()
