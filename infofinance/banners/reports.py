"""The staff reports of the banners, as pure functions of the days' counts
(`selectors.report_days`): the texts in the staff member's language through Babel, the chart as
a server-rendered SVG and the CSV download.

The chart is `<svg role="img">` named by its `<title>` and `<desc>` (aria-labelledby), the
impressions as bars on the left axis and the clicks as a line with dots on the right axis, a
legend above, day labels thinned to fit. Colours are SVG presentation attributes (fill,
stroke), never a `style=` attribute (the admin's CSP allows no inline style), and there is no
script. Coordinates are plain numbers with a dot; only the visible texts are localized. The
page puts a table of the same figures under it.

The CSV is UTF-8 with a byte-order mark (so that Excel reads the Vietnamese names), days in
ISO form, counts as plain integers, the click rate as a plain decimal with a dot (empty without
impressions), every cell formula-safe (`text.spreadsheet.formula_safe`)."""

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from infofinance.text.spreadsheet import formula_safe

from .selectors import DayRow

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 64, 40, 34
TICKS = 4
DAY_LABEL_WIDTH = 56  # px a day's label needs, space around it included
DOTS_UP_TO = 62  # days: beyond, the clicks' line has no dot per day
IMPRESSIONS_FILL = "#7fa6d6"
CLICKS_STROKE = "#b4461b"
TEXT_FILL = "currentColor"
_SHORT_DAY = {"vi": "dM", "en": "MMMd"}
_TABLE_DAY = "yMMMEd"


def babel_language(language: str | None) -> str:
    code = (language or "vi")[:2]
    return code if code in {"vi", "en"} else "vi"


# -- texts in the staff member's language ------------------------------------------------------


def format_count(value: int, language: str) -> str:
    """`1.234` / `1,234`."""
    return format_decimal(value, locale=babel_language(language))


def format_rate(rate: float | None, language: str) -> str:
    """`1,23%` / `1.23%`; an en dash without impressions."""
    if rate is None:
        return "–"
    return format_percent(rate, "#,##0.00%", locale=babel_language(language))


def format_day(day: date, language: str) -> str:
    """`Th 2, 5 thg 1, 2026` / `Mon, Jan 5, 2026`."""
    return format_skeleton(_TABLE_DAY, day, locale=babel_language(language))


def short_day(day: date, language: str) -> str:
    """`5/1` / `Jan 5`, under the chart's bars."""
    lang = babel_language(language)
    return format_skeleton(_SHORT_DAY[lang], day, locale=lang)


def total(days: Iterable[DayRow], day: date | None = None) -> DayRow:
    """The sum of `days`, as one row (dated `day`, else the first day's)."""
    days = list(days)
    when = day or (days[0].day if days else date.min)
    return DayRow(when, sum(d.impressions for d in days), sum(d.clicks for d in days))


def plain_rate(rate: float | None) -> str:
    """A click rate as a plain decimal with a dot (`0.0123`), at most six decimals; empty
    without impressions."""
    if rate is None:
        return ""
    text = f"{rate:.6f}".rstrip("0").rstrip(".")
    return text or "0"


# -- the chart ---------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: a dot decimal, one digit after it at most (never localized)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_axis(maximum: int, ticks: int = TICKS) -> tuple[int, int]:
    """(top, step) of an axis from 0 showing `maximum`: `ticks` steps of 1, 2, 2.5 or 5 × 10ⁿ
    (whole numbers: these are counts)."""
    if maximum <= 0:
        return ticks, 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if step >= raw and step == int(step):
            break
    step = max(1, int(step))
    return step * ticks, step


