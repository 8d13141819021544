"""Vietnam days and times for the banners: schedules are entered in Vietnam time and counts
are kept per Vietnam day."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(VIETNAM).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC-aware start and end of a Vietnam day."""
    start = datetime.combine(day, time(), VIETNAM)
    return start, start + timedelta(days=1)
