"""The asset page's price chart: a server-rendered SVG line of the closes of a range (no
script), with a title and a description for screen readers, and the figures of the small table
beneath it (first, last, high, low). Coordinates are plain numbers formatted here (Python's
formatting is never localized); readers' numbers go through Babel. Long ranges are thinned to
at most MAX_POINTS points; the high and low are those of every close, not of the thinned line."""

import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import override

from . import dates

WIDTH, HEIGHT = 640, 240
PAD_X, PAD_TOP, PAD_BOTTOM = 8, 12, 12
MAX_POINTS = 250


@dataclass(frozen=True)
class Figure:
    label: str  # "First", "High"…
    price: str  # for readers
    when: str  # the day, for readers
    when_iso: str


@dataclass(frozen=True)
class Chart:
    title: str
    desc: str
    view_box: str
    path: str  # the line's `d`
    area: str  # the filled area's `d`
    baseline_y: str
    direction: str  # "up" | "down" | "flat": the range's last close against its first
    point_count: int
    figures: list[Figure] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT


def thin(rows: list, limit: int = MAX_POINTS) -> list:
    """At most `limit` of `rows`, evenly spaced, always keeping the first and the last."""
    if len(rows) <= limit:
        return list(rows)
    step = math.ceil((len(rows) - 1) / (limit - 1))
    kept = rows[::step]
    if kept[-1] is not rows[-1]:
        kept.append(rows[-1])
    return kept


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def build(
    rows: list[tuple[datetime, Decimal]],
    *,
    name: str,
    range_label: str,
    decimals: int,
    language: str,
) -> Chart | None:
    """The chart of `rows` ((time, close), oldest first); None without two prices."""
    from .selectors.assets import format_price

    if len(rows) < 2:
        return None
    closes = [Decimal(close) for _at, close in rows]
    high, low = max(closes), min(closes)
    first_at, last_at = rows[0][0], rows[-1][0]
    span = (last_at - first_at).total_seconds() or 1.0
    spread = float(high - low)
    inner_w = WIDTH - 2 * PAD_X
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    points = []
    for at, close in thin(rows):
        x = PAD_X + (at - first_at).total_seconds() / span * inner_w
        if spread:
            y = PAD_TOP + (float(high) - float(close)) / spread * inner_h
        else:
            y = PAD_TOP + inner_h / 2
        points.append((_num(x), _num(y)))
    line = "M" + " L".join(f"{x} {y}" for x, y in points)
    bottom = _num(HEIGHT - PAD_BOTTOM)
    area = f"{line} L{points[-1][0]} {bottom} L{points[0][0]} {bottom} Z"

    def price(value):
        return format_price(value, decimals, language)

    def day(moment):
        return dates.short_day(dates.local_day(moment), language, year=True)

    high_at = next(at for at, close in rows if Decimal(close) == high)
    low_at = next(at for at, close in rows if Decimal(close) == low)
    with override(language):
        title = _("%(name)s: price over %(range)s") % {"name": name, "range": range_label}
        desc = _(
            "From %(first)s on %(first_day)s to %(last)s on %(last_day)s; high %(high)s, "
            "low %(low)s."
        ) % {
            "first": price(closes[0]),
            "first_day": day(first_at),
            "last": price(closes[-1]),
            "last_day": day(last_at),
            "high": price(high),
            "low": price(low),
        }
        figures = [
            Figure(_("First"), price(closes[0]), day(first_at), dates.utc_iso(first_at)),
            Figure(_("Last"), price(closes[-1]), day(last_at), dates.utc_iso(last_at)),
            Figure(_("High"), price(high), day(high_at), dates.utc_iso(high_at)),
            Figure(_("Low"), price(low), day(low_at), dates.utc_iso(low_at)),
        ]
    direction = "up" if closes[-1] > closes[0] else "down" if closes[-1] < closes[0] else "flat"
    return Chart(
        title=title,
        desc=desc,
        view_box=f"0 0 {WIDTH} {HEIGHT}",
        path=line,
        area=area,
        baseline_y=bottom,
        direction=direction,
        point_count=len(points),
        figures=figures,
    )
