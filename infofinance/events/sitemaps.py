"""The events in the sitemap: every live public event page, with its translations as
alternates, and the past events' listing of each index. The index itself is in the pages' part
(it is a page like the hubs). Calendar months are not listed: they are `noindex, follow` and
their number has no end. Registered from EventsConfig.ready()."""

from django.conf import settings
from django.db.models import Max

from infofinance.core.locales import language_of
from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import PageSitemap, SiteUrlSitemap, public_pages

from .models import EventIndexPage, EventPage


class EventSitemap(PageSitemap):
    model = EventPage

    def items(self):
        return public_pages(EventPage, self.language).order_by("-first_published_at", "-pk")


def past_url(index: EventIndexPage) -> str:
    return f"{index.url}{index.route_word('past')}/"


class EventListingSitemap(SiteUrlSitemap):
    """The past events' page of each live index, its translations' as alternates."""

    def __init__(self, language: str):
        self.language = language

    def items(self):
        return list(public_pages(EventIndexPage, self.language).select_related("locale"))

    def location(self, item):
        return past_url(item)

    def lastmod(self, item):
        newest = (
            EventPage.objects.live()
            .child_of(item)
            .aggregate(newest=Max("last_published_at"))["newest"]
        )
        moments = [moment for moment in (newest, item.last_published_at) if moment]
        return max(moments) if moments else None

    def alternates_for(self, items):
        result = {}
        for item in items:
            translations = (
                EventIndexPage.objects.live()
                .public()
                .filter(translation_key=item.translation_key)
                .select_related("locale")
            )
            result[item] = {
                language_of(page.locale_id): settings.SITE_URL + past_url(page)
                for page in translations
            }
        return result


def register() -> None:
    sitemaps.register("events", EventSitemap, pages=(EventPage,))
    sitemaps.register("event-listings", EventListingSitemap)
