from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "infofinance.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self):
        from infofinance.pagecache import registry

        registry.register_params("p")  # a sitemap's page (Django's sitemap view)
