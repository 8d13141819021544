from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "infofinance.discovery"
    label = "discovery"
    verbose_name = "Discovery"
