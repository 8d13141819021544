"""Server-rendered, accessible SVG of an indicator's actual against forecast over time
(docs/design/markets.md §1.8): `<svg role="img" viewBox="0 0 W H">` with a `<title>` and a
`<desc>`, each point with an `aria-label` (localized words), every coordinate a plain number
with a dot. No script, no third-party library; the template puts a table of the same figures
under it. Colours come from classes (calendar.css); the shapes differ too (filled dots and a
line for the actual, hollow squares and a dashed line for the forecast), never colour alone."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import numbers

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 14, 30
TICKS = 4


@dataclass(frozen=True)
class Point:
    label: str  # the period, in the reader's language
    actual: Decimal | None
    forecast: Decimal | None


@dataclass(frozen=True)
class Chart:
    svg: SafeString  # "" without a figure to draw
    points: list[Point]
    title: str
    description: str

    @property
    def empty(self) -> bool:
        return not self.svg


def _n(value: float) -> str:
    """A coordinate: a dot decimal, one digit after it at most (never localized)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _bounds(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    low, high = min(values), max(values)
    pad = (abs(low) / 10 or Decimal(1)) if low == high else (high - low) / 10
    return low - pad, high + pad


def release_chart(
    points: list[Point],
    *,
    unit: str,
    decimals: int,
    language: str,
    title: str,
    id_prefix: str = "release-chart",
    formatter: numbers.Formatter | None = None,
) -> Chart:
    """The chart of `points` (oldest first)."""
    figures = [
        value for point in points for value in (point.actual, point.forecast) if value is not None
    ]

    fmt = (formatter or numbers.Formatter(unit=unit, decimals=decimals, language=language)).figure

    with override(language):
        chart_title = _("%(indicator)s: actual and forecast") % {"indicator": title}
        if not figures:
            return Chart(SafeString(""), list(points), chart_title, "")
        description = _(
            "%(count)s releases from %(first)s to %(last)s. Actual values are the filled "
            "dots joined by a line; forecasts are the hollow squares joined by a dashed line. "
            "The table below gives the same figures."
        ) % {"count": len(points), "first": points[0].label, "last": points[-1].label}
        actual_word, forecast_word = _("Actual"), _("Forecast")
        none_word = _("no forecast")
    low, high = _bounds(figures)
    span = float(high - low) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return LEFT + (index * step if len(points) > 1 else inner_w / 2)

    def y(value: Decimal) -> float:
        return TOP + inner_h * (1 - float(value - low) / span)

    parts = [
        f'<svg class="release-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{id_prefix}-title">{escape(chart_title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        '<g class="release-chart__grid" aria-hidden="true">',
    ]
    for tick in range(TICKS + 1):
        value = low + (high - low) * Decimal(tick) / TICKS
        ty = y(value)
        parts.append(
            f'<line x1="{_n(LEFT)}" y1="{_n(ty)}" x2="{_n(WIDTH - RIGHT)}" y2="{_n(ty)}"/>'
            f'<text x="{_n(LEFT - 6)}" y="{_n(ty + 4)}" text-anchor="end">'
            f"{escape(fmt(value))}</text>"
        )
    labelled = sorted({0, len(points) // 2, len(points) - 1})
    for index in labelled:
        anchor = "start" if index == 0 else ("end" if index == len(points) - 1 else "middle")
        if len(points) == 1:
            anchor = "middle"
        parts.append(
            f'<text x="{_n(x(index))}" y="{_n(HEIGHT - 8)}" text-anchor="{anchor}">'
            f"{escape(points[index].label)}</text>"
        )
    parts.append("</g>")
    for name, css in (("forecast", "release-chart__forecast"), ("actual", "release-chart__actual")):
        coordinates = [
            f"{_n(x(i))},{_n(y(getattr(p, name)))}"
            for i, p in enumerate(points)
            if getattr(p, name) is not None
        ]
        if len(coordinates) > 1:
            parts.append(
                f'<polyline class="{css}-line" fill="none" points="{" ".join(coordinates)}" '
                'aria-hidden="true"/>'
            )
    parts.append('<g class="release-chart__points">')
    for index, point in enumerate(points):
        forecast_text = fmt(point.forecast) if point.forecast is not None else none_word
        actual_text = fmt(point.actual) if point.actual is not None else "—"
        label = f"{point.label}: {actual_word} {actual_text}, {forecast_word} {forecast_text}"
        parts.append(f'<g class="release-chart__point" aria-label="{escape(label)}">')
        if point.forecast is not None:
            fx, fy = x(index), y(point.forecast)
            parts.append(
                f'<rect class="release-chart__forecast" x="{_n(fx - 3.5)}" y="{_n(fy - 3.5)}" '
                'width="7" height="7"/>'
            )
        if point.actual is not None:
            parts.append(
                f'<circle class="release-chart__actual" cx="{_n(x(index))}" '
                f'cy="{_n(y(point.actual))}" r="4"/>'
            )
        parts.append("</g>")
    parts.append("</g></svg>")
    return Chart(mark_safe("".join(parts)), list(points), chart_title, description)  # noqa: S308 - every text is escaped
