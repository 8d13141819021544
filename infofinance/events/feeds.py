"""The events' feeds in each language: RSS 2.0 and Atom of the upcoming events (served by the
discovery app, linked from the index and every event page) and the public iCalendar feed
(`su-kien/lich.ics` ⇄ `events/calendar.ics`, routed by urls.py). Both are cacheable pages that
depend on the lists (`cache.EVENTS`: a publication, a fact or status change moves them) and
carry public data only: never the join link, never anything about who registered.

An item's id is a tag URI (RFC 4151) made of the event's number and the page's first
publication date: a renamed slug keeps it, and an item stays one item whatever its URL becomes."""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from infofinance.core.urls import localized_route
from infofinance.discovery import feeds
from infofinance.discovery.feeds import (
    ContentAtom,
    ContentRss,
    FeedLinks,
    absolute,
    image_enclosure,
    stream_html,
    xml_text,
)
from infofinance.pagecache.store import depends_on
from infofinance.text.language import current_language

from . import dates
from .cache import EVENTS
from .models import EventIndexPage, EventPage
from .selectors import index_page, upcoming_pages

FEED_SIZE = 50


def item_id(page: EventPage) -> str:
    minted = page.first_published_at or page.event.created_at
    return feeds.entry_id(minted, "event", page.event.pk)


def item_text(page: EventPage, language: str) -> str:
    """When (Vietnam time, and the venue's own when elsewhere), where, then the summary."""
    when = dates.when(page.event, language)
    lines = [when.text, when.venue_line]
    event = page.event
    if event.is_in_person:
        lines.append(", ".join(part for part in (event.venue_name, event.locality) if part))
    elif event.is_online:
        lines.append(pgettext("event location", "Online"))
    lines.append(page.summary)
    return xml_text("\n".join(line for line in lines if line))


class Scope:
    def __init__(self, language: str, feed_path: str, index: EventIndexPage):
        self.language, self.feed_path, self.index = language, feed_path, index


class EventsRssFeed(Feed):
    feed_type: type[ContentRss] | type[ContentAtom] = ContentRss
    item_guid_is_permalink = False
    author_name = "Info Finance"  # RFC 4287 §4.1.1: the feed names its author

    def get_object(self, request):
        language = current_language()
        index = index_page(language)
        if index is None:
            raise Http404
        depends_on(EVENTS)
        return Scope(language, request.path, index)

    def title(self, scope):
        return _("Info Finance — Events")

    def link(self, scope):
        return absolute(scope.index.url)

    def description(self, scope):
        return _("Upcoming investor seminars and webinars of Info Finance, free to attend.")

    def feed_url(self, scope):
        return absolute(scope.feed_path)

    def items(self, scope):
        pages = upcoming_pages(scope.language, limit=FEED_SIZE)
        for page in pages:  # one feed instance serves every request: the language rides along
            page.feed_language = scope.language
        return pages

    def item_title(self, page):
        return xml_text(page.title)

    def item_description(self, page):
        return item_text(page, page.feed_language)

    def item_link(self, page):
        return absolute(page.url)

    def item_guid(self, page):
        return item_id(page)

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return max(moment for moment in (page.last_published_at, page.event.updated_at) if moment)

    def item_enclosures(self, page):
        image = image_enclosure(page.hero_image if page.hero_image_id else None)
        return [Enclosure(*image)] if image else []

    def item_extra_kwargs(self, page):
        return {"content_html": stream_html(page.body)}


class EventsAtomFeed(EventsRssFeed):
    feed_type: type[ContentRss] | type[ContentAtom] = ContentAtom
    subtitle = EventsRssFeed.description


# `rss` and `atom` are reserved child slugs of the events index: no event shadows these paths.
urlpatterns = [
    path(localized_route("su-kien/rss/", "events/rss/"), EventsRssFeed(), name="events-rss"),
    path(localized_route("su-kien/atom/", "events/atom/"), EventsAtomFeed(), name="events-atom"),
]


def event_feed_links(context) -> FeedLinks | None:
    """The index (and its past and calendar views) and every event page link to the feed."""
    if isinstance(context.get("page"), EventIndexPage | EventPage):
        return FeedLinks("events-{kind}", _("Events"))
    return None


def calendar_feed(request):
    """The upcoming events as one public iCalendar file, for calendar subscriptions (the same
    UID per event as the attendees' invitations, never their join link)."""
    from . import ics

    language = current_language()
    if index_page(language) is None:
        raise Http404
    depends_on(EVENTS)
    body = ics.feed_calendar(upcoming_pages(language), language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


def register() -> None:
    feeds.register("events", urlpatterns, links=event_feed_links)
