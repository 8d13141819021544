"""The events in the page cache: an anonymous event page is stored; a registration makes stale
only what shows that event's seats (its pages and the lists), never another event's page; a
lapsed hold and a passed boundary (registration closing) move the pages through the jobs;
publishing an event moves the chip of the articles it links and no other; a signed-in reader's
page is never stored. Caching is on; nothing here is timed."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from infofinance.events import cache, jobs
from infofinance.events.models import (
    CheckIn,
    Event,
    EventArticleLink,
    EventBrokerLink,
    EventChange,
    EventPage,
    EventSpeaker,
    Organiser,
    Registration,
    Sponsor,
)
from infofinance.pagecache import registry, store, tags
from tests.events_support import (
    index_pages,
    make_event,
    make_reader,
    register_guest,
    republish,
)
from tests.factories import make_article
from tests.test_pagecache import call

pytestmark = pytest.mark.django_db(transaction=False)


def cached(app, path) -> bool:
    return call(app, path)[1].get("X-Cache") == "HIT"


def warm(app, *paths):
    for path in paths:
        call(app, path)
        assert cached(app, path), path


@pytest.fixture
def two(structure):
    return make_event(structure, capacity=5), make_event(structure, capacity=5)


# -- what each change moves ----------------------------------------------------------------------


def test_tags_keep_their_spellings():
    assert cache.EVENTS == "events:list"
    assert cache.seats(7) == "events:seats:7"
    assert cache.chip(7) == "eventchip:7"
    assert cache.partner("organiser", 7) == "events:organiser:7"


def test_each_model_moves_only_what_shows_it():
    assert registry.tags_for(Registration(event_id=4)) == {cache.seats(4)}
    assert registry.tags_for(EventSpeaker(page_id=9)) == {tags.page(9)}
    assert registry.tags_for(EventArticleLink(page_id=9, article_id=3)) == {
        tags.page(9),
        cache.chip(3),
    }
    assert registry.tags_for(EventBrokerLink(page_id=9, broker_id=2)) == {
        tags.page(9),
        tags.broker(2),
    }
    assert registry.tags_for(Organiser(pk=5)) == {cache.partner("organiser", 5)}
    assert registry.tags_for(Sponsor(pk=5)) == {cache.partner("sponsor", 5)}
    assert registry.entry_for_class(CheckIn).bookkeeping
    assert registry.entry_for_class(EventChange).bookkeeping
    assert {"thang", "month"} <= registry.PARAMS


def test_an_event_row_moves_its_group_its_seats_and_the_lists(structure):
    event = make_event(structure)
    assert registry.tags_for(event) == {
        tags.translations(event.translation_key),
        cache.seats(event.pk),
        cache.EVENTS,
    }
    # Wagtail's scheduled publishing saves a plain Page: it stays an event page.
    plain = Page(pk=event.pages["vi"].pk, content_type=ContentType.objects.get_for_model(EventPage))
    assert registry.entry_for(plain) is registry.entry_for_class(EventPage)


# -- through the served pages ---------------------------------------------------------------------


def test_the_anonymous_event_page_is_cached(app, structure):
    page = make_event(structure).pages["vi"]
    status, headers, body = call(app, page.url)
    assert status == 200 and headers["X-Cache"] == "MISS"
    status, headers, again = call(app, page.url)
    assert headers["X-Cache"] == "HIT" and again == body


def test_a_registration_moves_its_event_and_the_lists_and_no_other_event(app, two):
    first, second = two
    lists = ["/su-kien/", "/en/events/", "/"]
    warm(app, first.pages["vi"].url, first.pages["en"].url, second.pages["vi"].url, *lists)
    register_guest(first)
    assert not cached(app, first.pages["vi"].url)
    assert not cached(app, first.pages["en"].url)  # its translation shows the same seats
    for path in lists:  # their cards show the first event's seats
        assert not cached(app, path), path
    assert cached(app, second.pages["vi"].url)


def test_a_lapsed_hold_moves_the_seats_through_the_job(app, two):
    first, second = two
    register_guest(first)  # a guest's seat is held until they confirm
    warm(app, first.pages["vi"].url, second.pages["vi"].url)
    Registration.objects.filter(event=first).update(
        hold_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert cached(app, first.pages["vi"].url)  # nothing moved yet: a bulk update
    jobs.expire_holds()
    assert Registration.objects.get(event=first).status == "expired"
    assert not cached(app, first.pages["vi"].url)
    assert cached(app, second.pages["vi"].url)


def test_the_boundary_job_moves_the_page_when_registration_closes(app, two):
    first, second = two
    closes = timezone.now() + timedelta(days=1)
    pages = first.pages
    first = republish(pages["vi"], registration_closes_at=closes)
    first.pages = pages
    assert first.next_boundary_at == closes
    warm(app, first.pages["vi"].url, second.pages["vi"].url, "/su-kien/")
    # The closing time passes (the row as it would be a day later: the boundary is due).
    Event.objects.filter(pk=first.pk).update(
        registration_closes_at=timezone.now() - timedelta(seconds=1),
        next_boundary_at=timezone.now() - timedelta(seconds=1),
    )
    assert cached(app, first.pages["vi"].url)
    jobs.cache_boundaries()
    assert cache.move_due_boundaries() == 0  # moved once: nothing is due any more
    assert not cached(app, first.pages["vi"].url)
    assert not cached(app, "/su-kien/")
    assert cached(app, second.pages["vi"].url)
    first.refresh_from_db()
    assert first.next_boundary_at == first.starts_at  # the next one: the event starts


def test_publishing_an_event_moves_the_chip_of_its_linked_article_only(app, structure):
    linked = make_article(structure, title="Giá vàng hôm nay")
    other = make_article(structure, title="Tỷ giá hôm nay")
    index_pages(structure)  # a new top-level page moves everything (menus)
    warm(app, linked.url, other.url)
    page = make_event(structure, title="Hội thảo vàng cuối năm", english=False).pages["vi"]
    # A new event moves the lists, not every article.
    assert cached(app, linked.url) and cached(app, other.url)
    page.article_links.create(article=linked)
    page.save_revision().publish()
    _status, headers, body = call(app, linked.url)
    assert headers["X-Cache"] == "MISS" and "Hội thảo vàng cuối năm" in body.decode()
    assert cached(app, other.url)
    # Unlinking it takes the chip away again.
    warm(app, linked.url)
    page = EventPage.objects.get(pk=page.pk)
    page.article_links.all().delete()
    page.save_revision().publish()
    assert "Hội thảo vàng cuối năm" not in call(app, linked.url)[2].decode()


def test_a_signed_in_reader_s_page_is_never_stored(app, client, structure):
    page = make_event(structure).pages["vi"]
    client.force_login(make_reader())
    session = client.cookies["sessionid"].value
    status, headers, _body = call(app, page.url, cookie=f"sessionid={session}")
    assert status == 200 and "private" in headers["Cache-Control"]
    assert call(app, page.url)[1]["X-Cache"] == "MISS"  # the reader's render was not kept


def test_versions_are_moved_only_for_the_registered_event(two):
    from django.core.cache import cache as shared

    first, second = two
    shared.clear()
    register_guest(second)
    moved = {
        name
        for name, version in store.versions(
            [cache.seats(first.pk), cache.seats(second.pk), cache.EVENTS]
        ).items()
        if version
    }
    assert moved == {cache.seats(second.pk)}
