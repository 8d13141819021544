"""What the pages tell machines is true (docs/seo.md): evergreen knowledge pieces are Articles,
not news; a broker we warn against is never linked or shown with its logo, a clean broker is
linked to its own site; articles carry their times and section in the head; listings describe
themselves; page N and filtered views have honest canonical and hreflang links."""

import json
import re
from html import unescape

import pytest
from django.conf import settings

from tests.factories import make_article, make_image, make_tag

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def graph(html):
    blocks = [json.loads(text) for text in LD_JSON.findall(html)]
    return [node for block in blocks for node in block["@graph"]]


def meta(html, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return unescape(found.group(1)) if found else None


def canonicals(html):
    return re.findall(r'<link rel="canonical" href="([^"]+)">', html)


def hreflangs(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def test_knowledge_pieces_are_articles_and_news_is_news(client, structure):
    news = make_article(structure, title="Giá vàng tăng", section="market")
    guide = make_article(structure, title="Đòn bẩy là gì", hub="knowledge", section="knowledge")
    assert "NewsArticle" in {n["@type"] for n in graph(client.get(news.url).text)}
    types = {n["@type"] for n in graph(client.get(guide.url).text)}
    assert "Article" in types and "NewsArticle" not in types


def test_articles_carry_their_times_and_section_in_the_head(client, structure):
    page = make_article(structure, title="Giá vàng tăng", section="market")
    html = client.get(page.url).text
    published = meta(html, "article:published_time")
    assert published and published.startswith(page.published_at.isoformat()[:19])
    assert meta(html, "article:modified_time")
    assert meta(html, "article:section") == "Tin thị trường"
    assert meta(client.get("/").text, "article:published_time") is None


def _broker(name, *, warnings=(), with_logo=True):
    from infofinance.brokers.models import Broker

    logo = None
    if with_logo:
        logo = make_image(title=f"{name} logo")
    broker = Broker.objects.create(
        name=name,
        website=f"https://{name.split()[0].lower()}.example",
        logo=logo,
        warnings=list(warnings),
        has_warnings=bool(warnings),
    )
    return broker


def _organization(client, broker):
    html = client.get(f"/tra-cuu-san/{broker.slug}/").text
    return next(n for n in graph(html) if n.get("@id", "").endswith("#broker"))


def test_a_clean_broker_is_linked_to_its_site_with_its_logo(client, structure):
    broker = _broker("Aurora Markets")
    data = _organization(client, broker)
    assert data["url"] == "https://aurora.example"
    assert data["sameAs"] == ["https://aurora.example"]
    assert data["logo"]["url"].startswith(settings.SITE_URL + "/")
    assert data["logo"]["width"] == broker.logo.width
    assert data["@id"] == settings.SITE_URL + f"/tra-cuu-san/{broker.slug}/#broker"


def test_a_warned_broker_is_never_promoted(client, structure):
    broker = _broker("Clone Markets", warnings=["unlicensed"])
    data = _organization(client, broker)
    assert "url" not in data and "sameAs" not in data and "logo" not in data
    assert "clone.example" not in json.dumps(data)
    assert data["name"] == "Clone Markets"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/tin-tuc/chuyen-muc/tin-thi-truong/", "Tin mới nhất về Tin thị trường từ Info Finance"),
        ("/en/news/section/market-news/", "Latest news on Market news from Info Finance"),
        ("/tin-tuc/the/vang/", "Tin tức và phân tích mới nhất về Vàng"),
        ("/en/news/tag/gold/", "The latest news and analysis about Gold"),
        ("/kien-thuc/chuyen-muc/kien-thuc-dau-tu/", "Hướng dẫn và bài giải thích về"),
    ],
)
def test_listings_describe_themselves_in_their_language(client, structure, path, expected):
    gold = make_tag(structure, "Vàng")
    gold_en = make_tag(structure, "Gold", "en", translation_of=gold)
    make_article(structure, section="market", tags=[gold])
    make_article(structure, section="market", language="en", tags=[gold_en])
    make_article(structure, hub="knowledge", section="knowledge")
    html = client.get(path).text
    for name in ("description", "og:description"):
        assert meta(html, name).startswith(expected), (name, meta(html, name))


def test_a_section_description_wins(client, structure):
    section = structure.sections[("vi", "market")]
    section.description = "Vàng, dầu, tỷ giá và chứng khoán mỗi ngày."
    section.save()
    make_article(structure, section="market")
    html = client.get("/tin-tuc/chuyen-muc/tin-thi-truong/").text
    assert meta(html, "description") == meta(html, "og:description") == section.description


def test_page_n_points_at_itself_and_page_n_elsewhere(client, structure, settings):
    settings.NEWS_PAGE_SIZE = 1
    for _ in range(2):
        make_article(structure, section="market")
        make_article(structure, section="market", language="en")
    html = client.get("/tin-tuc/chuyen-muc/tin-thi-truong/?page=2").text
    vi = settings.SITE_URL + "/tin-tuc/chuyen-muc/tin-thi-truong/?page=2"
    en = settings.SITE_URL + "/en/news/section/market-news/?page=2"
    assert canonicals(html) == [vi]
    assert hreflangs(html) == {"vi": vi, "en": en, "x-default": vi}
    assert hreflangs(client.get("/en/news/section/market-news/?page=2").text) == hreflangs(html)
    assert meta(html, "robots") == "noindex, follow"
    first = client.get("/tin-tuc/chuyen-muc/tin-thi-truong/").text
    assert hreflangs(first)["vi"] == settings.SITE_URL + "/tin-tuc/chuyen-muc/tin-thi-truong/"


def test_filtered_views_point_at_the_unfiltered_page_without_alternates(client, structure):
    from infofinance.brokers.models import Broker

    Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    for path, unfiltered in (
        ("/tra-cuu-san/?q=aurora&page=2", "/tra-cuu-san/"),
        ("/en/broker/?country=GB", "/en/broker/"),
        ("/khieu-nai/?broker=aurora-markets", "/khieu-nai/"),
    ):
        html = client.get(path).text
        assert meta(html, "robots") == "noindex, follow", path
        assert canonicals(html) == [settings.SITE_URL + unfiltered], path
        assert hreflangs(html) == {}, path
