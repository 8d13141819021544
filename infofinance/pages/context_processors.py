"""The footer's links to the standard pages of the page's language, cached."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

FOOTER_CACHE_KEY = "pages:footer:v1:{language}"


def _footer_links(language: str) -> list[dict]:
    from .models import StandardPage

    key = FOOTER_CACHE_KEY.format(language=language)
    links = cache.get(key)
    if links is None:
        # Driven by the few standard pages, never by the page tree (a million articles).
        footer_ids = StandardPage.objects.filter(show_in_footer=True).values("pk")
        pages = (
            StandardPage.objects.live()
            .filter(pk__in=footer_ids, locale__language_code=language)
            .order_by("path")
        )
        links = [{"title": p.title, "url": p.url} for p in pages]
        cache.set(key, links, 3600)
    return links


def forget_footer_links() -> None:
    cache.delete_many([FOOTER_CACHE_KEY.format(language=code) for code in ("vi", "en")])


def footer(request):
    language = (get_language() or "vi")[:2]
    return {"footer_links": SimpleLazyObject(lambda: _footer_links(language))}
