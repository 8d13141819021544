from django.apps import AppConfig


class BrokersConfig(AppConfig):
    name = "infofinance.brokers"
    label = "brokers"
    verbose_name = "Brokers Hub"

    def ready(self):
        from django.utils.translation import gettext_lazy as _
        from wagtail.admin.panels import MultiFieldPanel, MultipleChooserPanel

        from infofinance.news.models import ArticlePage

        from . import jobs, search, signals, sitemaps  # noqa: F401
        from .panels import BrokerSuggestionsPanel

        search.register()
        sitemaps.register()

        # The newsroom does not know the Brokers Hub: this app adds its link to the editor.
        ArticlePage.content_panels = [
            *ArticlePage.content_panels,
            MultiFieldPanel(
                [
                    BrokerSuggestionsPanel(),
                    MultipleChooserPanel(
                        "broker_links", chooser_field_name="broker", label=_("Brokers mentioned")
                    ),
                ],
                heading=_("Brokers mentioned"),
            ),
        ]

        from . import cache

        cache.register()  # what its changes make stale in the page cache
