"""The home page's translations from the routing snapshot are the fast path's: with it off the
page asks the database as every page does (`BasePage.live_translations`)."""

import pytest
from wagtail.models import Page

from infofinance.core.pages import BasePage
from infofinance.fastpath import routing

pytestmark = pytest.mark.django_db


def fresh_home(structure, language="vi"):
    return Page.objects.get(pk=structure.homes[language].pk).specific


def test_off_the_home_page_uses_its_own(structure, settings, monkeypatch):
    settings.FAST_PATH = False
    monkeypatch.setattr(routing, "snapshot", lambda: pytest.fail("the snapshot was read"))
    calls = []
    stock = BasePage.live_translations

    def counted(page):
        calls.append(page.pk)
        return stock(page)

    monkeypatch.setattr(BasePage, "live_translations", counted)
    home = fresh_home(structure)
    vi, en = structure.homes["vi"], structure.homes["en"]
    assert home.live_translations() == {"vi": vi.url, "en": en.url}
    assert calls == [home.pk]


def test_on_the_snapshot_answers_without_the_database(
    structure, settings, monkeypatch, django_assert_num_queries
):
    settings.FAST_PATH = True
    routing.snapshot()  # built (and cached) before
    monkeypatch.setattr(
        BasePage, "live_translations", lambda page: pytest.fail("asked the database")
    )
    home = fresh_home(structure, "en")
    expected = {"vi": structure.homes["vi"].url, "en": structure.homes["en"].url}
    with django_assert_num_queries(0):
        assert home.live_translations() == expected


def test_on_a_home_the_snapshot_does_not_hold_asks_the_database(structure, settings):
    settings.FAST_PATH = True
    home = fresh_home(structure)
    assert routing.home_translations(home, fallback=lambda: {"vi": "/fallback/"}) != {
        "vi": "/fallback/"
    }
    other = Page(pk=10**9, translation_key=home.translation_key, path=home.path)
    assert routing.home_translations(other, fallback=lambda: {"vi": "/fallback/"}) == {
        "vi": "/fallback/"
    }
