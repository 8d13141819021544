"""The banners' reports in the Wagtail admin: per banner, per advertiser (its banners summed)
and an index of both with their last 30 days. Each report covers a period of Vietnam days
(`?from=YYYY-MM-DD&to=YYYY-MM-DD`, by default the banners' schedule up to today, at most
`MAX_DAYS`), shows the totals, the chart and a table per day in the staff member's language,
and downloads as CSV (`…/csv/`). Every page asks for `banners.view_banner`.

The lead's wagtail_hooks registers `urlpatterns` (register_admin_urls: they sit under /admin/,
behind Wagtail's access check and the second factor) and the menu item to `banners_reports`."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from infofinance.core.slugs import ascii_slug
from infofinance.text.language import current_language

from . import reports, selectors
from .dates import day_bounds, vietnam_today
from .models import Advertiser, Banner
from .selectors import DayRow, report_days, report_range

PERMISSION = "banners.view_banner"
MAX_DAYS = 366
INDEX_DAYS = 30
FIRST_YEAR, LAST_YEAR = 2000, 2100  # beyond, a typing slip (and date.max overflows)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _require(request) -> None:
    if not request.user.is_active or not request.user.has_perm(PERMISSION):
        raise PermissionDenied


# -- the period ------------------------------------------------------------------------------


@dataclass
class Period:
    """The days a report covers, or why the asked ones are refused (`errors`)."""

    start: date | None
    end: date | None
    errors: list[str] = field(default_factory=list)
    shortened: bool = False  # the default period was cut to its last MAX_DAYS
    inputs: dict[str, str] = field(default_factory=dict)  # what the form's fields show

    @property
    def bounds(self) -> tuple[date, date]:
        """The first and last day (a period without errors has both)."""
        if self.start is None or self.end is None:
            raise ValueError("a refused period has no days")
        return self.start, self.end

    @property
    def query(self) -> str:
        start, end = self.bounds
        return urlencode({"from": start.isoformat(), "to": end.isoformat()})


def _parse_day(text: str, name: str, errors: list[str]) -> date | None:
    if _ISO_DAY.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
            errors.append(
                _("“%(value)s” is outside the years %(first)s to %(last)s.")
                % {"value": text, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
            return None
    errors.append(
        _("“%(value)s” is not a date for “%(field)s”: write it as YYYY-MM-DD, e.g. 2026-01-31.")
        % {"value": text[:40], "field": name}
    )
    return None


def read_period(query, default: tuple[date, date]) -> Period:
    """The period of `?from=…&to=…`, each missing one the default's; refused (errors) when a
    day is not a date, when `to` is before `from` or when it is longer than MAX_DAYS."""
    given = {key: (query.get(key) or "").strip() for key in ("from", "to")}
    if not given["from"] and not given["to"]:
        first, last = default
        shortened = (last - first).days + 1 > MAX_DAYS
        if shortened:
            first = last - timedelta(days=MAX_DAYS - 1)
        inputs = {"from": first.isoformat(), "to": last.isoformat()}
        return Period(first, last, shortened=shortened, inputs=inputs)
    errors: list[str] = []
    labels = {"from": pgettext("report period", "from"), "to": pgettext("report period", "to")}
    start = _parse_day(given["from"], labels["from"], errors) if given["from"] else default[0]
    end = _parse_day(given["to"], labels["to"], errors) if given["to"] else default[1]
    inputs = {
        "from": given["from"][:40] or (start.isoformat() if start else ""),
        "to": given["to"][:40] or (end.isoformat() if end else ""),
    }
    if start and end:
        if end < start:
            errors.append(_("The end of the period is before its start."))
        elif (end - start).days + 1 > MAX_DAYS:
            errors.append(
                _("The period is longer than %(days)s days: choose a shorter one.")
                % {"days": MAX_DAYS}
            )
    if errors:
        return Period(None, None, errors, inputs=inputs)
    return Period(start, end, inputs=inputs)


# -- what the templates show ------------------------------------------------------------------


def _figures(row: DayRow, language: str) -> dict:
    return {
        "impressions": reports.format_count(row.impressions, language),
        "clicks": reports.format_count(row.clicks, language),
        "rate": reports.format_rate(row.rate, language),
        "plain": {
            "impressions": str(row.impressions),
            "clicks": str(row.clicks),
            "rate": reports.plain_rate(row.rate),
        },
    }


def _report_context(banners, period: Period, *, csv_url: str, title: str, language: str):
    """The part every report page shares: period, totals, chart, table per day."""
    context = {"period": period, "max_days": MAX_DAYS, "csv_url": "", "days": []}
    if period.errors:
        return context
    days = report_days(banners, *period.bounds)
    total = reports.total(days)
    context.update(
        {
            "start_label": reports.format_day(period.bounds[0], language),
            "end_label": reports.format_day(period.bounds[1], language),
            "day_count": reports.format_count(len(days), language),
            "total": _figures(total, language),
            "chart": reports.chart_svg(days, language, title=title),
            "days": [
                {"iso": row.day.isoformat(), "label": reports.format_day(row.day, language)}
                | _figures(row, language)
                for row in reversed(days)
            ],
            "csv_url": f"{csv_url}?{period.query}",
        }
    )
    return context


def _banner_rows(banners, totals: dict[int, DayRow], language: str, query: str = "") -> list:
    rows = []
    for banner in banners:
        row = totals.get(banner.pk) or DayRow(date.min, 0, 0)
        url = reverse("banners_report_banner", args=[banner.pk])
        rows.append(
            {
                "banner": banner,
                "placement": banner.get_placement_display(),
                "status": banner.get_status_display(),
                "url": f"{url}?{query}" if query else url,
            }
            | _figures(row, language)
        )
    return rows


# -- the pages -------------------------------------------------------------------------------


@require_safe
def index(request):
    """Advertisers and the banners scheduled in the last 30 days (and later), with their
    totals over the last 30 days."""
    _require(request)
    language = current_language()
    end = vietnam_today()
    start = end - timedelta(days=INDEX_DAYS - 1)
    advertisers = list(Advertiser.objects.annotate(banner_count=Count("banners")))
    by_advertiser = selectors.totals_by("banner__advertiser", Banner.objects.all(), start, end)
    advertiser_rows = [
        {
            "advertiser": advertiser,
            "banner_count": reports.format_count(advertiser.banner_count, language),
            "url": reverse("banners_report_advertiser", args=[advertiser.pk]),
        }
        | _figures(by_advertiser.get(advertiser.pk) or DayRow(start, 0, 0), language)
        for advertiser in advertisers
    ]
    recent = list(
        Banner.objects.filter(ends_at__gt=day_bounds(start)[0])
        .select_related("advertiser")
        .order_by("-starts_at", "pk")
    )
    banner_rows = _banner_rows(recent, selectors.totals_by("banner", recent, start, end), language)
    return render(
        request,
        "banners/admin/report_index.html",
        {
            "advertisers": advertiser_rows,
            "banners": banner_rows,
            "start_label": reports.format_day(start, language),
            "end_label": reports.format_day(end, language),
            "index_days": INDEX_DAYS,
        },
    )


@require_safe
def banner_report(request, pk: int):
    _require(request)
    banner = get_object_or_404(Banner.objects.select_related("advertiser"), pk=pk)
    banners = Banner.objects.filter(pk=banner.pk)
    period = read_period(request.GET, report_range(banners))
    language = current_language()
    title = _("Banner “%(name)s”: impressions and clicks per day") % {"name": banner.name}
    context = _report_context(
        banners,
        period,
        csv_url=reverse("banners_report_banner_csv", args=[banner.pk]),
        title=title,
        language=language,
    )
    context.update(
        {
            "banner": banner,
            "advertiser_url": reverse("banners_report_advertiser", args=[banner.advertiser_id]),
            "placement": banner.get_placement_display(),
            "status": banner.get_status_display(),
        }
    )
    return render(request, "banners/admin/report_banner.html", context)


@require_safe
def advertiser_report(request, pk: int):
    _require(request)
    advertiser = get_object_or_404(Advertiser, pk=pk)
    banners = Banner.objects.filter(advertiser=advertiser)
    period = read_period(request.GET, report_range(banners))
    language = current_language()
    title = _("Advertiser “%(name)s”: impressions and clicks per day, all its banners") % {
        "name": advertiser.name
    }
    context = _report_context(
        banners,
        period,
        csv_url=reverse("banners_report_advertiser_csv", args=[advertiser.pk]),
        title=title,
        language=language,
    )
    listed = list(banners.order_by("-starts_at", "pk"))
    totals = selectors.totals_by("banner", banners, *period.bounds) if not period.errors else {}
    context.update(
        {
            "advertiser": advertiser,
            "banners": _banner_rows(
                listed, totals, language, "" if period.errors else period.query
            ),
        }
    )
    return render(request, "banners/admin/report_advertiser.html", context)


def _refused(period: Period):
    return HttpResponseBadRequest(
        "\n".join(period.errors) + "\n", content_type="text/plain; charset=utf-8"
    )


def _filename(kind: str, pk: int, name: str, period: Period) -> str:
    slug = ascii_slug(name, max_length=60) or kind
    start, end = period.bounds
    return f"{kind}-{pk}-{slug}-{start.isoformat()}-{end.isoformat()}.csv"


@require_safe
def banner_csv(request, pk: int):
    _require(request)
    banner = get_object_or_404(Banner.objects.select_related("advertiser"), pk=pk)
    banners = Banner.objects.filter(pk=banner.pk)
    period = read_period(request.GET, report_range(banners))
    if period.errors:
        return _refused(period)
    heading = [
        [_("Banner"), banner.name],
        [_("Advertiser"), banner.advertiser.name],
        [_("Placement"), banner.get_placement_display(), _("Language"), banner.language],
    ]
    rows = reports.csv_rows(
        report_days(banners, *period.bounds),
        heading=heading,
        language=current_language(),
    )
    return reports.csv_response(rows, _filename("banner", banner.pk, banner.name, period))


@require_safe
def advertiser_csv(request, pk: int):
    _require(request)
    advertiser = get_object_or_404(Advertiser, pk=pk)
    banners = Banner.objects.filter(advertiser=advertiser)
    period = read_period(request.GET, report_range(banners))
    if period.errors:
        return _refused(period)
    heading = [
        [_("Advertiser"), advertiser.name],
        [_("Number of banners"), str(banners.count())],
    ]
    rows = reports.csv_rows(
        report_days(banners, *period.bounds),
        heading=heading,
        language=current_language(),
    )
    name = advertiser.name
    return reports.csv_response(rows, _filename("advertiser", advertiser.pk, name, period))


urlpatterns = [
    path("banners/reports/", index, name="banners_reports"),
    path("banners/reports/banner/<int:pk>/", banner_report, name="banners_report_banner"),
    path("banners/reports/banner/<int:pk>/csv/", banner_csv, name="banners_report_banner_csv"),
    path(
        "banners/reports/advertiser/<int:pk>/",
        advertiser_report,
        name="banners_report_advertiser",
    ),
    path(
        "banners/reports/advertiser/<int:pk>/csv/",
        advertiser_csv,
        name="banners_report_advertiser_csv",
    ),
]
