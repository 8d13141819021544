"""RSS 2.0 and Atom of the Brokers Hub's warnings in each language: every visible broker under
an automatic warning, newest change first, each item naming the warnings and linking to the
broker's page. The directory, the broker pages and the methodology link to it. Registered from
BrokersConfig.ready() with the discovery app, which serves it.

An item is one broker with one set of warnings: its id (a tag URI, RFC 4151) is made of the
broker's number and its warnings' codes, so a new warning makes a new item and an unchanged one
keeps its id whatever else about the broker changes."""

from django.contrib.syndication.views import Feed
from django.urls import path, reverse
from django.utils.translation import gettext as _

from infofinance.core.urls import localized_route
from infofinance.discovery import feeds
from infofinance.discovery.feeds import ContentAtom, ContentRss, FeedLinks, absolute, xml_text
from infofinance.pagecache import tags
from infofinance.pagecache.store import depends_on

from .models import Broker
from .warnings import EXPLANATIONS, LABELS

FEED_SIZE = 50


def warned_brokers() -> list[Broker]:
    depends_on(tags.BROKERS)
    return list(
        Broker.objects.filter(hidden=False, has_warnings=True)
        .only("pk", "name", "slug", "warnings", "created_at", "updated_at")
        .order_by("-updated_at", "-pk")[:FEED_SIZE]
    )


def item_id(broker: Broker) -> str:
    codes = "+".join(sorted(broker.warnings or []))
    return feeds.entry_id(broker.created_at, "broker-warnings", broker.pk, codes)


class WarningsRssFeed(Feed):
    feed_type: type[ContentRss] | type[ContentAtom] = ContentRss
    item_guid_is_permalink = False

    def get_object(self, request):
        return request.path

    def title(self, _path):
        return _("Info Finance — Broker warnings")

    def link(self, _path):
        return absolute(reverse("brokers:directory"))

    # RFC 4287 §4.1.1: an Atom feed names its author (on the feed, when its entries do not).
    author_name = "Info Finance"

    def description(self, _path):
        return _(
            "Brokers under an automatic warning of the Brokers Hub: missing, expired, "
            "suspended or revoked licences, regulators' warnings and possible clones."
        )

    def feed_url(self, feed_path):
        return absolute(feed_path)

    def items(self, _path):
        return warned_brokers()

    def item_title(self, broker):
        labels = "; ".join(str(LABELS[code]) for code in broker.warnings if code in LABELS)
        return xml_text(f"{broker.name}: {labels}")

    def item_description(self, broker):
        return xml_text(
            " ".join(str(EXPLANATIONS[code]) for code in broker.warnings if code in EXPLANATIONS)
        )

    def item_link(self, broker):
        return absolute(reverse("brokers:detail", kwargs={"slug": broker.slug}))

    def item_guid(self, broker):
        return item_id(broker)

    def item_pubdate(self, broker):
        return broker.updated_at

    def item_updateddate(self, broker):
        return broker.updated_at


class WarningsAtomFeed(WarningsRssFeed):
    feed_type: type[ContentRss] | type[ContentAtom] = ContentAtom
    subtitle = WarningsRssFeed.description


# The directory's reserved words `rss` and `atom` (routes.md) keep these paths free.
urlpatterns = [
    path(
        localized_route("tra-cuu-san/rss/", "broker/rss/"),
        WarningsRssFeed(),
        name="broker-warnings-rss",
    ),
    path(
        localized_route("tra-cuu-san/atom/", "broker/atom/"),
        WarningsAtomFeed(),
        name="broker-warnings-atom",
    ),
]


def feed_links(context) -> FeedLinks | None:
    """The Brokers Hub's pages (directory, a broker, the methodology) link to the warnings."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None or match.view_name not in (
        "brokers:directory",
        "brokers:detail",
        "brokers:methodology",
    ):
        return None
    return FeedLinks("broker-warnings-{kind}", _("Broker warnings"))


def register() -> None:
    feeds.register("brokers", urlpatterns, links=feed_links)
