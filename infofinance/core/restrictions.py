"""Whether any page view restriction exists, cached; cleared when one is saved or deleted."""

from wagtail.models import PageViewRestriction

from . import sitecache

CACHE_KEY = "core:any-view-restrictions:v1"
sitecache.register(CACHE_KEY)


def any_view_restrictions() -> bool:
    return sitecache.cached(CACHE_KEY, PageViewRestriction.objects.exists)


def forget_view_restrictions(**kwargs) -> None:
    sitecache.forget(CACHE_KEY)


def public(queryset):
    """`queryset.public()` (no private pages), skipping its extra query while no page of the
    site has a view restriction."""
    return queryset.public() if any_view_restrictions() else queryset
