from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "infofinance.search"
    label = "site_search"
    verbose_name = "Site search"

    def ready(self):
        from . import signals, sources

        sources.register_defaults()
        signals.connect()
