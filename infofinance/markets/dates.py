"""Days and weeks of the calendar (docs/design/markets.md §1.7): Vietnam days
(Asia/Ho_Chi_Minh) and ISO weeks, Monday first; their UTC ranges; the query parameters that
name them (`?ngay=YYYY-MM-DD` / `?day=`, `?tuan=YYYY-Www` / `?week=`); and Babel's wording of
times, days and periods for readers in both languages.

A value that is not a date falls back to today (never a 500); a date more than two years from
today is a 404 (an unbounded crawl space), as the events' months are."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from infofinance.text.language import current_language

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RANGE = timedelta(days=731)  # two years either side of today
DAY_PARAMS = {"vi": "ngay", "en": "day"}
WEEK_PARAMS = {"vi": "tuan", "en": "week"}

_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK_RE = re.compile(r"^(\d{4})-?[Ww](\d{2})$")
_DAY = {"vi": "EEEE, d/M/y", "en": "EEEE, MMMM d, y"}
_SHORT_DAY = {"vi": "d/M", "en": "MMM d"}
_SHORT_DAY_YEAR = {"vi": "d/M/y", "en": "MMM d, y"}
_TIME = {"vi": "HH:mm", "en": "h:mm a"}
_MONTH = {"vi": "'Th'M y", "en": "MMM y"}
_QUARTER = {"vi": "QQQ y", "en": "QQQ y"}
_DATE_TIME = {"vi": "HH:mm, d/M/y", "en": "MMM d, y, h:mm a"}


@lru_cache(maxsize=8)
def babel_locale(language: str) -> Locale:
    """Babel's locale object, parsed once per process: Babel parses a locale name on every
    call it is given as a string, a good part of formatting a date."""
    return Locale.parse(language)


def language_of(language: str | None) -> str:
    code = (language or current_language())[:2]
    return code if code in {"vi", "en"} else "vi"


def aware(value: datetime) -> datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def local(value: datetime) -> datetime:
    """The instant in Vietnam time."""
    return aware(value).astimezone(HCM)


def local_day(value: datetime) -> date:
    return local(value).date()


def today(now: datetime | None = None) -> date:
    return local_day(now or timezone.now())


def utc_iso(value: datetime | None) -> str:
    """`2026-03-06T13:30:00Z`: what `<time datetime>` and the script read."""
    if value is None:
        return ""
    return aware(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- days and weeks ----------------------------------------------------------------------------


def iso_week(day: date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week


def week_label(year: int, week: int) -> str:
    """`2026-W50`: the value of `?tuan=`/`?week=`."""
    return f"{year:04d}-W{week:02d}"


def monday_of(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def parse_day(value: str | None) -> date | None:
    """`2026-12-07` → the date; anything else → None."""
    match = _DAY_RE.match((value or "").strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_week(value: str | None) -> tuple[int, int] | None:
    """`2026-W50` (or `2026w50`) → (2026, 50); anything else, a week 53 of a year without
    one included, → None."""
    match = _WEEK_RE.match((value or "").strip())
    if not match:
        return None
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return year, week


def day_range(day: date) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the Vietnam day `day`."""
    start = datetime.combine(day, time.min, tzinfo=HCM)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def days_range(first: date, days: int) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time.min, tzinfo=HCM)
    return start.astimezone(UTC), (start + timedelta(days=days)).astimezone(UTC)


