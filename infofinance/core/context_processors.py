"""Context every template gets: the page's language, the other language, absolute site URL."""

from django.conf import settings
from django.utils.translation import get_language

OTHER_LANGUAGE = {"vi": "en", "en": "vi"}
HOME_URLS = {"vi": "/", "en": "/en/"}


def site_chrome(request):
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return {
        "LANGUAGE": language,
        "OTHER_LANGUAGE": OTHER_LANGUAGE.get(language, "en"),
        "HOME_URL": HOME_URLS.get(language, "/"),
        "SITE_URL": settings.SITE_URL,
        "OG_LOCALE": "vi_VN" if language == "vi" else "en_US",
    }
