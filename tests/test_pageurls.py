"""Page URLs through the kept `wagtail_serve` prefix (infofinance/fastpath/pageurls.py, asked by
the project's base page) are Wagtail's own: the same parts and URLs for pages of both languages,
with and without a request, whichever language is active, under a script prefix, and for paths
the shortcut leaves to reverse()."""

import pytest
from django.test import RequestFactory
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from wagtail.models import Page, Site

from infofinance.core.pages import BasePage
from infofinance.fastpath import pageurls
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

ORIGINAL = Page.get_url_parts  # Wagtail's, not patched


def pages(structure):
    article = make_article(structure, title="Địa chỉ trang")
    english = make_article(structure, title="Page address", language="en", translation_of=article)
    author = make_author(structure, "Phóng viên")
    return [
        structure.homes["vi"],
        structure.homes["en"],
        structure.hubs[("vi", "news")],
        structure.hubs[("en", "news")],
        article,
        english,
        author,
    ]


def test_the_base_page_overrides_wagtail_s_method_which_stays_as_it_is():
    assert BasePage.get_url_parts is not Page.get_url_parts
    assert Page.get_url_parts.__module__ == "wagtail.models.pages"


@pytest.mark.parametrize("active", ["vi", "en"])
def test_the_same_parts_and_urls_as_wagtail(structure, active, rf: RequestFactory):
    for page in pages(structure):
        for request in (None, rf.get("/")):
            with translation.override(active):
                fast = page.get_url_parts(request=request)
                fresh = Page.objects.get(pk=page.pk)  # nothing kept on it yet
                assert fast == ORIGINAL(fresh, request=request), page.url_path
                assert pageurls.local_url(page.url_path) == page.url


def test_english_pages_under_en_and_vietnamese_at_the_root(structure):
    article, english = pages(structure)[4:6]
    assert article.url == f"/tin-tuc/{article.slug}/"
    assert english.url == f"/en/news/{english.slug}/"
    assert structure.homes["en"].url == "/en/"
    assert structure.homes["vi"].url == "/"


def test_under_a_script_prefix(structure):
    article = pages(structure)[4]
    previous = get_script_prefix()
    set_script_prefix("/site/")
    try:
        assert article.get_url_parts() == ORIGINAL(Page.objects.get(pk=article.pk))
        assert article.get_url_parts()[2].startswith("/site/tin-tuc/")
    finally:
        set_script_prefix(previous)


def test_paths_the_shortcut_does_not_cover_go_through_reverse(structure):
    home = structure.homes["vi"]
    for tail in ("đường-dẫn/", "a b/", "x/y/"):
        page = Page(url_path=home.url_path + tail, locale=home.locale)
        parts = pageurls.url_parts(page.url_path, Site.get_site_root_paths())
        assert parts == ORIGINAL(page)
