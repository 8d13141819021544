"""A page type that needs no edit outside its own app: tests/wiring_app registers its search
source, its sitemap section and its feed from its AppConfig.ready() alone, and each works."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.conf import settings
from django.core.cache import cache

from infofinance.discovery import feeds, sitemaps
from infofinance.home.models import HomePage
from infofinance.home.services import add_page
from infofinance.search import index
from tests.wiring_app.models import WiringPage

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def wiring_page(structure):
    page = WiringPage(
        title="Trang nối dây",
        slug="trang-noi-day",
        summary="Một trang thử nghiệm về quokkavex.",
        locale=structure.locales["vi"],
    )
    return add_page(structure.homes["vi"], page)


def locations(client, path):
    root = ET.fromstring(client.get(path).content)
    return [loc.text for loc in root.findall(".//s:loc", NS)]


def test_it_registered_beside_the_sites_own_without_reordering_them():
    assert list(index.SOURCES) == [
        *("article", "broker", "regulator", "complaint", "event", "indicator", "asset"),
        "wiring",
    ]
    assert list(sitemaps.SECTIONS)[-1] == "wiring"
    assert list(feeds.FEEDS) == ["news", "brokers", "events", "markets", "wiring"]


def test_its_page_is_found_by_site_search_and_leaves_it_when_unpublished(client, wiring_page):
    html = client.get("/tim-kiem/", {"q": "quokkavex"}).text
    assert 'data-kind="wiring"' in html  # its tab
    assert f'href="{wiring_page.url}"' in html and "Trang nối dây" in html
    wiring_page.unpublish()
    assert f'href="{wiring_page.url}"' not in client.get("/tim-kiem/", {"q": "quokkavex"}).text


def test_its_page_is_in_its_own_sitemap_section(client, wiring_page):
    part = settings.SITE_URL + "/sitemap-vi-wiring.xml"
    assert part in locations(client, "/sitemap.xml")
    url = settings.SITE_URL + wiring_page.url
    assert locations(client, "/sitemap-vi-wiring.xml") == [url]
    assert url not in locations(client, "/sitemap-vi-pages.xml")  # not listed twice


def test_its_page_is_in_its_feed_and_links_to_it(client, wiring_page):
    feed = feedparser.parse(client.get("/wiring/rss/").content)
    assert [entry.title for entry in feed.entries] == ["Trang nối dây"]
    assert feed.entries[0].link == settings.SITE_URL + wiring_page.url
    page = client.get(wiring_page.url).text
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="/wiring/rss/"' in page


def test_editors_are_not_offered_it_under_the_home_page(structure):
    assert WiringPage not in HomePage.allowed_subpage_models()
    assert not WiringPage.can_create_at(structure.homes["vi"])


def test_its_block_shows_on_the_home_page_by_registering_alone(client, wiring_page, settings):
    assert "wiring-heading" not in client.get("/").text  # off: the readers' home page as it is
    settings.WIRING_APP_HOME_BLOCK = True
    cache.clear()  # the page cache holds the home page as it was
    html = client.get("/").text
    assert 'id="wiring-heading"' in html
    assert f'<a href="{wiring_page.url}">Trang nối dây</a>' in html
    # After the latest news, beside the other apps' blocks.
    assert html.index('id="latest-heading"') < html.index('id="wiring-heading"')
