"""The markets in the sitemap: every live public indicator page and asset page, with its
translations as alternates. The calendar's and the assets' indexes are in the pages' part (they
are pages like the hubs). The day and week views (`?ngay=`, `?tuan=`) are not listed: they are
the index under a query, one per day with no end, and the iCalendar feeds are not pages.
Registered from MarketsConfig.ready()."""

from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import PageSitemap, public_pages

from .models import AssetPage, IndicatorPage


class IndicatorSitemap(PageSitemap):
    model = IndicatorPage

    def items(self):
        return public_pages(IndicatorPage, self.language).order_by("path")


class AssetSitemap(PageSitemap):
    model = AssetPage

    def items(self):
        return public_pages(AssetPage, self.language).order_by("path")


def register() -> None:
    sitemaps.register("indicators", IndicatorSitemap, pages=(IndicatorPage,))
    sitemaps.register("assets", AssetSitemap, pages=(AssetPage,))
