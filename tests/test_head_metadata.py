"""Head metadata and structured data: one canonical, reciprocal hreflang, Open Graph, JSON-LD
generated from Python data that parses whatever the content holds."""

import json
import re
from html import unescape

import pytest
from django.conf import settings

from tests.factories import make_article, make_author, make_image, make_tag

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def canonicals(html):
    return re.findall(r'<link rel="canonical" href="([^"]+)">', html)


def hreflangs(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def graph(html):
    blocks = [json.loads(text) for text in LD_JSON.findall(html)]
    return [node for block in blocks for node in block["@graph"]]


def meta(html, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return unescape(found.group(1)) if found else None


@pytest.fixture
def bilingual(structure):
    author = make_author(structure, "Lê Thu Hà")
    tag = make_tag(structure, "Cảnh báo lừa đảo")
    tag_en = make_tag(structure, "Scam alert", "en", translation_of=tag)
    image = make_image()
    vi = make_article(
        structure,
        title="Cảnh báo sàn giả mạo",
        section="warnings",
        authors=[author],
        tags=[tag],
        image=image,
    )
    en = make_article(
        structure,
        title="Clone broker warning",
        language="en",
        section="warnings",
        tags=[tag_en],
        image=image,
        translation_of=vi,
    )
    solo = make_article(structure, title="Chỉ tiếng Việt")
    return vi, en, solo


def test_every_page_has_exactly_one_canonical(client, bilingual):
    vi, en, solo = bilingual
    for url in [
        "/",
        "/en/",
        "/tin-tuc/",
        "/en/news/",
        vi.url,
        en.url,
        solo.url,
        "/tin-tuc/chuyen-muc/tin-canh-bao/",
        "/tin-tuc/the/canh-bao-lua-dao/",
        "/tac-gia/",
        "/tim-kiem/?q=x",
        "/khong-co/",
    ]:
        html = client.get(url).text
        assert len(canonicals(html)) == 1, url


def test_article_hreflang_is_reciprocal(client, bilingual):
    vi, en, _ = bilingual
    vi_links, en_links = hreflangs(client.get(vi.url).text), hreflangs(client.get(en.url).text)
    expected = {
        "vi": settings.SITE_URL + vi.url,
        "en": settings.SITE_URL + en.url,
        "x-default": settings.SITE_URL + vi.url,
    }
    assert vi_links == expected == en_links


def test_untranslated_article_points_only_at_itself(client, bilingual):
    solo = bilingual[2]
    assert hreflangs(client.get(solo.url).text) == {
        "vi": settings.SITE_URL + solo.url,
        "x-default": settings.SITE_URL + solo.url,
    }


def test_listing_hreflang_follows_section_and_tag_translations(client, bilingual):
    links = hreflangs(client.get("/tin-tuc/chuyen-muc/tin-canh-bao/").text)
    assert links["en"] == settings.SITE_URL + "/en/news/section/warning-news/"
    links = hreflangs(client.get("/en/news/tag/scam-alert/").text)
    assert links["vi"] == settings.SITE_URL + "/tin-tuc/the/canh-bao-lua-dao/"


def test_every_hreflang_target_answers(client, bilingual):
    for url in ["/", "/en/", bilingual[0].url, "/tin-tuc/chuyen-muc/tin-canh-bao/"]:
        for target in hreflangs(client.get(url).text).values():
            assert client.get(target.removeprefix(settings.SITE_URL)).status_code == 200


def test_open_graph_tags_follow_the_language(client, bilingual):
    vi, en, _ = bilingual
    html = client.get(en.url).text
    assert meta(html, "og:locale") == "en_US"
    assert meta(html, "og:title") == "Clone broker warning"
    assert meta(html, "og:url") == settings.SITE_URL + en.url
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:image").startswith(settings.SITE_URL + "/")
    assert meta(client.get(vi.url).text, "og:locale") == "vi_VN"
    assert meta(html, "twitter:card") == "summary_large_image"


def test_news_article_structured_data(client, bilingual):
    vi = bilingual[0]
    nodes = {node["@type"]: node for node in graph(client.get(vi.url).text)}
    article = nodes["NewsArticle"]
    for key in [
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "image",
        "articleSection",
        "inLanguage",
    ]:
        assert article.get(key), key
    assert article["author"] == [
        {"@type": "Person", "name": "Lê Thu Hà", "url": settings.SITE_URL + "/tac-gia/le-thu-ha/"}
    ]
    assert article["publisher"]["@type"] == "Organization"
    assert article["publisher"]["logo"]["url"].startswith(settings.SITE_URL)
    assert article["inLanguage"] == "vi"
    crumbs = [item["name"] for item in nodes["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Info Finance", "Tin tức", "Tin cảnh báo", vi.title]


def test_home_structured_data_has_organization_and_search(client, bilingual):
    nodes = {node["@type"]: node for node in graph(client.get("/en/").text)}
    assert nodes["Organization"]["name"] == "Info Finance"
    action = nodes["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert (
        action["target"]["urlTemplate"] == settings.SITE_URL + "/en/search/?q={search_term_string}"
    )


def test_script_tags_in_content_cannot_break_the_page(client, structure):
    title = 'Tiêu đề </script><script>alert("x")</script> ]]> 🚀 \u202e'
    page = make_article(structure, title=title, lead="Lead </script> & <b>")
    html = client.get(page.url).text
    assert '<script>alert("x")</script>' not in html
    headlines = [n["headline"] for n in graph(html) if n["@type"] == "NewsArticle"]
    assert headlines == [title[:110]]


def test_noindex_on_search_paginated_and_marked_pages(client, structure, settings):
    settings.NEWS_PAGE_SIZE = 1
    make_article(structure)
    page = make_article(structure)
    assert meta(client.get(page.url).text, "robots") is None
    assert meta(client.get("/tim-kiem/?q=x").text, "robots") == "noindex, follow"
    second = client.get("/tin-tuc/?page=2").text
    assert meta(second, "robots") == "noindex, follow"
    assert canonicals(second) == [settings.SITE_URL + "/tin-tuc/?page=2"]
    # A page number past the end shows the last page, whose canonical says so.
    assert canonicals(client.get("/tin-tuc/?page=99").text) == [
        settings.SITE_URL + "/tin-tuc/?page=2"
    ]
    page.noindex = True
    page.save_revision().publish()
    assert meta(client.get(page.url).text, "robots") == "noindex, follow"
    assert meta(client.get("/khong-co/").text, "robots") == "noindex, follow"
