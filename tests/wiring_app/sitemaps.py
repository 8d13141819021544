"""Its pages in their own sitemap section (and so out of the generic pages' section)."""

from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import PageSitemap

from .models import WiringPage


class WiringSitemap(PageSitemap):
    model = WiringPage


def register() -> None:
    sitemaps.register("wiring", WiringSitemap, pages=(WiringPage,))
