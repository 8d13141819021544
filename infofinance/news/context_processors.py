"""The header's section navigation, cached per language and cleared when sections or hubs change."""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from infofinance.core import sitecache
from infofinance.text.language import current_language

from . import selectors

NAV_CACHE_KEY = "news:nav:v1:{language}"
sitecache.register(NAV_CACHE_KEY)


def _navigation(language: str) -> dict:
    def build():
        locale = Locale.objects.filter(language_code=language).first()
        urls = selectors.hub_urls()
        nav = {
            "news_url": urls.get((language, "news"), ""),
            "knowledge_url": urls.get((language, "knowledge"), ""),
            "sections": [],
        }
        if locale is not None:
            nav["sections"] = [
                {"name": s.name, "url": selectors.section_url(s), "slug": s.slug}
                for s in selectors.sections(kind="news", locale=locale)
            ]
        return nav

    return sitecache.cached(NAV_CACHE_KEY.format(language=language), build)


def forget_navigation() -> None:
    sitecache.forget(NAV_CACHE_KEY)


def navigation(request):
    language = current_language()
    return {"nav": SimpleLazyObject(lambda: _navigation(language))}
