"""The skeleton of the site, created once and kept idempotent: locales, the home page of each
language, the hubs with their fixed sections, the author list, the standard pages' places, the
Site record (from SITE_URL) and the newsroom's groups."""

from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale, Page, Site

from infofinance.home.models import HomePage
from infofinance.news.models import ArticleIndexPage, AuthorIndexPage, HubKind, Section

PageT = TypeVar("PageT", bound=Page)


@dataclass(frozen=True)
class Localized:
    vi: str
    en: str


HOME_TITLE = Localized("Info Finance", "Info Finance")
HUBS = {
    HubKind.NEWS: (
        Localized("Tin tức", "News"),
        Localized("tin-tuc", "news"),
        Localized(
            "Tin thị trường, thế giới, trong nước và cảnh báo cho nhà đầu tư.",
            "Market, world and domestic news, and warnings for investors.",
        ),
    ),
    HubKind.KNOWLEDGE: (
        Localized("Kiến thức", "Knowledge"),
        Localized("kien-thuc", "knowledge"),
        Localized(
            "Kiến thức đầu tư, cách chọn sàn và ý tưởng đầu tư.",
            "Investment knowledge, choosing a broker and investment ideas.",
        ),
    ),
}
AUTHORS = (Localized("Tác giả", "Authors"), Localized("tac-gia", "authors"))
# (key, kind, names, slugs) — the fixed sections of routes.md.
SECTIONS = [
    (
        "market",
        HubKind.NEWS,
        Localized("Tin thị trường", "Market news"),
        Localized("tin-thi-truong", "market-news"),
    ),
    (
        "world",
        HubKind.NEWS,
        Localized("Tin thế giới", "World news"),
        Localized("tin-the-gioi", "world-news"),
    ),
    (
        "domestic",
        HubKind.NEWS,
        Localized("Tin trong nước", "Domestic news"),
        Localized("tin-trong-nuoc", "domestic-news"),
    ),
    (
        "other",
        HubKind.NEWS,
        Localized("Tin khác", "Other news"),
        Localized("tin-khac", "other-news"),
    ),
    (
        "warnings",
        HubKind.NEWS,
        Localized("Tin cảnh báo", "Warnings"),
        Localized("tin-canh-bao", "warning-news"),
    ),
    (
        "knowledge",
        HubKind.KNOWLEDGE,
        Localized("Kiến thức đầu tư", "Investment knowledge"),
        Localized("kien-thuc-dau-tu", "investment-knowledge"),
    ),
    (
        "choosing",
        HubKind.KNOWLEDGE,
        Localized("Chọn sàn", "Choosing a broker"),
        Localized("chon-san", "choosing-a-broker"),
    ),
    (
        "ideas",
        HubKind.KNOWLEDGE,
        Localized("Ý tưởng đầu tư", "Investment ideas"),
        Localized("y-tuong-dau-tu", "investment-ideas"),
    ),
]


@dataclass
class SiteStructure:
    locales: dict[str, Locale]
    homes: dict[str, HomePage]
    hubs: dict[tuple[str, str], ArticleIndexPage]
    author_indexes: dict[str, AuthorIndexPage]
    sections: dict[tuple[str, str], Section]


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(
    parent: Page, page: Page, *, translation_of: Page | None = None, live: bool = True
) -> Page:
    """Add `page` under `parent`, as the translation of `translation_of` when given, and
    publish it (or keep it as a draft)."""
    if translation_of is not None:
        page.translation_key = translation_of.translation_key
    page.live = live
    parent.add_child(instance=page)
    if not live:
        page.save_revision()
        return page
    return publish(page)


def _child(
    parent: Page,
    model: type[PageT],
    *,
    slug: str,
    locale: Locale,
    translation_of: Page | None,
    **fields: object,
) -> PageT:
    existing: PageT | None = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page: PageT = model(slug=slug, locale=locale, **fields)
    add_page(parent, page, translation_of=translation_of)
    return page


