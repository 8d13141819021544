from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "infofinance.search"
    label = "site_search"
    verbose_name = "Site search"

    def ready(self):
        # The sources register themselves from their own apps (news, brokers, complaints...).
        from . import signals

        signals.connect()

        from infofinance.pagecache import registry

        from .models import SearchDocument

        registry.register_bookkeeping(SearchDocument)  # the index: pages show what it reads
        registry.register_params("q", "type", "section", "date_from", "date_to", "both", "page")

        from infofinance.wiring import routes

        routes.prefix("search", vi="tim-kiem", en="search", title="site search")

        from infofinance.discovery import robots

        robots.disallow_route("search")  # results and suggestions: no page to index
