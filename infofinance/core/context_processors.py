"""Context every template gets: the page's language, the other language, absolute site URL,
whether Zalo's own share button may load."""

from django.conf import settings

from infofinance.text.language import current_language
from infofinance.webheaders.policy import allows_zalo

OTHER_LANGUAGE = {"vi": "en", "en": "vi"}
HOME_URLS = {"vi": "/", "en": "/en/"}


def site_chrome(request):
    language = current_language()
    return {
        "LANGUAGE": language,
        "OTHER_LANGUAGE": OTHER_LANGUAGE.get(language, "en"),
        "HOME_URL": HOME_URLS.get(language, "/"),
        "SITE_URL": settings.SITE_URL,
        "OG_LOCALE": "vi_VN" if language == "vi" else "en_US",
        "ZALO_ALLOWED": allows_zalo(),
    }
