"""The markets' RSS feeds: per indicator (its releases with figures and its linked articles) and
per asset (its tagged news), in each language; valid RSS 2.0 as feedparser reads it, a self
link, RFC 822 dates, tag URIs that stay an item's whatever changes; linked from the pages."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.conf import settings
from django.core.cache import cache as django_cache
from django.utils import timezone

from infofinance.markets.models import ArticleAssetLink, ArticleIndicatorLink, ArticleReleaseLink
from infofinance.news.feeds import item_id
from tests.factories import make_article
from tests.markets_support import make_indicator, make_instrument, make_release

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client, url):
    django_cache.clear()  # the page cache: every fetch renders
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    assert feed.version == "rss20"
    channel = root.find("channel")
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == settings.SITE_URL + url
    for item in channel.findall("item"):
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:testserver,")
        assert item.findtext("link").startswith(settings.SITE_URL + "/")
    return feed


@pytest.fixture
def indicator_setup(structure):
    cpi = make_indicator()
    now = timezone.now()
    releases = [
        make_release(
            cpi,
            period=date(2026, month, 1),
            scheduled_at=now - timedelta(days=40 * (11 - month)),
            actual=f"3.{month - 8}",
            forecast="3.0",
            previous="2.9",
            status="released",
        )
        for month in (9, 10)
    ]
    upcoming = make_release(cpi, period=date(2026, 11, 1), scheduled_at=now + timedelta(days=3))
    explained = make_article(structure, title="Vì sao lạm phát Mỹ tăng", hours_ago=3)
    about = make_article(structure, title="CPI là gì", hours_ago=30)
    unrelated = make_article(structure, title="Giá dầu hôm nay")
    english = make_article(structure, title="Why US inflation rose", language="en", hours_ago=2)
    ArticleReleaseLink.objects.create(page=explained, release=releases[1])
    ArticleIndicatorLink.objects.create(page=about, indicator=cpi)
    ArticleIndicatorLink.objects.create(page=english, indicator=cpi)
    return {
        "cpi": cpi,
        "releases": releases,
        "upcoming": upcoming,
        "explained": explained,
        "about": about,
        "unrelated": unrelated,
        "english": english,
    }


def test_the_indicator_feed_lists_its_releases_and_linked_articles(client, indicator_setup):
    cpi = indicator_setup["cpi"]
    feed = fetch(client, f"/lich-kinh-te/{cpi.code}/rss/")
    titles = [entry.title for entry in feed.entries]
    assert any("3,2%" in title for title in titles) and any("3,1%" in title for title in titles)
    assert indicator_setup["explained"].title in titles and indicator_setup["about"].title in titles
    assert indicator_setup["unrelated"].title not in titles
    assert indicator_setup["english"].title not in titles  # another language's article
    assert len(titles) == 4  # the upcoming release has no figures yet
    assert feed.feed.link == settings.SITE_URL + cpi.pages_by_language["vi"].url
    english = fetch(client, f"/en/economic-calendar/{cpi.code}/rss/")
    english_titles = [entry.title for entry in english.entries]
    assert any("3.2%" in title for title in english_titles)
    assert indicator_setup["english"].title in english_titles


def test_the_items_keep_their_ids_when_figures_change(client, indicator_setup):
    cpi = indicator_setup["cpi"]
    url = f"/lich-kinh-te/{cpi.code}/rss/"
    before = {entry.id for entry in fetch(client, url).entries}
    assert before == {entry.id for entry in fetch(client, url).entries}  # stable between fetches
    release = indicator_setup["releases"][1]
    release.actual, release.scheduled_at = release.actual + 1, release.scheduled_at + timedelta(1)
    release.save()
    after = fetch(client, url).entries
    assert {entry.id for entry in after} == before
    assert any("4,2%" in entry.title for entry in after)
    assert item_id(indicator_setup["explained"]) in before  # an article's id, as the news feeds
    assert len(before) == 4


def test_the_asset_feed_lists_the_tagged_news(client, structure):
    gold = make_instrument()
    tagged = make_article(structure, title="Vàng lập đỉnh", hours_ago=2)
    draft = make_article(structure, title="Bản nháp về vàng", live=False)
    other = make_article(structure, title="Tỷ giá hôm nay")
    english = make_article(structure, title="Gold hits a record", language="en", hours_ago=1)
    for article in (tagged, draft, english):
        ArticleAssetLink.objects.create(page=article, instrument=gold)
    feed = fetch(client, f"/tai-san/{gold.code}/rss/")
    assert [entry.title for entry in feed.entries] == [tagged.title]
    assert feed.entries[0].id == item_id(tagged)
    assert other.title not in str(feed.entries) and draft.title not in str(feed.entries)
    english_feed = fetch(client, f"/en/assets/{gold.code}/rss/")
    assert [entry.title for entry in english_feed.entries] == [english.title]


def test_an_empty_feed_is_still_valid(client, structure):
    gold = make_instrument()
    assert fetch(client, f"/tai-san/{gold.code}/rss/").entries == []


def test_an_unknown_slug_or_the_other_languages_path_is_a_404(client, structure):
    gold = make_instrument()
    assert client.get("/tai-san/khong-co/rss/").status_code == 404
    assert client.get(f"/tai-san/{gold.code}/atom/").status_code == 404
    assert client.get(f"/en/tai-san/{gold.code}/rss/").status_code == 404


def test_the_pages_link_to_their_feeds(client, structure):
    gold = make_instrument()
    cpi = make_indicator()
    html = client.get(gold.pages_by_language["vi"].url).content.decode()
    head = html[: html.index("</head>")]
    assert 'type="application/rss+xml"' in head and f"/tai-san/{gold.code}/rss/" in head
    english = client.get(gold.pages_by_language["en"].url).content.decode()
    assert f"/en/assets/{gold.code}/rss/" in english[: english.index("</head>")]
    from infofinance.markets.feeds import markets_feed_links

    links = markets_feed_links({"page": cpi.pages_by_language["vi"]})
    assert links.url_name == "markets-indicator-{kind}" and links.kwargs == {"slug": cpi.code}
