"""Which cached pages readers' reviews make stale (registered with the page cache from
ReviewsConfig.ready()): the broker's page and every broker card (scores)."""

from infofinance.pagecache import registry, tags

from .models import Review


def review_changed(review, created, deleted) -> set[str]:
    return {tags.broker(review.broker_id), tags.BROKERS}


def register() -> None:
    registry.register(Review, review_changed)