def label_every(count: int, width: float = WIDTH - LEFT - RIGHT) -> int:
    """Label one day in how many so that the labels fit under the chart."""
    fitting = max(1, int(width // DAY_LABEL_WIDTH))
    return max(1, math.ceil(count / fitting))


def chart_svg(
    days: Sequence[DayRow], language: str, *, title: str = "", id_prefix: str = "banner-report"
) -> SafeString:
    """The chart of `days` (oldest first, as `report_days` gives them); "" without days."""
    if not days:
        return SafeString("")
    lang = babel_language(language)
    totals = total(days)
    with override(lang):
        chart_title = title or _("Impressions and clicks per day")
        description = _(
            "From %(first)s to %(last)s: impressions per day as bars on the left axis, clicks "
            "per day as a line with dots on the right axis; %(impressions)s impressions and "
            "%(clicks)s clicks in all. The table below gives the same figures."
        ) % {
            "first": format_day(days[0].day, lang),
            "last": format_day(days[-1].day, lang),
            "impressions": format_count(totals.impressions, lang),
            "clicks": format_count(totals.clicks, lang),
        }
        impressions_word, clicks_word = _("Impressions"), _("Clicks")
        legend_impressions = _("Impressions (bars, left axis)")
        legend_clicks = _("Clicks (line, right axis)")
        day_title = _("%(day)s: %(impressions)s impressions, %(clicks)s clicks, rate %(rate)s")

    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bottom = TOP + inner_h
    slot = inner_w / len(days)
    bar_w = max(slot * 0.7, 0.5)
    left_top, left_step = nice_axis(max(d.impressions for d in days))
    right_top, right_step = nice_axis(max(d.clicks for d in days))

    def x_center(index: int) -> float:
        return LEFT + slot * (index + 0.5)

    def y_left(value: int) -> float:
        return bottom - inner_h * value / left_top

    def y_right(value: int) -> float:
        return bottom - inner_h * value / right_top

    parts = [
        f'<svg class="banner-report-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="inherit" font-size="11" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{id_prefix}-title">{escape(chart_title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
    ]
    # Grid and the two axes' ticks.
    parts.append(f'<g class="banner-report-chart__axes" aria-hidden="true" fill="{TEXT_FILL}">')
    for tick in range(TICKS + 1):
        ty = y_left(left_step * tick)
        parts.append(
            f'<line x1="{_n(LEFT)}" y1="{_n(ty)}" x2="{_n(WIDTH - RIGHT)}" y2="{_n(ty)}" '
            f'stroke="{TEXT_FILL}" stroke-opacity="{"0.45" if tick == 0 else "0.15"}" '
            'stroke-width="1"/>'
            f'<text x="{_n(LEFT - 6)}" y="{_n(ty + 4)}" text-anchor="end">'
            f"{escape(format_count(left_step * tick, lang))}</text>"
            f'<text x="{_n(WIDTH - RIGHT + 6)}" y="{_n(ty + 4)}" text-anchor="start">'
            f"{escape(format_count(right_step * tick, lang))}</text>"
        )
    middle = TOP + inner_h / 2
    parts.append(
        f'<text x="14" y="{_n(middle)}" text-anchor="middle" '
        f'transform="rotate(-90 14 {_n(middle)})">{escape(impressions_word)}</text>'
        f'<text x="{_n(WIDTH - 14)}" y="{_n(middle)}" text-anchor="middle" '
        f'transform="rotate(90 {_n(WIDTH - 14)} {_n(middle)})">{escape(clicks_word)}</text>'
    )
    every = label_every(len(days), inner_w)
    for index in range(0, len(days), every):
        parts.append(
            f'<line x1="{_n(x_center(index))}" y1="{_n(bottom)}" x2="{_n(x_center(index))}" '
            f'y2="{_n(bottom + 4)}" stroke="{TEXT_FILL}" stroke-opacity="0.45"/>'
            f'<text x="{_n(x_center(index))}" y="{_n(bottom + 17)}" text-anchor="middle">'
            f"{escape(short_day(days[index].day, lang))}</text>"
        )
    parts.append("</g>")
    # Legend: a bar's swatch, a line with a dot.
    parts.append(
        f'<g class="banner-report-chart__legend" aria-hidden="true" fill="{TEXT_FILL}">'
        f'<rect x="{_n(LEFT)}" y="12" width="14" height="12" fill="{IMPRESSIONS_FILL}"/>'
        f'<text x="{_n(LEFT + 20)}" y="22">{escape(legend_impressions)}</text>'
        f'<line x1="{_n(LEFT + 300)}" y1="18" x2="{_n(LEFT + 324)}" y2="18" '
        f'stroke="{CLICKS_STROKE}" stroke-width="2"/>'
        f'<circle cx="{_n(LEFT + 312)}" cy="18" r="3.5" fill="{CLICKS_STROKE}"/>'
        f'<text x="{_n(LEFT + 330)}" y="22">{escape(legend_clicks)}</text>'
        "</g>"
    )
    # Impressions: one bar a day, its title the day's figures (a tooltip on hover).
    parts.append(f'<g class="banner-report-chart__impressions" fill="{IMPRESSIONS_FILL}">')
    for index, row in enumerate(days):
        top = y_left(row.impressions)
        text = day_title % {
            "day": format_day(row.day, lang),
            "impressions": format_count(row.impressions, lang),
            "clicks": format_count(row.clicks, lang),
            "rate": format_rate(row.rate, lang),
        }
        parts.append(
            f'<rect x="{_n(x_center(index) - bar_w / 2)}" y="{_n(top)}" width="{_n(bar_w)}" '
            f'height="{_n(bottom - top)}"><title>{escape(text)}</title></rect>'
        )
    parts.append("</g>")
    # Clicks: a line, and a dot a day while the days are few enough to tell apart.
    points = " ".join(f"{_n(x_center(i))},{_n(y_right(r.clicks))}" for i, r in enumerate(days))
    parts.append(
        f'<g class="banner-report-chart__clicks" aria-hidden="true" fill="{CLICKS_STROKE}">'
    )
    if len(days) > 1:
        parts.append(
            f'<polyline fill="none" stroke="{CLICKS_STROKE}" '
            f'stroke-width="{"2" if len(days) <= DOTS_UP_TO else "1.2"}" '
            f'stroke-linejoin="round" points="{points}"/>'
        )
    if len(days) <= DOTS_UP_TO:
        for index, row in enumerate(days):
            parts.append(
                f'<circle cx="{_n(x_center(index))}" cy="{_n(y_right(row.clicks))}" r="3"/>'
            )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped, numbers are ours


# -- CSV ---------------------------------------------------------------------------------------


def csv_rows(
    days: Sequence[DayRow],
    *,
    heading: Sequence[Sequence[str]],
    language: str,
) -> list[list[str]]:
    """The file's rows: `heading` (e.g. [["Banner", name], ["Advertiser", name]]), the period,
    a blank row, then the columns day, impressions, clicks, click rate, one row a day. Every
    cell is formula-safe."""
    lang = babel_language(language)
    with override(lang):
        columns = [_("Day"), _("Impressions"), _("Clicks"), _("Click rate")]
        period = []
        if days:
            period = [
                pgettext("report period", "From"),
                days[0].day.isoformat(),
                pgettext("report period", "To"),
                days[-1].day.isoformat(),
            ]
    rows: list[list[str]] = [list(row) for row in heading]
    if period:
        rows.append(period)
    rows.append([])
    rows.append(columns)
    for row in days:
        rows.append(
            [row.day.isoformat(), str(row.impressions), str(row.clicks), plain_rate(row.rate)]
        )
    return [[formula_safe(str(cell)) for cell in row] for row in rows]


def csv_response(rows: Iterable[Sequence[str]], filename: str) -> HttpResponse:
    """A CSV download of `rows` (already formula-safe: `csv_rows`), UTF-8 with a byte-order
    mark; `filename` ASCII."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
