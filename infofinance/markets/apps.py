from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketsConfig(AppConfig):
    name = "infofinance.markets"
    label = "markets"
    verbose_name = _("Markets")

    def ready(self):
        from django.db.models.signals import post_migrate

        from infofinance.wiring import routes

        from . import cache, feeds, handlers, jobs, search, setup, sitemaps, slots

        routes.top_level_page("markets.CalendarIndexPage")
        routes.top_level_page("markets.AssetIndexPage")
        cache.register()  # what releases, prices and links make stale in the page cache
        search.register()  # indicators and assets, both languages
        sitemaps.register()  # indicator and asset pages; day and week views stay out
        feeds.register()  # RSS per indicator and per asset
        slots.register()  # chips in articles, the article editor's panels
        handlers.register()  # domain events: an actual arrives → flash drafts
        jobs.register()  # periodic imports
        post_migrate.connect(setup.ensure_groups, sender=self, dispatch_uid="markets-groups")
        post_migrate.connect(setup.ensure_index_pages, sender=self, dispatch_uid="markets-index")