def _configure_site(home: HomePage) -> Site:
    parts = urlsplit(settings.SITE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = parts.hostname or "localhost", port
    site.root_page, site.site_name = home, "Info Finance"
    site.save()
    return site


@transaction.atomic
def ensure_site_structure() -> SiteStructure:
    locales = {
        "vi": Locale.objects.get_or_create(language_code="vi")[0],
        "en": Locale.objects.get_or_create(language_code="en")[0],
    }
    root = Page.get_first_root_node()

    home_vi = HomePage.objects.filter(locale=locales["vi"], depth=2).first()
    if home_vi is None:
        # Replace Wagtail's welcome page; its slug "home" is taken under the root.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home_vi = _child(
            root,
            HomePage,
            slug="trang-chu",
            locale=locales["vi"],
            translation_of=None,
            title=HOME_TITLE.vi,
        )
    home_en = HomePage.objects.filter(locale=locales["en"], depth=2).first()
    if home_en is None:
        home_en = _child(
            root,
            HomePage,
            slug="home-en",
            locale=locales["en"],
            translation_of=home_vi,
            title=HOME_TITLE.en,
        )
    homes = {"vi": home_vi, "en": home_en}
    _configure_site(home_vi)

    hubs: dict[tuple[str, str], ArticleIndexPage] = {}
    for kind, (titles, slugs, intros) in HUBS.items():
        source = None
        for language in ("vi", "en"):
            hub = _child(
                homes[language],
                ArticleIndexPage,
                slug=getattr(slugs, language),
                locale=locales[language],
                translation_of=source,
                title=getattr(titles, language),
                kind=kind,
                intro=getattr(intros, language),
            )
            hubs[(language, kind)] = hub
            source = source or hub

    author_indexes = {}
    source = None
    for language in ("vi", "en"):
        author_indexes[language] = _child(
            homes[language],
            AuthorIndexPage,
            slug=getattr(AUTHORS[1], language),
            locale=locales[language],
            translation_of=source,
            title=getattr(AUTHORS[0], language),
        )
        source = source or author_indexes[language]

    sections = {}
    for order, (key, kind, names, slugs) in enumerate(SECTIONS):
        vi = Section.objects.filter(locale=locales["vi"], slug=slugs.vi).first()
        if vi is None:
            vi = Section.objects.create(
                locale=locales["vi"], kind=kind, name=names.vi, slug=slugs.vi, sort_order=order
            )
        en = Section.objects.filter(locale=locales["en"], slug=slugs.en).first()
        if en is None:
            en = Section.objects.create(
                locale=locales["en"],
                kind=kind,
                name=names.en,
                slug=slugs.en,
                sort_order=order,
                translation_key=vi.translation_key,
            )
        sections[("vi", key)], sections[("en", key)] = vi, en

    ensure_newsroom_groups()
    return SiteStructure(locales, homes, hubs, author_indexes, sections)


# -- the newsroom's groups ---------------------------------------------------------------------

PAGE_PERMISSIONS = {
    "Writers": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Administrators": [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
MODEL_PERMISSIONS = {
    "Writers": [
        "access_admin",
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
        "add_tag",
        "change_tag",
        "view_tag",
        "view_section",
    ],
    "Moderators": [
        "access_admin",
        "add_image",
        "change_image",
        "choose_image",
        "delete_image",
        "add_document",
        "change_document",
        "choose_document",
        "delete_document",
        "add_tag",
        "change_tag",
        "delete_tag",
        "view_tag",
        "view_section",
        "change_section",
        "add_redirect",
        "change_redirect",
        "delete_redirect",
    ],
}


def ensure_newsroom_groups() -> dict[str, Group]:
    """Writers write and submit for moderation; moderators review, publish and schedule;
    administrators do everything. Wagtail's own "Editors" group becomes the writers."""
    Group.objects.filter(name="Editors").update(name="Writers")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    root = Page.get_first_root_node()
    page_ct = ContentType.objects.get_for_model(Page)
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            permission = Permission.objects.get(content_type=page_ct, codename=codename)
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root, permission=permission
            )
    for name, codenames in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*Permission.objects.filter(codename__in=codenames))
    groups["Administrators"].permissions.set(Permission.objects.all())
    return groups
