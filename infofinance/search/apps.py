from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "infofinance.search"
    label = "site_search"
    verbose_name = "Site search"

    def ready(self):
        # The sources register themselves from their own apps (news, brokers, complaints...).
        from . import signals

        signals.connect()