def week_range(year: int, week: int) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the ISO week, Monday 00:00 to the next Monday 00:00 in Vietnam."""
    return days_range(monday_of(year, week), 7)


def in_range(day: date, now: datetime | None = None) -> bool:
    return abs(day - today(now)) <= RANGE


def check_range(day: date, now: datetime | None = None) -> date:
    """`day`, or a 404 when it is more than two years from today."""
    if not in_range(day, now):
        raise Http404("Too far from today")
    return day


@dataclass(frozen=True)
class View:
    """What the calendar shows: one Vietnam day, or the ISO week (Monday–Sunday)."""

    kind: str  # "day" | "week"
    first: date  # the day, or the week's Monday
    today: date
    explicit: bool  # named by the query (not today's default view)

    @property
    def days(self) -> list[date]:
        count = 7 if self.kind == "week" else 1
        return [self.first + timedelta(days=n) for n in range(count)]

    @property
    def last(self) -> date:
        return self.days[-1]

    @property
    def week(self) -> tuple[int, int]:
        return iso_week(self.first)

    @property
    def utc_range(self) -> tuple[datetime, datetime]:
        return days_range(self.first, len(self.days))

    @property
    def value(self) -> str:
        """The query value naming this view: `2026-12-07` or `2026-W50`."""
        if self.kind == "week":
            return week_label(*self.week)
        return self.first.isoformat()

    def shifted(self, steps: int) -> "View | None":
        """The previous (-1) or next (+1) day or week; None outside the two years."""
        first = self.first + timedelta(days=steps * len(self.days))
        last = first + timedelta(days=len(self.days) - 1)
        if abs(first - self.today) > RANGE and abs(last - self.today) > RANGE:
            return None
        return View(self.kind, first, self.today, True)


def _first_value(query, names) -> str | None:
    for name in names:
        if name in query:
            return query.get(name)
    return None


def requested_view(query, *, now: datetime | None = None) -> View:
    """The view a query names, in either language's words (`tuan`/`week` first, then
    `ngay`/`day`). A value that is not a day or week → today's day view; a day more than two
    years away → 404."""
    current = today(now)
    week_value = _first_value(query, WEEK_PARAMS.values())
    if week_value is not None:
        week = parse_week(week_value)
        if week is not None:
            monday = monday_of(*week)
            if not (in_range(monday, now) or in_range(monday + timedelta(days=6), now)):
                raise Http404("Too far from today")
            return View("week", monday, current, True)
    day_value = _first_value(query, DAY_PARAMS.values())
    if day_value is not None:
        day = parse_day(day_value)
        if day is not None:
            return View("day", check_range(day, now), current, True)
    return View("day", current, current, False)


# -- words for readers -------------------------------------------------------------------------


def day_title(day: date, language: str | None = None) -> str:
    """`Thứ Hai, 7/12/2026` / `Monday, December 7, 2026`."""
    lang = language_of(language)
    return format_date(day, _DAY[lang], locale=babel_locale(lang))


def short_day(day: date, language: str | None = None, *, year: bool = False) -> str:
    """`7/12` / `Dec 7` (with the year: `7/12/2026` / `Dec 7, 2026`)."""
    lang = language_of(language)
    return format_date(
        day, (_SHORT_DAY_YEAR if year else _SHORT_DAY)[lang], locale=babel_locale(lang)
    )


def week_title(year: int, week: int, language: str | None = None) -> str:
    """`Tuần 50: 7/12 – 13/12/2026` / `Week 50: Dec 7 – Dec 13, 2026`."""
    lang = language_of(language)
    monday = monday_of(year, week)
    sunday = monday + timedelta(days=6)
    with override(lang):
        return _("Week %(number)s: %(first)s – %(last)s") % {
            "number": week,
            "first": short_day(monday, lang),
            "last": short_day(sunday, lang, year=True),
        }


def clock(value: datetime, language: str | None = None) -> str:
    """`20:30` / `8:30 PM` in Vietnam time."""
    lang = language_of(language)
    return format_time(local(value), _TIME[lang], locale=babel_locale(lang))


def date_time(value: datetime | None, language: str | None = None) -> str:
    """`20:30, 6/3/2026` / `Mar 6, 2026, 8:30 PM` in Vietnam time."""
    if value is None:
        return ""
    lang = language_of(language)
    return format_datetime_local(value, _DATE_TIME[lang], lang)


def format_datetime_local(value: datetime, pattern: str, language: str) -> str:
    from babel.dates import format_datetime

    return format_datetime(local(value), pattern, tzinfo=HCM, locale=babel_locale(language))


def zone_label(language: str | None = None) -> str:
    """`giờ Việt Nam (GMT+7)` / `Vietnam time (GMT+7)`."""
    with override(language_of(language)):
        return _("Vietnam time") + " (GMT+7)"


def period_label(kind: str, start: date, language: str | None = None) -> str:
    """The reference period: `Th11 2026` / `Nov 2026`, `Q3 2026`, `2026`, a meeting's date
    (`Họp 9/12/2026` / `Meeting Dec 9, 2026`)."""
    lang = language_of(language)
    if kind == "quarter":
        return format_date(start, _QUARTER[lang], locale=babel_locale(lang))
    if kind == "year":
        return str(start.year)
    if kind == "meeting":
        with override(lang):
            # Translators: the reference period of a rate decision: the meeting's date.
            return _("Meeting %(date)s") % {"date": short_day(start, lang, year=True)}
    return format_date(start, _MONTH[lang], locale=babel_locale(lang))
