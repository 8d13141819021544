"""A test-only app: one small page type that gets site search, a sitemap section and a feed by
registering alone, from this AppConfig.ready(), with no edit outside its own folder (besides
INSTALLED_APPS in settings/test.py). tests/test_wiring_app.py shows each of them working."""

from django.apps import AppConfig


class WiringAppConfig(AppConfig):
    name = "tests.wiring_app"
    label = "wiring_app"
    verbose_name = "Wiring demonstration (tests only)"

    def ready(self):
        from . import feeds, search, sitemaps

        search.register()  # site search: its pages, reindexed when published or unpublished
        sitemaps.register()  # its sitemap section, sitemap-<language>-wiring.xml
        feeds.register()  # its feed, /wiring/rss/, linked from its pages

        # Page cache: what its changes make stale (added by the page cache's registry).

        # Home page: its block on the home page (the page slots' registry).
        from infofinance.wiring import slots

        from . import blocks

        slots.register("home.blocks", blocks.home_block, order=90)
