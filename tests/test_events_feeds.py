"""The events' feeds: RSS and Atom of the upcoming events in each language (feedparser reads
them without complaint; test_feeds_valid.py checks our common rules on them too), and the public
iCalendar feed: parsed by icalendar, public data only (never the join link), cached for
anonymous readers and refreshed when an event is published."""

from datetime import timedelta

import feedparser
import icalendar
import pytest
from django.conf import settings
from django.utils import timezone

from tests.events_support import index_pages, make_event, republish
from tests.test_pagecache import call

pytestmark = pytest.mark.django_db
JOIN = "https://meet.example.com/hoi-thao"


@pytest.fixture
def events(structure):
    now = timezone.now()
    return {
        "soon": make_event(structure, title="Hội thảo trực tuyến", attendance="mixed"),
        "later": make_event(
            structure, title="Hội thảo tháng sau", starts_at=now + timedelta(days=30)
        ),
        "past": make_event(
            structure, title="Hội thảo năm ngoái", starts_at=now - timedelta(days=9)
        ),
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    return response, feed


@pytest.mark.parametrize(
    "url,language",
    [("/su-kien/rss/", "vi"), ("/su-kien/atom/", "vi"), ("/en/events/rss/", "en")],
)
def test_the_feeds_list_upcoming_events_soonest_first(client, events, url, language):
    response, feed = parse(client, url)
    assert feed.feed.language == language
    soon, later = events["soon"].pages[language], events["later"].pages[language]
    assert [entry.title for entry in feed.entries] == [soon.title, later.title]
    entry = feed.entries[0]
    assert entry.link == settings.SITE_URL + soon.url
    assert entry.id == f"tag:testserver,{soon.first_published_at.date()}:event:{events['soon'].pk}"
    assert soon.summary in entry.summary
    assert ("GMT+7" in entry.summary) and ("Khách sạn Melia" in entry.summary)
    assert JOIN.encode() not in response.content


def test_an_entry_keeps_its_id_when_the_slug_changes(client, events):
    before = {entry.title: entry.id for entry in parse(client, "/su-kien/rss/")[1].entries}
    page = events["soon"].pages["vi"]
    republish(page, slug="hoi-thao-truc-tuyen-moi")
    after = {e.title: (e.id, e.link) for e in parse(client, "/su-kien/rss/")[1].entries}
    assert after[page.title][0] == before[page.title]
    assert after[page.title][1].endswith("/su-kien/hoi-thao-truc-tuyen-moi/")


def test_the_index_and_event_pages_link_to_the_feed(client, events):
    for path, feed in (
        ("/su-kien/", "/su-kien/rss/"),
        (events["soon"].pages["vi"].url, "/su-kien/rss/"),
        ("/en/events/", "/en/events/rss/"),
    ):
        html = client.get(path).content.decode()
        assert 'type="application/rss+xml" title="Info Finance — ' in html, path
        assert f'href="{feed}"' in html, path


def calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, icalendar.Calendar.from_ical(response.content)


def test_the_calendar_feed_has_the_upcoming_events_and_no_join_link(client, events):
    response, parsed = calendar(client, "/su-kien/lich.ics")
    summaries = [str(event["SUMMARY"]) for event in parsed.walk("VEVENT")]
    assert summaries == ["Hội thảo trực tuyến", "Hội thảo tháng sau"]
    uids = {str(event["UID"]) for event in parsed.walk("VEVENT")}
    assert f"event-{events['soon'].pk}@testserver" in uids
    assert JOIN.encode() not in response.content
    _response, english = calendar(client, "/en/events/calendar.ics")
    assert [str(e["SUMMARY"]) for e in english.walk("VEVENT")] == [
        events["soon"].pages["en"].title,
        events["later"].pages["en"].title,
    ]


def test_the_calendar_feed_is_cached_and_refreshed_by_a_publication(app, structure):
    index_pages(structure)
    make_event(structure, title="Hội thảo đầu tiên")
    status, headers, body = call(app, "/su-kien/lich.ics")
    assert status == 200 and headers["X-Cache"] == "MISS"
    assert call(app, "/su-kien/lich.ics")[1]["X-Cache"] == "HIT"
    make_event(structure, title="Hội thảo vừa đăng")
    status, headers, body = call(app, "/su-kien/lich.ics")
    assert headers["X-Cache"] == "MISS" and "Hội thảo vừa đăng".encode() in body
