"""The route registry (infofinance.wiring.routes): the root's reserved words, the home page's
child types and the live site's redirects come from the apps' registrations, unchanged; and
docs/routes.md is what `manage.py routes_doc` generates."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from infofinance.home.models import HomePage
from infofinance.wiring import routes

# What core/pages.py listed by hand before the registry: the registry must give the same words.
ROOT_WORDS_BEFORE = {
    "en", "vi", "admin", "static", "media", "documents", "tai-khoan", "account", "tim-kiem",
    "search", "tra-cuu-san", "broker", "so-sanh-san", "compare-brokers", "co-quan-quan-ly",
    "regulators", "khieu-nai", "complaints", "sitemap", "robots", "healthz", "_", "fragments",
    "cache",
}  # fmt: skip
# Added since, each by its app's registration: the banners' click redirect (/qc/<token>/).
ROOT_WORDS_ADDED = {"qc"}
HOME_CHILDREN = [
    "news.ArticleIndexPage",
    "news.AuthorIndexPage",
    "events.EventIndexPage",
    "markets.CalendarIndexPage",
    "markets.AssetIndexPage",
    "pages.StandardPage",
]


def test_root_reserved_words_come_from_the_registry_unchanged():
    assert routes.root_reserved() == ROOT_WORDS_BEFORE | ROOT_WORDS_ADDED


def served_paths(language: str) -> set[str]:
    from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
    from django.urls import get_resolver

    with translation.override(language):  # localized routes give the active language's path
        patterns = extract_views_from_urlpatterns(get_resolver().url_patterns)
        return {simplify_regex(regex) for _, regex, _, _ in patterns}


def test_every_prefix_is_served_by_the_urlconf_in_both_languages():
    assert routes.prefixes()
    vi, en = served_paths("vi"), served_paths("en")
    for entry in routes.prefixes():
        assert any(path.startswith(f"/{entry.vi}/") for path in vi), entry
        assert any(path.startswith(f"/en/{entry.en}/") for path in en), entry


def test_home_page_child_types_come_from_the_registry():
    assert HomePage.subpage_types == HOME_CHILDREN
    assert [m._meta.label for m in HomePage.clean_subpage_models()] == HOME_CHILDREN


@pytest.mark.django_db
def test_admin_offers_the_same_child_types_under_the_home_page(client, structure, staff_login):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("routes", "routes@example.com", "pw")
    staff_login(client, user)
    home = structure.homes["vi"]
    html = client.get(f"/admin/pages/{home.pk}/add_subpage/").text
    offered = set(re.findall(rf"/admin/pages/add/(\w+)/(\w+)/{home.pk}/", html))
    # Wagtail's own rule on what the registry gives: the authors' index exists once per home.
    creatable = {
        (m._meta.app_label, m._meta.model_name)
        for m in HomePage.clean_subpage_models()
        if m.can_create_at(home)
    }
    expected = {
        ("news", "articleindexpage"),
        ("events", "eventindexpage"),
        ("markets", "calendarindexpage"),
        ("markets", "assetindexpage"),
        ("pages", "standardpage"),
    }
    assert offered == creatable == expected


def test_reserved_words_of_each_scope():
    from infofinance.brokers.models import RESERVED_SLUGS
    from infofinance.news.models import HUB_RESERVED_SLUGS

    assert routes.reserved("brokers.directory") == RESERVED_SLUGS
    assert routes.reserved("news.hub") == HUB_RESERVED_SLUGS
    assert {"tin-thi-truong", "market-news", "chon-san"} <= HUB_RESERVED_SLUGS


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/tin-tuc/tin-thi-truong", "/tin-tuc/chuyen-muc/tin-thi-truong/"),
        ("/en/knowledge/investment-ideas/", "/en/knowledge/section/investment-ideas/"),
        ("/en/tra-cuu-san", "/en/broker/"),
    ],
)
@pytest.mark.django_db
def test_legacy_redirects_from_the_registry(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_docs_routes_md_is_up_to_date():
    call_command("routes_doc", "--check")
