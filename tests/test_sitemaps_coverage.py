"""Every page a reader can reach from the home pages and a search engine may index (no noindex,
its canonical URL is itself) is listed in exactly one sitemap part file, in both languages, and
its alternates there and in its own head are reciprocal: each translation lists the same set.
Addresses with a query (filters, sorts, page N) are not followed: they are never indexable
(docs/seo.md, tests/test_structured_data_truth.py)."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
START = ["/", "/en/"]
# Views whose pages are never indexed (forms, accounts, search, the admin, files).
SKIPPED = ("wagtailadmin", "wagtaildocs", "wagtailimages", "account_", "accounts:", "search")
FILES = ("/static/", "/media/")
MAX_PAGES = 1000  # the demo: articles, brokers, events, 32 indicators and 6 assets
_HREF = re.compile(r'href="(/[^"#]*)"')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')
_HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
_NOINDEX = re.compile(r'<meta name="robots" content="[^"]*noindex')


def sitemap_entries(client) -> tuple[Counter, dict]:
    """How many part files list each URL, and each URL's alternates there."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    counts, alternates = Counter(), {}
    for loc in index.findall("s:sitemap/s:loc", NS):
        part = client.get(loc.text.removeprefix(settings.SITE_URL))
        assert part.status_code == 200, loc.text
        for entry in ET.fromstring(part.content).findall("s:url", NS):
            url = entry.find("s:loc", NS).text
            counts[url] += 1
            alternates[url] = {
                a.get("hreflang"): a.get("href") for a in entry.findall("x:link", NS)
            }
    return counts, alternates


def crawl(client) -> dict[str, dict]:
    """{absolute URL: its hreflang alternates} of every indexable page linked from the homes."""
    seen, queue, indexable, visited = set(START), list(START), {}, 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        try:
            # Localized routes resolve in the path's language, not the last request's.
            with translation.override("en" if path.startswith("/en/") else "vi"):
                match = resolve(urlsplit(path).path)
        except Resolver404:
            continue
        if match.view_name.startswith(SKIPPED) or "?" in path or path.startswith(FILES):
            continue  # forms and accounts; filtered and paginated views are never indexable
        visited += 1
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for href in _HREF.findall(html):
            href = href.replace("&amp;", "&")
            if href not in seen:
                seen.add(href)
                queue.append(href)
        canonical = _CANONICAL.search(html)
        robots = response.get("X-Robots-Tag", "")
        if _NOINDEX.search(html) or "noindex" in robots or canonical is None:
            continue
        url = settings.SITE_URL + path
        if canonical.group(1).replace("&amp;", "&") != url:
            continue
        indexable[url] = dict(_HREFLANG.findall(html))
    assert not queue, f"more than {MAX_PAGES} pages: raise MAX_PAGES"
    return indexable


@pytest.fixture
def demo(client, structure, demo_db):
    client.logout()


def test_every_indexable_page_is_in_one_sitemap_with_reciprocal_alternates(client, demo):
    pages = crawl(client)
    counts, sitemap_alternates = sitemap_entries(client)
    languages = Counter("en" if urlsplit(u).path.startswith("/en/") else "vi" for u in pages)
    assert languages["vi"] > 20 and languages["en"] > 20, languages
    missing = sorted(url for url in pages if counts[url] == 0)
    assert not missing, missing
    twice = sorted(url for url, count in counts.items() if count > 1)
    assert not twice, twice
    for url, alternates in pages.items():
        languages = {code: href for code, href in alternates.items() if code != "x-default"}
        if not languages:
            continue  # a page in one language only
        assert url in languages.values(), (url, alternates)  # a self entry
        for href in languages.values():
            assert href in pages, (url, href)  # the translation is indexable too
            assert pages[href] == alternates, (url, href)  # and lists the same set
        if len(languages) > 1:
            assert sitemap_alternates[url] == alternates, url


def test_kinds_of_pages_once_missing_are_listed(client, structure):
    counts, alternates = sitemap_entries(client)
    for vi, en in (
        ("/tra-cuu-san/", "/en/broker/"),
        ("/tra-cuu-san/phuong-phap-cham-diem/", "/en/broker/methodology/"),
        ("/co-quan-quan-ly/", "/en/regulators/"),
        ("/khieu-nai/", "/en/complaints/"),
        ("/khieu-nai/danh-muc/lua-dao/", "/en/complaints/category/scam/"),
        ("/khieu-nai/danh-muc/thao-tung-gia/", "/en/complaints/category/price-manipulation/"),
    ):
        vi_url, en_url = settings.SITE_URL + vi, settings.SITE_URL + en
        assert counts[vi_url] == 1 and counts[en_url] == 1, vi
        assert alternates[vi_url] == {"vi": vi_url, "en": en_url, "x-default": vi_url}
        assert alternates[en_url] == alternates[vi_url]
