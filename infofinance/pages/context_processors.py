"""The footer's links to the standard pages of the page's language, cached."""

from django.utils.functional import SimpleLazyObject

from infofinance.core import sitecache
from infofinance.text.language import current_language

FOOTER_CACHE_KEY = "pages:footer:v1:{language}"
sitecache.register(FOOTER_CACHE_KEY)


def _footer_links(language: str) -> list[dict]:
    from .models import StandardPage

    def build():
        # Driven by the few standard pages, never by the page tree (a million articles).
        footer_ids = StandardPage.objects.filter(show_in_footer=True).values("pk")
        pages = (
            StandardPage.objects.live()
            .filter(pk__in=footer_ids, locale__language_code=language)
            .order_by("path")
        )
        return [{"title": p.title, "url": p.url} for p in pages]

    return sitecache.cached(FOOTER_CACHE_KEY.format(language=language), build)


def forget_footer_links() -> None:
    sitecache.forget(FOOTER_CACHE_KEY)


def footer(request):
    language = current_language()
    return {"footer_links": SimpleLazyObject(lambda: _footer_links(language))}
