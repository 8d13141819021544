"""The calendar's routes (sub-routes of `CalendarIndexPage`): the day and week views and the
iCalendar feed per filter (docs/design/markets.md §2, §5). Both are public and cacheable: the
page cache keys them by their registered query parameters."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from infofinance.core.locales import language_of
from infofinance.core.structured_data import absolute
from infofinance.text.language import current_language

from . import selectors
from .models import ICS_NAMES, CalendarIndexPage, Category, ReleaseStatus
from .selectors import calendar as calendar_selectors

_ICS_STATUS = {
    ReleaseStatus.TENTATIVE: "TENTATIVE",
    ReleaseStatus.POSTPONED: "TENTATIVE",
    ReleaseStatus.CANCELLED: "CANCELLED",
}


def calendar(page, request):
    """The day view (today in Vietnam unless `?ngay=`/`?day=` names another day) or the week
    view (`?tuan=`/`?week=`), with the filters."""
    from .slots import index_url

    context = selectors.calendar_context(page=page, request=request)
    context["assets_url"] = index_url("assets", language_of(page.locale_id))
    return page.render(request, context_overrides=context)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "infofinance.invalid"


def release_uid(release) -> str:
    """`release-<pk>@<site host>`: stable whatever the release's time or figures become."""
    return f"release-{release.pk}@{_host()}"


def _utc(value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _description(row, language: str) -> str:
    with override(language):
        lines = [
            _("Actual: %(value)s") % {"value": row.actual},
            _("Forecast: %(value)s") % {"value": row.forecast},
            _("Previous: %(value)s") % {"value": row.previous},
        ]
        if row.revised_from:
            lines[-1] += " (" + _("revised from %(value)s") % {"value": row.revised_from} + ")"
        if row.flagged:
            lines.append(row.status_label)
    if row.indicator_url:
        lines += ["", absolute(row.indicator_url)]
    return "\n".join(lines)


def calendar_ics(page, request, name):
    """The releases of the past 30 days and the next 180 as an iCalendar file, filtered by the
    same parameters as the page (calendar apps subscribe to it)."""
    language = language_of(page.locale_id)
    if name + ".ics" != ICS_NAMES.get(language):
        raise Http404
    rows, _filters = calendar_selectors.ics_rows(page=page, request=request)
    feed = icalendar.Calendar()
    feed.add("prodid", f"-//Info Finance//Economic calendar//{language.upper()}")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    with override(language):
        feed.add("x-wr-calname", _("Info Finance economic calendar"))
        categories = {value: str(label) for value, label in Category.choices}
    feed.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for row in rows:
        release = row.release
        event = icalendar.Event()
        event.add("uid", release_uid(release))
        event.add("dtstamp", _utc(release.updated_at or release.scheduled_at))
        event.add("dtstart", _utc(release.scheduled_at))
        event.add("summary", f"{row.country_name}: {row.indicator_name} ({row.period})")
        event.add("description", _description(row, language))
        if row.indicator_url:
            event.add("url", absolute(row.indicator_url))
        event.add("status", _ICS_STATUS.get(release.status, "CONFIRMED"))
        event.add("transp", "TRANSPARENT")
        event.add("categories", [categories.get(release.category, release.category)])
        feed.add_component(event)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{ICS_NAMES[language]}"'
    return response


def calendar_feed(request):
    """The feed at its Django URL (`lich-kinh-te/lich.ics` ⇄ `economic-calendar/calendar.ics`,
    a `localized_route` before Wagtail's: Wagtail's page routes never match a path without a
    trailing slash): the live calendar index of the request's language serves it."""
    language = current_language()
    page = CalendarIndexPage.objects.live().filter(locale__language_code=language).first()
    if page is None:
        raise Http404
    return calendar_ics(page, request, ICS_NAMES[language].removesuffix(".ics"))
