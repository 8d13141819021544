"""current_language(): the two-letter code of the active language, the site's default outside
any activation."""

from django.utils import translation

from infofinance.text.language import current_language


def test_the_active_language_in_two_letters():
    with translation.override("en-gb"):
        assert current_language() == "en"
    with translation.override("vi"):
        assert current_language() == "vi"


def test_the_default_language_when_none_is_active(settings):
    settings.LANGUAGE_CODE = "vi"
    with translation.override(None):
        assert translation.get_language() is None
        assert current_language() == "vi"
