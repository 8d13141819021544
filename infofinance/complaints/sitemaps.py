"""The complaint centre in the sitemap: the public list and its category listings, and the
published complaints (approved, not hidden), the same slug in both languages. Registered from
ComplaintsConfig.ready()."""

from functools import partial
from pathlib import Path

from django.db.models import Max

from infofinance.core.urls import reverse_in
from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import Route, RouteSitemap, RoutesSitemap, files_changed

from .models import Category, Complaint
from .selectors import category_slug


class ComplaintSitemap(RouteSitemap):
    def __init__(self, language: str):
        queryset = Complaint.objects.published().only("public_slug", "updated_at").order_by("pk")
        super().__init__(language, "complaints:detail", queryset)

    def url_in(self, item, language):
        return reverse_in(language, self.route, slug=item.public_slug)


LIST_TEMPLATE = Path(__file__).resolve().parent / "templates" / "complaints" / "index.html"


def _newest(category: str | None = None):
    """The newest change of a complaint the list shows; an empty list is only its template."""
    complaints = Complaint.objects.published()
    if category:
        complaints = complaints.filter(category=category)
    newest = complaints.aggregate(newest=Max("updated_at"))["newest"]
    return newest or files_changed(LIST_TEMPLATE)


def _category_kwargs(category: str, language: str) -> dict:
    return {"category": category_slug(category, language)}


def list_routes() -> list[Route]:
    return [Route("complaints:index", lastmod=_newest)] + [
        Route(
            "complaints:category",
            kwargs_in=partial(_category_kwargs, category),
            lastmod=partial(_newest, category),
        )
        for category in Category.values
    ]


def list_sitemap(language: str) -> RoutesSitemap:
    return RoutesSitemap(language, list_routes)


def register() -> None:
    sitemaps.register("complaint-lists", list_sitemap)
    sitemaps.register("complaints", ComplaintSitemap)
