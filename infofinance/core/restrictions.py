"""Whether any page view restriction exists, cached; cleared when one is saved or deleted."""

from django.core.cache import cache
from wagtail.models import PageViewRestriction

CACHE_KEY = "core:any-view-restrictions:v1"


def any_view_restrictions() -> bool:
    exists = cache.get(CACHE_KEY)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(CACHE_KEY, exists, 3600)
    return exists


def forget_view_restrictions(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def public(queryset):
    """`queryset.public()` (no private pages), skipping its extra query while no page of the
    site has a view restriction."""
    return queryset.public() if any_view_restrictions() else queryset
