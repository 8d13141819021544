"""When an event happens, for readers (docs/design/events.md §6.3): Vietnam time with the zone
named, both dates when it crosses midnight, and, for a venue in another zone, a line in the
venue's own time with its offset at the start and at the end (a DST change in between shows).
Babel formats everything; Django's `vi` formats are never used for readers."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_day_names, get_timezone_location
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from infofinance.text.language import current_language

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
VIETNAM_ZONES = frozenset({"Asia/Ho_Chi_Minh", "Asia/Saigon"})

_DAY = {"vi": "EEEE, d/M/y", "en": "EEEE, MMMM d, y"}
_TIME = {"vi": "HH:mm", "en": "h:mm a"}
# Between two times of one day a plain en dash; between two dates it needs spaces.
_MONTH = {"vi": "'Tháng' M/y", "en": "LLLL y"}
_SAME_DAY_DASH = {"vi": "–", "en": " – "}


@dataclass(frozen=True)
class When:
    text: str  # Vietnam time, the zone named
    venue_line: str  # the venue's own time when its zone is another one, else ""
    starts_iso: str  # UTC, for <time datetime> and the browser's "Your time"
    ends_iso: str


def _language(language: str | None) -> str:
    code = (language or current_language())[:2]
    return code if code in {"vi", "en"} else "vi"


def _aware(value: datetime) -> datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def utc_iso(value: datetime | None) -> str:
    """`2026-12-12T02:00:00Z`: what `<time datetime>` and the scripts read."""
    if value is None:
        return ""
    return _aware(value).astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def offset_label(zone: ZoneInfo, instant: datetime) -> str:
    """`GMT+7`, `GMT+5:30`, `GMT-4`, `GMT+0`: the offset of `zone` at that instant."""
    offset = zone.utcoffset(_aware(instant).astimezone(zone)) or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(zone: str, language: str | None = None) -> str:
    """ "giờ Việt Nam" / "Vietnam time", "giờ Singapore" / "Singapore time" (CLDR's words)."""
    lang = _language(language)
    if zone in VIETNAM_ZONES:
        with override(lang):
            return _("Vietnam time")
    name = get_timezone_location(ZoneInfo(zone), locale=lang)
    if lang == "vi":
        return name[:1].lower() + name[1:]
    return name[: -len(" Time")] + " time" if name.endswith(" Time") else name


def day(value: date, language: str | None = None) -> str:
    """`Thứ Bảy, 12/12/2026` / `Saturday, December 12, 2026`."""
    lang = _language(language)
    return format_date(value, _DAY[lang], locale=lang)


def clock(value: datetime, zone: ZoneInfo, language: str | None = None) -> str:
    """`09:00` / `9:00 AM` in `zone`."""
    lang = _language(language)
    return format_time(_aware(value).astimezone(zone), _TIME[lang], locale=lang)


def time_of_day(value: time | None, language: str | None = None) -> str:
    """A time as a printed programme has it: `09:00` / `9:00 AM`."""
    if value is None:
        return ""
    lang = _language(language)
    return format_time(value, _TIME[lang], locale=lang)


def span(starts: datetime, ends: datetime, zone: str, language: str | None = None) -> str:
    """The dates and times of `starts`–`ends` in `zone`, then the offsets and the zone's name in
    brackets; both dates when the end falls on another local day, both offsets when they
    differ."""
    lang = _language(language)
    tz = ZoneInfo(zone)
    local_start, local_end = _aware(starts).astimezone(tz), _aware(ends).astimezone(tz)
    if local_start.date() == local_end.date():
        times = (
            f"{day(local_start.date(), lang)}, {clock(starts, tz, lang)}"
            f"{_SAME_DAY_DASH[lang]}{clock(ends, tz, lang)}"
        )
    else:
        times = (
            f"{day(local_start.date(), lang)}, {clock(starts, tz, lang)} – "
            f"{day(local_end.date(), lang)}, {clock(ends, tz, lang)}"
        )
    first, last = offset_label(tz, starts), offset_label(tz, ends)
    offsets = first if first == last else f"{first} → {last}"
    return f"{times} ({offsets}, {zone_name(zone, lang)})"


def when(event, language: str | None = None) -> When:
    """When `event` (an `Event`, or anything with starts_at, ends_at and time_zone) happens."""
    lang = _language(language)
    text = span(event.starts_at, event.ends_at, "Asia/Ho_Chi_Minh", lang)
    venue_line = ""
    zone = event.time_zone or "Asia/Ho_Chi_Minh"
    if zone not in VIETNAM_ZONES:
        with override(lang):
            label = _("At the venue")
        venue_line = f"{label}: {span(event.starts_at, event.ends_at, zone, lang)}"
    return When(text, venue_line, utc_iso(event.starts_at), utc_iso(event.ends_at))


def moment(value: datetime | None, language: str | None = None) -> str:
    """One instant in Vietnam time: `09:00, Thứ Bảy, 12/12/2026 (GMT+7)` /
    `Saturday, December 12, 2026, 9:00 AM (GMT+7)` (registration opening, an offer's end)."""
    if value is None:
        return ""
    lang = _language(language)
    local = _aware(value).astimezone(HCM)
    offset = offset_label(HCM, value)
    if lang == "vi":
        return f"{clock(value, HCM, lang)}, {day(local.date(), lang)} ({offset})"
    return f"{day(local.date(), lang)}, {clock(value, HCM, lang)} ({offset})"


def month_title(year: int, month: int, language: str | None = None) -> str:
    """`Tháng 12/2026` / `December 2026`."""
    lang = _language(language)
    return format_date(date(year, month, 1), _MONTH[lang], locale=lang)


def weekday_names(language: str | None = None) -> list[tuple[str, str]]:
    """[(short, full)] Monday first: `("T2", "Thứ Hai")` / `("Mon", "Monday")`."""
    lang = _language(language)
    short = get_day_names("abbreviated" if lang == "en" else "short", locale=lang)
    wide = get_day_names("wide", locale=lang)
    return [(short[index], wide[index]) for index in range(7)]


def local_day(value: datetime) -> date:
    """The day in Vietnam of an instant."""
    return _aware(value).astimezone(HCM).date()
