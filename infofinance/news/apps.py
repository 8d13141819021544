from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "infofinance.news"
    label = "news"
    verbose_name = "Newsroom"

    def ready(self):
        from . import feeds, search, signals, sitemaps  # noqa: F401

        search.register()
        sitemaps.register()
        feeds.register()

        from . import cache

        cache.register()  # what its changes make stale in the page cache
