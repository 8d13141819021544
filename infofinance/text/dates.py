"""Reader-facing dates and numbers through Babel, in the page's language and Vietnam's time zone.
Django's own `vi` formats are not used for readers (see docs/i18n.md)."""

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from django.utils import timezone

from infofinance.text.language import current_language

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
_DATETIME_PATTERNS = {"vi": "HH:mm, dd/MM/y", "en": "MMM d, y, h:mm a"}


def _language(language: str | None) -> str:
    code = language[:2] if language else current_language()
    return code if code in {"vi", "en"} else "vi"


def _local(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(HCM)
    return value


def long_date(value: datetime | date | None, language: str | None = None) -> str:
    """`23 tháng 6, 2025` / `June 23, 2025`."""
    if value is None:
        return ""
    local = _local(value)
    return _long_date(local.date() if isinstance(local, datetime) else local, _language(language))


@lru_cache(maxsize=4096)
def _long_date(day: date, language: str) -> str:
    # A page shows the same few days many times (cards, datelines): Babel formats each once.
    return format_date(day, "long", locale=language)


def date_time(value: datetime | None, language: str | None = None) -> str:
    """`21:05, 23/06/2025` / `Jun 23, 2025, 9:05 PM` (Vietnam time)."""
    if value is None:
        return ""
    lang = _language(language)
    return format_datetime(_local(value), _DATETIME_PATTERNS[lang], tzinfo=HCM, locale=lang)


def number(value, language: str | None = None) -> str:
    """`1.688,42` / `1,688.42`."""
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=_language(language))
