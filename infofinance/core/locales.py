"""Locale rows by language code and language codes by locale id, looked up once per process and
forgotten whenever a locale is saved or deleted (locales are created once, at set-up). The active
language is infofinance.text.language.current_language()."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale

_BY_CODE: dict[str, int] = {}
_BY_ID: dict[int, str] = {}


def _load() -> None:
    rows = list(Locale.objects.values_list("pk", "language_code"))
    _BY_ID.update(rows)
    _BY_CODE.update((code, pk) for pk, code in rows)


def locale_for(language_code: str) -> Locale | None:
    if language_code not in _BY_CODE:
        _load()
    pk = _BY_CODE.get(language_code)
    return Locale(pk=pk, language_code=language_code) if pk else None


def language_of(locale_id: int) -> str:
    """A locale's language code, without a query once the locales are known."""
    if locale_id not in _BY_ID:
        _load()
    return _BY_ID.get(locale_id, "vi")


def _forget(**kwargs):
    _BY_CODE.clear()
    _BY_ID.clear()


post_save.connect(_forget, sender=Locale, dispatch_uid="infofinance-locales-save")
post_delete.connect(_forget, sender=Locale, dispatch_uid="infofinance-locales-delete")
