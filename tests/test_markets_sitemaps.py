"""The markets in the sitemap: every live public indicator and asset page in its language's part,
once, with its translation as alternate; the pages' part leaves them out (listed by their own
parts) but keeps the indexes; no day or week view, no iCalendar feed, no unpublished page."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from tests.markets_support import index_pages, make_indicator, make_instrument

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client, name, *, empty=False):
    """{location: {language: alternate}} of one part file (`empty`: a part with no page, which
    the sitemap answers with 404, reads as {})."""
    response = client.get(f"/sitemap-{name}.xml")
    if empty and response.status_code == 404:
        return {}
    assert response.status_code == 200, name
    root = ET.fromstring(response.content)
    return {
        entry.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)
        }
        for entry in root.findall("s:url", NS)
    }


def every_url(client) -> set[str]:
    found = set()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    for loc in root.findall("s:sitemap/s:loc", NS):
        found |= set(sitemap(client, loc.text.rsplit("sitemap-", 1)[1].removesuffix(".xml")))
    return found


def test_indicator_pages_are_listed_once_with_their_translation(client, structure):
    indicator = make_indicator(code="us-cpi-yoy")
    vi = settings.SITE_URL + indicator.pages_by_language["vi"].url
    en = settings.SITE_URL + indicator.pages_by_language["en"].url
    assert vi.endswith("/lich-kinh-te/us-cpi-yoy/") and en.endswith(
        "/en/economic-calendar/us-cpi-yoy/"
    )
    vi_part, en_part = sitemap(client, "vi-indicators"), sitemap(client, "en-indicators")
    assert vi_part == {vi: {"vi": vi, "en": en, "x-default": vi}}
    assert en_part == {en: vi_part[vi]}
    assert vi not in sitemap(client, "vi-pages")  # listed by its own part only


def test_asset_pages_are_listed_once_with_their_translation(client, structure):
    gold = make_instrument(code="xau-usd")
    vi = settings.SITE_URL + gold.pages_by_language["vi"].url
    en = settings.SITE_URL + gold.pages_by_language["en"].url
    assert sitemap(client, "vi-assets") == {vi: {"vi": vi, "en": en, "x-default": vi}}
    assert sitemap(client, "en-assets") == {en: {"vi": vi, "en": en, "x-default": vi}}
    assert en not in sitemap(client, "en-pages")


def test_the_indexes_are_in_the_pages_part_and_no_day_week_or_feed(client, structure):
    index_pages()
    make_indicator()
    make_instrument()
    pages = sitemap(client, "vi-pages")
    assert settings.SITE_URL + "/lich-kinh-te/" in pages
    assert settings.SITE_URL + "/tai-san/" in pages
    assert settings.SITE_URL + "/en/economic-calendar/" in sitemap(client, "en-pages")
    listed = every_url(client)
    for word in ("?ngay=", "?tuan=", "?day=", "?week=", ".ics", "?khoang=", "?range="):
        assert not [url for url in listed if word in url], word


def test_an_unpublished_indicator_page_leaves_the_sitemap(client, structure):
    indicator = make_indicator()
    page = indicator.pages_by_language["vi"]
    url = settings.SITE_URL + page.url
    assert url in sitemap(client, "vi-indicators")
    page.unpublish()
    assert url not in sitemap(client, "vi-indicators", empty=True)
    english = settings.SITE_URL + indicator.pages_by_language["en"].url
    assert sitemap(client, "en-indicators")[english] == {}  # no live translation left
