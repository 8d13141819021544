"""URL helpers: a route whose words depend on the language (`tim-kiem/` ⇄ `search/`)."""

from django.utils.functional import lazy

from infofinance.text.language import current_language


def _route_for_language(routes: dict[str, str]) -> str:
    return routes.get(current_language(), routes["vi"])


def localized_route(vi: str, en: str):
    """A lazily translated route for `path()`: Django compiles and reverses it per language."""
    return lazy(_route_for_language, str)({"vi": vi, "en": en})


def reverse_in(language: str, name: str, **kwargs) -> str:
    """The path of a named route in `language` (`brokers:detail` → `/en/broker/x/`)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)
