"""Feeds, sitemaps, the Google News sitemap and robots.txt: valid by construction, in both
languages, and never listing what readers cannot see."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
import xmlschema
from django.conf import settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from infofinance.discovery.sitemaps import SiteUrlSitemap
from tests.factories import make_article, make_author, make_image, make_tag

pytestmark = pytest.mark.django_db
XSD = Path(__file__).resolve().parent / "files" / "xsd"
SITEMAP_SCHEMA = xmlschema.XMLSchema([str(XSD / "sitemap.xsd"), str(XSD / "xhtml-link.xsd")])
INDEX_SCHEMA = xmlschema.XMLSchema(str(XSD / "siteindex.xsd"))
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}
# Control characters an import or an API could store (not NUL: PostgreSQL refuses it, and
# Django's forms refuse it before that).
NASTY = "Giá vàng ]]> </script> \x08\x0b\x1f ctrl 🚀 mixed עברית"


@pytest.fixture
def content(structure):
    author = make_author(structure, "Nguyễn Minh Anh")
    gold = make_tag(structure, "Vàng")
    gold_en = make_tag(structure, "Gold", "en", translation_of=gold)
    image = make_image()
    vi = make_article(
        structure,
        title="Giá vàng tăng",
        tags=[gold],
        authors=[author],
        image=image,
        section="market",
        body=[{"type": "paragraph", "value": "<p>Thân bài đầy đủ.</p>"}],
    )
    en = make_article(
        structure,
        title="Gold rises",
        language="en",
        tags=[gold_en],
        image=image,
        section="market",
        translation_of=vi,
    )
    nasty = make_article(
        structure,
        title=NASTY,
        lead=NASTY,
        section="warnings",
        body=[{"type": "paragraph", "value": f"<p>{NASTY}</p>"}],
    )
    draft = make_article(structure, title="Bản nháp chưa đăng", live=False)
    scheduled = make_article(structure, title="Bài hẹn giờ", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(hours=2)
    scheduled.save_revision().publish()
    private = make_article(structure, title="Bài riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    from infofinance.brokers.models import Broker, Licence, Regulator

    broker = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    Licence.objects.create(
        broker=broker,
        number="1",
        approved_domains="aurora.example",
        regulator=Regulator.objects.create(name="FCA", abbreviation="FCA", country="GB", tier=1),
    )
    return {
        "vi": vi,
        "en": en,
        "nasty": nasty,
        "draft": draft,
        "scheduled": scheduled,
        "private": private,
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    ET.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(
    ("prefix", "language"),
    [("/tin-tuc/", "vi"), ("/en/news/", "en")],
)
def test_feeds_carry_every_field(client, content, kind, prefix, language):
    feed = parse(client, f"{prefix}{kind}/")
    titles = [entry.title for entry in feed.entries]
    article = content[language]
    assert article.title in titles
    entry = feed.entries[titles.index(article.title)]
    assert entry.link == settings.SITE_URL + article.url
    assert entry.get("summary") and entry.get("published_parsed")
    if kind == "atom":  # RSS 2.0 has no element for the updated time; Atom does
        assert "updated" in entry
    assert "Market news" in [t.term for t in entry.tags] or "Tin thị trường" in [
        t.term for t in entry.tags
    ]
    assert any(
        link.get("rel") == "enclosure" or link.get("type", "").startswith("image/")
        for link in entry.get("links", [])
    ) or entry.get("enclosures")
    if language == "vi":
        assert entry.author == "Nguyễn Minh Anh"
        assert "Thân bài đầy đủ." in entry.content[0].value


def test_feeds_for_a_section_and_a_tag(client, content):
    section = parse(client, "/tin-tuc/chuyen-muc/tin-thi-truong/rss/")
    assert [e.title for e in section.entries] == ["Giá vàng tăng"]
    tag = parse(client, "/en/news/tag/gold/atom/")
    assert [e.title for e in tag.entries] == ["Gold rises"]
    assert client.get("/tin-tuc/the/khong-co/rss/").status_code == 404
    assert client.get("/en/news/section/tin-thi-truong/rss/").status_code == 404


def test_json_feed(client, content):
    data = client.get("/en/news/feed.json").json()
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in data["items"]] == ["Gold rises"]
    assert data["items"][0]["url"] == settings.SITE_URL + content["en"].url


def test_odd_characters_make_valid_feeds(client, content):
    for url in ["/tin-tuc/rss/", "/tin-tuc/atom/"]:
        feed = parse(client, url)
        entry = next(e for e in feed.entries if "mixed" in e.title)
        assert "]]> </script>" in entry.title and "🚀" in entry.title and "עברית" in entry.title


def test_unpublished_scheduled_and_private_pages_are_never_listed(client, content):
    hidden = {content[k].title for k in ("draft", "scheduled", "private")}
    bodies = [
        client.get(url).content.decode()
        for url in [
            "/tin-tuc/rss/",
            "/tin-tuc/atom/",
            "/tin-tuc/feed.json",
            "/sitemap-vi-articles.xml",
            "/news-sitemap.xml",
        ]
    ]
    for body in bodies:
        assert not any(title in body for title in hidden)
    assert content["scheduled"].slug not in client.get("/sitemap-vi-articles.xml").text


def sitemap_files(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    INDEX_SCHEMA.validate(response.content.decode())
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def test_sitemap_index_and_parts_validate(client, content):
    files = sitemap_files(client)
    assert all(f.startswith(settings.SITE_URL + "/sitemap-") for f in files)
    names = {f.split("/sitemap-")[1].split(".xml")[0] for f in files}
    assert {
        "vi-articles",
        "en-articles",
        "vi-pages",
        "en-pages",
        "vi-listings",
        "en-listings",
        "vi-brokers",
        "en-brokers",
        "vi-regulators",
        "en-regulators",
    } <= names
    for url in files:
        body = client.get(url.removeprefix(settings.SITE_URL)).content.decode()
        SITEMAP_SCHEMA.validate(body)


def test_sitemap_alternates_are_reciprocal_and_exist(client, content):
    links = {}
    for url in sitemap_files(client):
        root = ET.fromstring(client.get(url.removeprefix(settings.SITE_URL)).content)
        for entry in root.findall("s:url", NS):
            loc = entry.find("s:loc", NS).text
            assert entry.find("s:lastmod", NS) is not None, loc
            links[loc] = {a.get("hreflang"): a.get("href") for a in entry.findall("x:link", NS)}
    vi_url = settings.SITE_URL + content["vi"].url
    en_url = settings.SITE_URL + content["en"].url
    assert links[vi_url] == {"vi": vi_url, "en": en_url, "x-default": vi_url}
    assert links[en_url] == links[vi_url]
    for loc, alternates in links.items():
        for language, href in alternates.items():
            if language != "x-default":
                assert href in links, (loc, href)
                assert links[href] == alternates  # the translation lists the same set


def test_sitemaps_split_at_the_limit(client, content, monkeypatch):
    monkeypatch.setattr(SiteUrlSitemap, "limit", 1)
    files = sitemap_files(client)
    articles = [f for f in files if "/sitemap-vi-articles.xml" in f]
    assert len(articles) == 2 and articles[1].endswith("?p=2")
    assert client.get("/sitemap-vi-articles.xml?p=2").status_code == 200


def test_news_sitemap(client, content):
    response = client.get("/news-sitemap.xml")
    root = ET.fromstring(response.content)
    entries = root.findall("s:url", NS)
    titles = {e.find("n:news/n:title", NS).text: e for e in entries}
    entry = titles["Giá vàng tăng"]
    assert entry.find("n:news/n:publication/n:name", NS).text == "Info Finance"
    assert entry.find("n:news/n:publication/n:language", NS).text == "vi"
    assert entry.find("n:news/n:publication_date", NS).text.startswith(str(timezone.now().year))
    assert titles["Gold rises"].find("n:news/n:publication/n:language", NS).text == "en"


def test_news_sitemap_leaves_out_older_articles(client, structure):
    make_article(structure, title="Tin ba ngày trước", hours_ago=72)
    make_article(structure, title="Tin hôm qua", hours_ago=20)
    body = client.get("/news-sitemap.xml").content.decode()
    assert "Tin hôm qua" in body and "Tin ba ngày trước" not in body


def test_robots_points_at_the_sitemaps(client, structure):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_feed_autodiscovery_on_matching_pages(client, content):
    home = client.get("/").text
    assert 'type="application/rss+xml"' in home and 'href="/tin-tuc/rss/"' in home
    section = client.get("/en/news/section/market-news/").text
    assert 'href="/en/news/section/market-news/atom/"' in section
    # An article links to its section's feed (docs/seo.md), a standard page to none.
    article = client.get(content["vi"].url).text
    assert 'href="/tin-tuc/chuyen-muc/tin-thi-truong/rss/"' in article
    assert "application/rss+xml" not in client.get("/tai-khoan/login/").text


def test_feed_query_count_is_bounded(client, structure, django_assert_max_num_queries):
    for number in range(15):
        make_article(structure, title=f"Bài số {number}", image=make_image(f"i{number}"))
    client.get("/tin-tuc/rss/")
    with django_assert_max_num_queries(12):
        client.get("/tin-tuc/rss/")


def test_a_feed_entry_id_has_one_date_whatever_the_zone_of_its_time():
    """A time parsed from the admin's form is in Vietnam time, the same one read back from the
    database in UTC: both give the id dated by the UTC day."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from infofinance.discovery.feeds import entry_id

    vietnam = datetime(2026, 12, 7, 6, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # 23:30 UTC
    assert entry_id(vietnam, "article", 12) == entry_id(vietnam.astimezone(UTC), "article", 12)
    assert ",2026-12-06:article:12" in entry_id(vietnam, "article", 12)
