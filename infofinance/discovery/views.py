"""Sitemap index, part files, Google News sitemap and robots.txt."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_part_view
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import robots
from .sitemaps import news_items, sitemaps


@require_safe
def sitemap_index(request):
    files = []
    for name, part in sitemaps().items():
        if not part.paginator.count:
            continue  # an empty urlset is not a valid sitemap file
        pages = part.paginator.num_pages
        for number in range(1, pages + 1):
            url = settings.SITE_URL + reverse("sitemap-part", kwargs={"section": name})
            files.append(url if number == 1 else f"{url}?p={number}")
    return render(
        request,
        "discovery/sitemap_index.xml",
        {"files": files},
        content_type="application/xml; charset=utf-8",
    )


@require_safe
def sitemap_part(request, section):
    parts = sitemaps()
    if section not in parts or not parts[section].paginator.count:
        raise Http404
    return sitemap_part_view(request, {section: parts[section]}, section=section)


@require_safe
def news_sitemap(request):
    return render(
        request,
        "discovery/news_sitemap.xml",
        {"articles": news_items(), "SITE_URL": settings.SITE_URL},
        content_type="application/xml; charset=utf-8",
    )


@require_safe
def robots_txt(request):
    """The paths the apps and the URLconf registered (robots.py), then the sitemaps."""
    return HttpResponse("\n".join(robots.lines()) + "\n", content_type="text/plain; charset=utf-8")
