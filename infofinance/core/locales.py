"""Locale rows by language code, looked up once per process and forgotten whenever a locale is
saved or deleted (locales are created once, at set-up)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale

_BY_CODE: dict[str, int] = {}
_LISTENERS = []


def on_locales_changed(callback):
    """Register a function that clears another per-process map of locales."""
    _LISTENERS.append(callback)
    return callback


def _forget(**kwargs):
    _BY_CODE.clear()
    for callback in _LISTENERS:
        callback()


post_save.connect(_forget, sender=Locale, dispatch_uid="infofinance-locales-save")
post_delete.connect(_forget, sender=Locale, dispatch_uid="infofinance-locales-delete")


def locale_for(language_code: str) -> Locale | None:
    if language_code not in _BY_CODE:
        _BY_CODE.update(Locale.objects.values_list("language_code", "pk"))
    pk = _BY_CODE.get(language_code)
    return Locale(pk=pk, language_code=language_code) if pk else None
