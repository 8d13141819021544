"""Published complaints in the sitemap (approved, not hidden): the same slug in both
languages. Registered from ComplaintsConfig.ready()."""

from infofinance.core.urls import reverse_in
from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import RouteSitemap

from .models import Complaint


class ComplaintSitemap(RouteSitemap):
    def __init__(self, language: str):
        queryset = Complaint.objects.published().only("public_slug", "updated_at").order_by("pk")
        super().__init__(language, "complaints:detail", queryset)

    def url_in(self, item, language):
        return reverse_in(language, self.route, slug=item.public_slug)


def register() -> None:
    sitemaps.register("complaints", ComplaintSitemap)
