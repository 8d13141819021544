from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "infofinance.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from infofinance.core import shown

        from . import defaults, signals, store  # noqa: F401

        defaults.register_defaults()
        # What core's page base and template tags report the page shows.
        shown.listen(page=store.shows_page, translations=store.shows_translations)
