"""The events beyond their own pages: the site search finds them (speakers, agenda, organisers,
city), the sitemap lists every event page with its translation and the past listings (never
the calendar months), and other apps' pages show them through their slots: the home block, the
chip under a linked article (no query), the broker page's block, the reader's "My events"."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.template import Context
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from infofinance.events import slots as event_slots
from infofinance.fastpath import sitecache
from infofinance.pagecache import store
from tests.events_support import make_event
from tests.factories import make_article

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client, name):
    response = client.get(f"/sitemap-{name}.xml")
    assert response.status_code == 200, name
    root = ET.fromstring(response.content)
    return {
        entry.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)
        }
        for entry in root.findall("s:url", NS)
    }


# -- search --------------------------------------------------------------------------------------


def found(client, query, url, path="/tim-kiem/") -> bool:
    return url in client.get(path, {"q": query}).content.decode()


def test_the_search_finds_an_event_by_its_speakers_agenda_organisers_and_city(client, structure):
    from infofinance.events.models import Organiser

    event = make_event(structure, title="Hội thảo đầu tư vàng", locality="Đà Nẵng")
    page = event.pages["vi"]
    page.speakers.create(name="Lê Thị Hoa", role="Chuyên gia")
    organiser = Organiser.objects.create(name="Câu lạc bộ Nhà đầu tư Sông Hàn", slug="song-han")
    page.organiser_links.create(organiser=organiser)
    page.agenda = [
        (
            "day",
            {"day": None, "items": [{"starts": "09:00", "title": "Triển vọng kim loại quý"}]},
        )
    ]
    page.save_revision().publish()
    for query in ("Lê Thị Hoa", "kim loại quý", "Sông Hàn", "Đà Nẵng", "đầu tư vàng"):
        assert found(client, query, page.url), query
    english = event.pages["en"]
    assert found(client, "Investment seminar", english.url, "/en/search/")
    assert not found(client, "Investment seminar", english.url)  # the Vietnamese results


def test_the_search_page_finds_an_event_and_unpublishing_removes_it(client, structure):
    page = make_event(structure, title="Hội thảo quỹ mở cho người mới").pages["vi"]
    assert found(client, "quỹ mở", page.url)
    page.unpublish()
    assert not found(client, "quỹ mở", page.url)


def test_a_reschedule_moves_the_date_the_search_lists_the_event_under(structure):
    from infofinance.events import services
    from infofinance.search.models import SearchDocument

    event = make_event(structure)
    later = event.starts_at + timedelta(days=14)
    services.change_status(
        event, "rescheduled", by=None, message_vi="", message_en="", new_starts_at=later
    )
    dated = SearchDocument.objects.filter(kind="event").values_list("published_at", flat=True)
    assert list(dated) == [later, later]  # both languages


# -- sitemaps ------------------------------------------------------------------------------------


def test_event_pages_are_listed_once_with_their_translation(client, structure):
    event = make_event(structure, title="Hội thảo trái phiếu")
    page, english = event.pages["vi"], event.pages["en"]
    vi_url, en_url = settings.SITE_URL + page.url, settings.SITE_URL + english.url
    vi_part, en_part = sitemap(client, "vi-events"), sitemap(client, "en-events")
    assert vi_part[vi_url] == {"vi": vi_url, "en": en_url, "x-default": vi_url}
    assert en_part[en_url] == vi_part[vi_url]
    assert vi_url not in sitemap(client, "vi-pages")  # listed by its own part only


def test_the_past_listings_are_listed_and_calendar_months_are_not(client, structure):
    make_event(structure, starts_at=timezone.now() - timedelta(days=3))
    vi = settings.SITE_URL + "/su-kien/da-dien-ra/"
    en = settings.SITE_URL + "/en/events/past/"
    listings = sitemap(client, "vi-event-listings")
    assert listings == {vi: {"vi": vi, "en": en, "x-default": vi}}
    assert sitemap(client, "en-event-listings") == {en: listings[vi]}
    every = set()
    index = ET.fromstring(client.get("/sitemap.xml").content)
    for loc in index.findall("s:sitemap/s:loc", NS):
        every |= set(sitemap(client, loc.text.rsplit("sitemap-", 1)[1].removesuffix(".xml")))
    assert not [url for url in every if "/lich/" in url or "/calendar/" in url]


# -- slots ---------------------------------------------------------------------------------------


def test_the_home_block_shows_the_next_three_events_with_their_seats(client, structure):
    now = timezone.now()
    make_event(structure, title="Đã diễn ra", starts_at=now - timedelta(days=2))
    for days, title in ((9, "Thứ tư"), (2, "Thứ nhất"), (5, "Thứ hai"), (7, "Thứ ba")):
        make_event(structure, title=title, starts_at=now + timedelta(days=days), capacity=days)
    html = client.get("/").content.decode()
    block = html[html.index('id="home-events-heading"') :]
    titles = [t for t in ("Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Đã diễn ra") if t in block]
    assert titles == ["Thứ nhất", "Thứ hai", "Thứ ba"]
    assert block.index("Thứ nhất") < block.index("Thứ hai") < block.index("Thứ ba")
    assert block.count('class="event-seats"') == 3
    assert "/static/events/blocks.css" in html and "/static/events/events.css" not in html
    english = client.get("/en/").content.decode()
    assert "Upcoming events" in english and "2 seats left" in english
    assert "Investment seminar" in english[english.index('id="home-events-heading"') :]


def test_the_home_block_is_absent_without_upcoming_events(client, structure):
    assert 'id="home-events-heading"' not in client.get("/").content.decode()


def chip_context(article):
    request = RequestFactory().get(article.url)
    return Context({"page": article, "request": request})


def test_an_article_linked_from_an_upcoming_event_shows_its_chip(client, structure):
    article = make_article(structure, title="Giá vàng hôm nay")
    other = make_article(structure, title="Tỷ giá hôm nay")
    page = make_event(structure, title="Hội thảo vàng cuối năm").pages["vi"]
    page.article_links.create(article=article)
    page.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert 'data-testid="event-chip"' in html and "Hội thảo vàng cuối năm" in html
    assert page.url in html
    head = html[: html.index("</head>")]
    assert "/static/events/blocks.css" in head  # the chip is styled, in the <head>
    other_html = client.get(other.url).content.decode()
    assert 'data-testid="event-chip"' not in other_html
    assert "/static/events/blocks.css" not in other_html  # no chip, no stylesheet


def test_the_chip_costs_no_query_and_declares_the_article(structure, django_assert_num_queries):
    article = make_article(structure, title="Giá vàng hôm nay")
    page = make_event(structure, title="Hội thảo vàng cuối năm").pages["vi"]
    page.article_links.create(article=article)
    page.save_revision().publish()
    with translation.override("vi"):
        event_slots.chips("vi")  # built once, kept in the shared cache
        sitecache.start_request()
        token = store.begin_render()
        try:
            with django_assert_num_queries(0):
                fragment = event_slots.article_event_chip(chip_context(article))
        finally:
            declared = store.end_render(token)
            sitecache.end_request()
    assert fragment[0] == "events/slots/article_chip.html"
    assert fragment[1]["entries"][0]["title"] == "Hội thảo vàng cuối năm"
    from infofinance.events import cache

    assert declared == {cache.chip(article.pk)}


def test_an_ended_event_shows_no_chip(structure):
    article = make_article(structure, title="Giá vàng hôm nay")
    page = make_event(structure, starts_at=timezone.now() - timedelta(days=2)).pages["vi"]
    page.article_links.create(article=article)
    page.save_revision().publish()
    with translation.override("vi"):
        assert event_slots.article_event_chip(chip_context(article)) is None


def test_a_broker_page_lists_the_upcoming_events_linking_to_it(client, structure):
    from infofinance.brokers.models import Broker

    broker = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    page = make_event(structure, title="Gặp gỡ Aurora Markets").pages["vi"]
    page.broker_links.create(broker=broker)
    page.save_revision().publish()
    html = client.get(f"/tra-cuu-san/{broker.slug}/").content.decode()
    assert 'data-testid="broker-event"' in html and page.url in html
    assert "/static/events/blocks.css" in html[: html.index("</head>")]
    other = Broker.objects.create(name="Borealis", website="https://borealis.example")
    other_html = client.get(f"/tra-cuu-san/{other.slug}/").content.decode()
    assert 'data-testid="broker-event"' not in other_html
    assert "/static/events/blocks.css" not in other_html


def test_the_broker_block_reads_its_events_once_for_the_head_and_the_block(structure):
    from infofinance.brokers.models import Broker

    broker = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    page = make_event(structure, title="Gặp gỡ Aurora Markets").pages["vi"]
    page.broker_links.create(broker=broker)
    page.save_revision().publish()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reads(*renderers):
        context = Context({"broker": broker, "request": RequestFactory().get("/")})
        with translation.override("vi"), CaptureQueriesContext(connection) as captured:
            results = [render(context) for render in renderers]
        return len(captured), results

    reads(event_slots.broker_events)  # the site's root paths cached
    alone, _ = reads(event_slots.broker_events)
    both, (stylesheet, (template, data)) = reads(
        event_slots.broker_stylesheet, event_slots.broker_events
    )
    assert both == alone  # the head's read is the block's
    assert "events/blocks.css" in stylesheet and template == "events/slots/broker_block.html"
    assert [entry["title"] for entry in data["entries"]] == ["Gặp gỡ Aurora Markets"]


@pytest.mark.parametrize(
    ("home", "link"),
    [("/", '<a href="/su-kien/">Sự kiện</a>'), ("/en/", '<a href="/en/events/">Events</a>')],
)
def test_the_main_menu_links_to_the_events_in_each_language(client, structure, home, link):
    html = client.get(home).content.decode()
    menu = html[html.index('id="site-nav-more"') :]
    assert link in menu[: menu.index("</ul>")]


def test_a_signed_in_reader_sees_my_events_in_the_account_links(client, structure):
    from tests.complaints_support import make_user

    assert 'data-testid="my-events"' not in client.get("/").content.decode()
    client.force_login(make_user("lan@example.com"))
    html = client.get("/").content.decode()
    assert f'<a href="{reverse("events:mine")}" data-testid="my-events">' in html
    english = client.get("/en/").content.decode()
    assert 'href="/en/account/events/" data-testid="my-events">My events</a>' in english
