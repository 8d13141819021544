"""Reader-facing dates (text/dates.py) through Babel, in Vietnam's time zone; the long date is
formatted once per day and language."""

from datetime import UTC, date, datetime

from babel.dates import format_date

from infofinance.text import dates


def test_long_dates_in_both_languages_in_vietnam_time():
    late_utc = datetime(2025, 6, 23, 18, 30, tzinfo=UTC)  # 01:30 on the 24th in Vietnam
    assert dates.long_date(late_utc, "vi") == "24 tháng 6, 2025"
    assert dates.long_date(late_utc, "en") == "June 24, 2025"
    assert dates.long_date(date(2025, 6, 23), "en") == "June 23, 2025"
    assert dates.long_date(None) == ""


def test_the_same_day_is_formatted_once_and_as_babel_does():
    dates._long_date.cache_clear()
    morning = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)
    evening = datetime(2025, 1, 2, 15, 0, tzinfo=UTC)  # 22:00, the same day in Vietnam
    assert dates.long_date(morning, "vi") == dates.long_date(evening, "vi")
    assert dates._long_date.cache_info().misses == 1
    assert dates.long_date(morning, "vi") == format_date(date(2025, 1, 2), "long", locale="vi")
