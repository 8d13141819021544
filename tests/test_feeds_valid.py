"""Every feed follows RSS 2.0 and RFC 4287 as feedparser reads them, and our own rules
(docs/seo.md): a self link, RFC 822 dates, ids that survive a new slug, entries whose
`updated` is true and never shared; the knowledge hub, authors and broker warnings have feeds,
and the pages that show them link to them."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone

from infofinance.news.models import ArticlePage
from tests.factories import make_article, make_author, make_image, make_tag

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
NEWS_FEEDS = [
    "/tin-tuc/rss/",
    "/tin-tuc/atom/",
    "/en/news/rss/",
    "/kien-thuc/rss/",
    "/kien-thuc/atom/",
    "/en/knowledge/rss/",
    "/tin-tuc/chuyen-muc/tin-thi-truong/atom/",
    "/kien-thuc/chuyen-muc/kien-thuc-dau-tu/rss/",
    "/tin-tuc/the/vang/atom/",
    "/tac-gia/nguyen-minh-anh/rss/",
    "/tac-gia/nguyen-minh-anh/atom/",
]
BROKER_FEEDS = ["/tra-cuu-san/rss/", "/tra-cuu-san/atom/", "/en/broker/rss/", "/en/broker/atom/"]
EVENT_FEEDS = ["/su-kien/rss/", "/su-kien/atom/", "/en/events/rss/", "/en/events/atom/"]


@pytest.fixture
def content(structure):
    author = make_author(structure, "Nguyễn Minh Anh")
    gold = make_tag(structure, "Vàng")
    image = make_image()
    same = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    twins = []
    for title in ("Giá vàng tăng mạnh", "Giá vàng giảm nhẹ"):
        article = make_article(
            structure, title=title, tags=[gold], authors=[author], image=image, section="market"
        )
        twins.append(article)
    # Two stories typed in to the same second: the case a checker caught sharing `updated`.
    ArticlePage.objects.filter(pk__in=[a.pk for a in twins]).update(
        published_at=same, first_published_at=same, last_published_at=same
    )
    for article in twins:  # as stored: a later publish of a stale copy would undo the update
        article.refresh_from_db()
    knowledge = make_article(
        structure,
        title="Đòn bẩy là gì",
        hub="knowledge",
        section="knowledge",
        authors=[author],
    )
    english = make_article(structure, title="Gold rises", language="en", translation_of=twins[0])
    english_knowledge = make_article(
        structure, title="What is leverage", language="en", hub="knowledge", section="knowledge"
    )
    from infofinance.brokers.models import Broker

    warned = Broker.objects.create(
        name="Clone Markets",
        website="https://clone.example",
        warnings=["unlicensed", "clone_domain"],
        has_warnings=True,
    )
    clean = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    from tests.events_support import make_event

    seminars = [make_event(structure, title="Hội thảo đầu tư vàng"), make_event(structure)]
    return {
        "seminars": seminars,
        "twins": twins,
        "knowledge": knowledge,
        "english": english,
        "english_knowledge": english_knowledge,
        "author": author,
        "warned": warned,
        "clean": clean,
    }


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    return response, root, feed


@pytest.mark.parametrize("url", NEWS_FEEDS + BROKER_FEEDS + EVENT_FEEDS)
def test_every_feed_follows_its_standard_and_our_rules(client, content, url):
    _response, root, feed = fetch(client, url)
    assert feed.entries, url
    if root.tag == "rss":
        assert feed.version == "rss20"
        channel = root.find("channel")
        self_link = channel.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None and self_link.get("href") == settings.SITE_URL + url
        assert parsedate_to_datetime(channel.findtext("lastBuildDate")).tzinfo is not None
        guids = []
        for item in channel.findall("item"):
            assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None  # RFC 822
            guid = item.find("guid")
            assert guid is not None and guid.get("isPermaLink") == "false"
            assert guid.text.startswith("tag:testserver,")  # RFC 4151
            guids.append(guid.text)
            assert item.findtext("link").startswith(settings.SITE_URL + "/")
        assert len(guids) == len(set(guids))
    else:
        assert feed.version == "atom10"
        links = {
            link.get("rel", "alternate"): link.get("href") for link in root.findall(f"{ATOM}link")
        }
        assert links["self"] == settings.SITE_URL + url
        assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
        entries = root.findall(f"{ATOM}entry")
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
        assert len(ids) == len(set(ids)), ids
        assert len(updated) == len(set(updated)), updated  # never shared within a feed
        for entry in entries:
            published = entry.findtext(f"{ATOM}published")
            if published:
                assert entry.findtext(f"{ATOM}updated") >= published[:19]
            assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_shared_times_stay_inside_their_second(client, content):
    """The two stories typed in to the same second: distinct `updated` values, both inside
    that second, the one created first on the exact stored time."""
    _response, root, _feed = fetch(client, "/tin-tuc/atom/")
    twins = content["twins"]
    stored = ArticlePage.objects.get(pk=twins[0].pk).published_at
    by_id = {
        entry.findtext(f"{ATOM}id"): entry.findtext(f"{ATOM}updated")
        for entry in root.findall(f"{ATOM}entry")
    }
    values = [v for k, v in by_id.items() if k.endswith((f":{twins[0].pk}", f":{twins[1].pk}"))]
    assert len(values) == 2 and len(set(values)) == 2
    assert all(v.startswith(stored.isoformat()[:19]) for v in values)
    first = next(v for k, v in by_id.items() if k.endswith(f":{twins[0].pk}"))
    assert first == stored.isoformat()


def test_ids_survive_a_new_slug(client, content):
    article = content["twins"][0]
    before = {e.title: e.id for e in fetch(client, "/tin-tuc/rss/")[2].entries}
    article.slug = "gia-vang-tang-manh-cap-nhat"
    article.save_revision().publish()
    after = {e.title: (e.id, e.link) for e in fetch(client, "/tin-tuc/rss/")[2].entries}
    assert after[article.title][0] == before[article.title]
    assert after[article.title][1].endswith("/gia-vang-tang-manh-cap-nhat/")


def test_knowledge_author_and_warning_feeds_carry_their_own_items(client, content):
    knowledge = [e.title for e in fetch(client, "/kien-thuc/rss/")[2].entries]
    assert knowledge == ["Đòn bẩy là gì"]
    assert [e.title for e in fetch(client, "/en/knowledge/atom/")[2].entries] == [
        "What is leverage"
    ]
    author = {e.title for e in fetch(client, "/tac-gia/nguyen-minh-anh/atom/")[2].entries}
    assert author == {"Giá vàng tăng mạnh", "Giá vàng giảm nhẹ", "Đòn bẩy là gì"}
    assert client.get("/tac-gia/khong-co-ai/rss/").status_code == 404
    warnings = fetch(client, "/en/broker/rss/")[2]
    assert [e.title.split(":")[0] for e in warnings.entries] == ["Clone Markets"]
    assert "No current licence" in warnings.entries[0].title
    assert warnings.entries[0].link.endswith(f"/en/broker/{content['warned'].slug}/")
    vi = fetch(client, "/tra-cuu-san/atom/")[2]
    assert vi.feed.language == "vi" and warnings.feed.language == "en"


_ALTERNATE = re.compile(
    r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)" title="([^"]+)" href="([^"]+)">'
)


def test_pages_link_to_their_feeds(client, content):
    author, warned = content["author"], content["warned"]
    pages = {
        content["twins"][0].url: "/tin-tuc/chuyen-muc/tin-thi-truong/rss/",
        content["knowledge"].url: "/kien-thuc/chuyen-muc/kien-thuc-dau-tu/rss/",
        "/kien-thuc/": "/kien-thuc/rss/",
        "/en/knowledge/": "/en/knowledge/rss/",
        author.url: "/tac-gia/nguyen-minh-anh/rss/",
        "/tin-tuc/chuyen-muc/tin-thi-truong/": "/tin-tuc/chuyen-muc/tin-thi-truong/rss/",
        "/tin-tuc/the/vang/": "/tin-tuc/the/vang/rss/",
        f"/tra-cuu-san/{warned.slug}/": "/tra-cuu-san/rss/",
        "/tra-cuu-san/": "/tra-cuu-san/rss/",
        "/en/broker/": "/en/broker/rss/",
        "/su-kien/": "/su-kien/rss/",
        content["seminars"][0].pages["en"].url: "/en/events/rss/",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        found = _ALTERNATE.findall(html)
        assert ("application/rss+xml", feed) in [(t, h) for t, _title, h in found], (page, found)
        assert all(title.startswith("Info Finance — ") for _t, title, _h in found)
        for _type, _title, href in found:
            assert client.get(href).status_code == 200, href
