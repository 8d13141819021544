"""The Brokers Hub's sitemap sections: visible brokers and regulators, the same slug in both
languages. Registered from BrokersConfig.ready()."""

from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import RouteSitemap

from .models import Broker, Regulator


def broker_sitemap(language: str) -> RouteSitemap:
    return RouteSitemap(
        language, "brokers:detail", Broker.objects.filter(hidden=False).order_by("pk")
    )


def regulator_sitemap(language: str) -> RouteSitemap:
    return RouteSitemap(language, "brokers:regulator", Regulator.objects.order_by("pk"))


def register() -> None:
    sitemaps.register("brokers", broker_sitemap)
    sitemaps.register("regulators", regulator_sitemap)
