"""Which cached pages the Brokers Hub's changes make stale (registered with the page cache from
BrokersConfig.ready()), and the directory's query parameters that change what it shows.

A broker and every row of it (licences, aliases, products, platforms) moves its page
(`broker:<id>`) and the directory with every broker card (`brokers`); a regulator also the
regulator index (`regulators`); an article mentioning a broker moves that broker's list of
articles (`mentions:broker:<id>`) when the mention is added or removed."""

from django.apps import apps

from infofinance.news import cache as news_cache
from infofinance.pagecache import registry, tags

from .models import ArticleBroker, Broker, Regulator
from .selectors import FILTERS

# The directory's filters, sort and view; the comparison's brokers (`san` in Vietnamese) and
# its "add a broker" box (`add`, answered by a redirect or a "no match" message: without it in
# the key, a cached comparison would answer every addition with itself).
PARAMS = (*FILTERS, "sort", "view", "san", "brokers", "add", "page", "partial")


def broker_changed(row, created, deleted) -> set[str]:
    broker_id = row.pk if isinstance(row, Broker) else getattr(row, "broker_id", 0)
    return {tags.broker(broker_id), tags.BROKERS} if broker_id else {tags.BROKERS}


def regulator_changed(regulator, created, deleted) -> set[str]:
    return {tags.REGULATORS, tags.BROKERS}


def mention_changed(link, created, deleted) -> set[str]:
    """A link saved again unchanged, as every publication does, changes nothing."""
    if not (created or deleted):
        return set()
    return {tags.mentions_broker(link.broker_id), tags.page(link.page_id)}


def mentions_of(article_pk) -> set[str]:
    """The brokers' lists of articles this article is in."""
    return {
        tags.mentions_broker(broker_id)
        for broker_id in ArticleBroker.objects.filter(page_id=article_pk).values_list(
            "broker_id", flat=True
        )
    }


def register() -> None:
    for model in apps.get_app_config("brokers").get_models(include_auto_created=True):
        registry.register(model, broker_changed)
    registry.register(Regulator, regulator_changed)
    registry.register(ArticleBroker, mention_changed)
    news_cache.lists_articles(mentions_of)
    registry.register_params(*PARAMS)
