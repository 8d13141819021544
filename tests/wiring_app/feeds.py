"""An RSS feed of its pages, per language, linked from each of its pages."""

from django.contrib.syndication.views import Feed
from django.urls import path

from infofinance.core.locales import locale_for
from infofinance.discovery import feeds
from infofinance.discovery.feeds import ContentRss, FeedLinks, absolute, xml_text
from infofinance.text.language import current_language

from .models import WiringPage


class WiringFeed(Feed):
    feed_type = ContentRss
    title = "Wiring pages"
    description = "Pages of the wiring demonstration."

    def link(self):
        return absolute("/")

    def items(self):
        locale = locale_for(current_language())
        return WiringPage.objects.live().public().filter(locale=locale).order_by("-pk")[:50]

    def item_title(self, page):
        return xml_text(page.title)

    def item_description(self, page):
        return xml_text(page.summary)

    def item_link(self, page):
        return absolute(page.url)


def feed_links(context):
    if isinstance(context.get("page"), WiringPage):
        return FeedLinks("wiring-{kind}", "Wiring pages")
    return None


def register() -> None:
    feeds.register(
        "wiring", [path("wiring/rss/", WiringFeed(), name="wiring-rss")], links=feed_links
    )
