"""The active language, read the same way everywhere. A leaf module (Django only), so that the
fast path, the other text utilities and every app can use it without importing one another."""

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    """The two-letter code of the active language ("vi", "en"), or the site's default language
    outside a request or translation.override()."""
    return (get_language() or settings.LANGUAGE_CODE)[:2]
