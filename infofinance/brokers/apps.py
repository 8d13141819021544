from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokersConfig(AppConfig):
    name = "infofinance.brokers"
    label = "brokers"
    verbose_name = _("Brokers Hub")

    def ready(self):
        from infofinance.wiring import slots

        from . import jobs, panels, search, signals, sitemaps  # noqa: F401

        search.register()
        sitemaps.register()

        from . import feeds

        feeds.register()  # the warnings' RSS and Atom (discovery serves them)

        # The newsroom does not know the Brokers Hub: this app adds its link to the editor,
        # and the readers' blocks of its broker page are other apps' (reviews, complaints).
        slots.declare("broker.head", "In the broker page's <head>: its blocks' stylesheets.")
        slots.declare("broker.community", "The broker page's readers' blocks.", separator="\n  ")
        slots.register_panels("article.editor", panels.article_panels)

        from . import cache

        cache.register()  # what its changes make stale in the page cache

        from infofinance.wiring import routes

        routes.prefix("brokers.directory", vi="tra-cuu-san", en="broker", title="broker directory")
        routes.prefix("brokers.compare", vi="so-sanh-san", en="compare-brokers", title="compare")
        routes.prefix(
            "brokers.regulators", vi="co-quan-quan-ly", en="regulators", title="regulators"
        )
