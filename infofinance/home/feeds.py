"""The home page links to the news feeds (`<link rel="alternate">`). Registered from
HomeConfig.ready()."""

from infofinance.discovery import feeds
from infofinance.news.feeds import all_news_links

from .models import HomePage


def feed_links(context):
    return all_news_links() if isinstance(context.get("page"), HomePage) else None


def register() -> None:
    feeds.register_links(feed_links)
