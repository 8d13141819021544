"""The site as `make run` serves it: granian, the local profile (no DEBUG), hashed static files
with a year-long cache lifetime, the demo content in both languages."""

import re
import urllib.request

import pytest

pytestmark = [pytest.mark.e2e]


def test_static_files_have_hashed_names_and_long_lifetimes(demo_site):
    status, html = demo_site.get("/")
    assert status == 200
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    js = re.search(r'src="(/static/js/site\.[0-9a-f]{12}\.js)"', html).group(1)
    for path in (css, js):
        with urllib.request.urlopen(demo_site.url + path, timeout=10) as response:
            cache_control = response.headers["Cache-Control"]
        assert "max-age=315360000" in cache_control and "immutable" in cache_control


def test_debug_is_off_and_errors_are_our_pages(demo_site):
    status, html = demo_site.get("/en/no-such-page/")
    assert status == 404
    assert "Page not found" in html and "Traceback" not in html and "URLconf" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/tin-tuc/",
        "/en/news/",
        "/kien-thuc/",
        "/en/knowledge/",
        "/tin-tuc/chuyen-muc/tin-thi-truong/",
        "/en/news/section/market-news/",
        "/tac-gia/",
        "/en/authors/",
        "/chinh-sach-bao-mat/",
        "/en/privacy-policy/",
        "/dieu-khoan-su-dung/",
        "/en/terms/",
        "/gioi-thieu/",
        "/en/about/",
        "/lien-he/",
        "/en/contact/",
    ],
)
def test_demo_pages_answer(demo_site, path):
    status, _html = demo_site.get(path)
    assert status == 200


def test_demo_articles_in_both_languages_with_local_dates(demo_site):
    _status, hub_vi = demo_site.get("/tin-tuc/")
    _status, hub_en = demo_site.get("/en/news/")
    vi_url = re.search(r'<h3 class="card__title"><a href="(/tin-tuc/[^"]+/)"', hub_vi).group(1)
    en_url = re.search(r'<h3 class="card__title"><a href="(/en/news/[^"]+/)"', hub_en).group(1)
    status, vi = demo_site.get(vi_url)
    assert status == 200 and re.search(r">\d{1,2} tháng \d{1,2}, \d{4}</time>", vi)
    status, en = demo_site.get(en_url)
    assert status == 200 and re.search(r">[A-Z][a-z]+ \d{1,2}, \d{4}</time>", en)
    assert "tháng" not in re.sub(
        r"<[^>]+>", " ", en.split('<article class="article"')[1].split("</article>")[0]
    )


def test_hreflang_is_reciprocal_across_the_demo_content(demo_site):
    """Every article of the demo content: its hreflang set is the same on each translation,
    and every target answers 200."""
    links = {}
    for part in ("vi-articles", "en-articles", "vi-pages", "en-pages"):
        _status, xml = demo_site.get(f"/sitemap-{part}.xml")
        for loc in re.findall(r"<loc>([^<]+)</loc>", xml):
            path = loc.split("://", 1)[1].split("/", 1)[1]
            status, html = demo_site.get("/" + path)
            assert status == 200, loc
            links[loc] = dict(
                re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
            )
            assert html.count('rel="canonical"') == 1
    assert len(links) > 60
    for loc, alternates in links.items():
        assert loc in alternates.values(), loc
        for language, href in alternates.items():
            if language != "x-default":
                assert links[href] == alternates, (loc, href)
