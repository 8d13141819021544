"""An indicator's history as a CSV file for readers (`lich-kinh-te/<slug>/lich-su.csv` ⇄
`economic-calendar/<slug>/history.csv`, linked from the indicator page): every release
published so far, newest first, figures as plain numbers with a dot so any spreadsheet reads
them, text cells formula-safe (`text.spreadsheet.formula_safe`)."""

import csv
import io

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from infofinance.core.restrictions import public
from infofinance.pagecache.store import depends_on
from infofinance.text.language import current_language
from infofinance.text.spreadsheet import formula_safe

from . import cache, numbers
from .models import IndicatorPage, Release, ReleaseStatus

FILE_NAMES = {"vi": "lich-su.csv", "en": "history.csv"}


def history_rows(indicator) -> list[list[str]]:
    """[period, scheduled (UTC, ISO), status, actual, forecast, previous, revised previous] of
    the indicator's releases scheduled so far, newest first."""
    rows = []
    releases = (
        Release.objects.filter(indicator=indicator)
        .exclude(status=ReleaseStatus.CANCELLED)
        .order_by("-period_start")
        .values_list(
            "period_start",
            "scheduled_at",
            "status",
            "actual",
            "forecast",
            "previous",
            "revised_previous",
        )
    )
    for period, scheduled, status, *figures in releases.iterator(chunk_size=2000):
        rows.append(
            [
                period.isoformat(),
                scheduled.isoformat().replace("+00:00", "Z"),
                status,
                *(numbers.plain(value) for value in figures),
            ]
        )
    return rows


def indicator_history_csv(request, slug):
    language = current_language()
    page = (
        public(IndicatorPage.objects.live())
        .filter(locale__language_code=language, slug=slug)
        .select_related("indicator")
        .first()
    )
    if page is None:
        raise Http404
    indicator = page.indicator
    depends_on(cache.indicator(indicator.pk))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([formula_safe(indicator.name(language)), indicator.code, indicator.unit])
    writer.writerow([formula_safe(_("Source: %(source)s") % {"source": indicator.source_name})])
    writer.writerow(
        [
            _("Period start"),
            _("Scheduled (UTC)"),
            _("Status"),
            _("Actual"),
            _("Forecast"),
            pgettext("economic figure", "Previous"),
            _("Previous, revised"),
        ]
    )
    writer.writerows(history_rows(indicator))
    # A byte-order mark so that spreadsheets open the Vietnamese names as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{indicator.code}-{FILE_NAMES[language]}"'
    )
    return response
