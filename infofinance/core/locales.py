"""Locale rows by language code, looked up once per process (they never change at run time)."""

from wagtail.models import Locale

_BY_CODE: dict[str, int] = {}


def locale_for(language_code: str) -> Locale | None:
    if language_code not in _BY_CODE:
        _BY_CODE.update(Locale.objects.values_list("language_code", "pk"))
    pk = _BY_CODE.get(language_code)
    return Locale(pk=pk, language_code=language_code) if pk else None
