"""The Brokers Hub's sitemap sections: the directory, its scoring method and the regulators'
list; visible brokers and regulators, the same slug in both languages. Registered from
BrokersConfig.ready()."""

from pathlib import Path

from django.db.models import Max

from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import Route, RouteSitemap, RoutesSitemap, files_changed

from .models import Broker, Regulator

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates" / "brokers"


def _brokers_changed():
    """The newest change of a listed broker; with none, the directory's own template."""
    newest = Broker.objects.filter(hidden=False).aggregate(newest=Max("updated_at"))["newest"]
    return newest or files_changed(TEMPLATES / "directory.html")


def _regulators_changed():
    newest = Regulator.objects.aggregate(newest=Max("updated_at"))["newest"]
    return newest or files_changed(TEMPLATES / "regulator_index.html")


def _method_changed():
    """The scoring method's page is its template and the rule's constants."""
    return files_changed(
        TEMPLATES / "methodology.html",
        *(HERE / name for name in ("scoring.py", "badges.py", "warnings.py")),
    )


def hub_routes() -> list[Route]:
    return [
        Route("brokers:directory", lastmod=_brokers_changed),
        Route("brokers:methodology", lastmod=_method_changed),
        Route("brokers:regulators", lastmod=_regulators_changed),
    ]


def hub_sitemap(language: str) -> RoutesSitemap:
    return RoutesSitemap(language, hub_routes)


def broker_sitemap(language: str) -> RouteSitemap:
    return RouteSitemap(
        language, "brokers:detail", Broker.objects.filter(hidden=False).order_by("pk")
    )


def regulator_sitemap(language: str) -> RouteSitemap:
    return RouteSitemap(language, "brokers:regulator", Regulator.objects.order_by("pk"))


def register() -> None:
    sitemaps.register("brokers-hub", hub_sitemap)
    sitemaps.register("brokers", broker_sitemap)
    sitemaps.register("regulators", regulator_sitemap)
