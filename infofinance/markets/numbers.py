"""The markets' figures for readers and for markup (docs/design/markets.md §1.5–1.6).

- `format_figure` / `format_change`: Babel in the reader's language (`3,2%` / `3.2%`,
  `256 nghìn` / `256K`, `+0,3 đ.p.` / `+0.3 pp`).
- `plain`: a dot decimal for attributes, SVG, JSON-LD, feeds and CSV; never localized.
- `surprise`: actual against forecast, its direction and whether it is large for the
  indicator (larger than its typical surprise). Computed here, never stored.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from django.utils.translation import gettext as _
from django.utils.translation import override

from infofinance.text.language import current_language

EMPTY = "—"
PERCENT = "percent"


def _language(language: str | None) -> str:
    code = (language or current_language())[:2]
    return code if code in {"vi", "en"} else "vi"


def _pattern(decimals: int, *, signed: bool = False) -> str:
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return f"+{body};-{body}" if signed else body


def _quantize(value: Decimal, decimals: int) -> Decimal:
    exponent = Decimal(1).scaleb(-max(decimals, 0))
    try:
        rounded = Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return Decimal(value)
    # No "-0.0": a figure rounded to zero is zero.
    return rounded.copy_abs() if rounded.is_zero() else rounded


@lru_cache(maxsize=8)
def _symbols(language: str) -> tuple[str, str]:
    """CLDR's decimal and group symbols of `language` (`,` and `.` in Vietnamese)."""
    return get_decimal_symbol(language), get_group_symbol(language)


@lru_cache(maxsize=16)
def _exponent(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-max(decimals, 0))


def _number(value: Decimal, decimals: int, language: str, *, signed: bool = False) -> str:
    """What `format_decimal(rounded, format=_pattern(decimals, signed=signed))` gives, without
    parsing the pattern and the locale on every call (the history table and the chart format
    hundreds of figures a page; docs/performance.md, "Markets"): the same quantized digits,
    grouped by three with the locale's symbols, "-" or "+" before them as the pattern says.
    `tests/test_markets_numbers_fast.py` compares the two."""
    rounded = _quantize(value, decimals)
    if not rounded.is_finite():
        return format_decimal(rounded, format=_pattern(decimals, signed=signed), locale=language)
    negative = rounded.is_signed()
    if signed and rounded.is_zero():
        sign = ""
    elif signed:
        sign = "-" if negative else "+"
    else:
        sign = "-" if negative else ""
    digits = f"{abs(rounded).normalize().quantize(_exponent(decimals)):f}"
    whole, _dot, fraction = digits.partition(".")
    decimal_symbol, group_symbol = _symbols(language)
    if len(whole) > 3:
        head = len(whole) % 3 or 3
        groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        whole = group_symbol.join(groups)
    if decimals > 0:
        return sign + whole + decimal_symbol + fraction.ljust(decimals, "0")
    return sign + whole


def _unit_template(unit: str, language: str, *, change: bool = False) -> str | None:
    """The words around a figure of `unit` (`%(number)s%%`…), None for a bare number."""
    with override(language):
        if unit == PERCENT:
            if change:
                # Translators: a change of a percentage in percentage points, "+0.3 pp".
                return _("%(number)s pp")
            return _("%(number)s%%")
        if unit == "thousands":
            # Translators: a figure counted in thousands, "256K" (Vietnamese "256 nghìn").
            return _("%(number)sK")
        if unit == "millions":
            # Translators: a figure counted in millions, "1.2M" (Vietnamese "1,2 triệu").
            return _("%(number)sM")
        if unit == "billions":
            # Translators: a figure counted in billions, "3.4B" (Vietnamese "3,4 tỷ").
            return _("%(number)sB")
    return None


def _with_unit(number: str, unit: str, language: str, *, change: bool = False) -> str:
    template = _unit_template(unit, language, change=change)
    return number if template is None else template % {"number": number}


class Formatter:
    """`format_figure` and `format_change` for one unit, number of decimals and language,
    with the unit's words looked up once: a page formats hundreds of figures of the same
    indicator (docs/performance.md, "Markets")."""

    _UNSET = object()

    def __init__(self, *, unit: str, decimals: int, language: str | None = None):
        self.unit = unit
        self.decimals = decimals
        self.language = _language(language)
        self._templates = {False: self._UNSET, True: self._UNSET}

    def _template(self, change: bool) -> str | None:
        template = self._templates[change]
        if template is self._UNSET:
            template = self._templates[change] = _unit_template(
                self.unit, self.language, change=change
            )
        return template

    def figure(self, value: Decimal | None, *, empty: str = EMPTY) -> str:
        if value is None or value == "":
            return empty
        number = _number(Decimal(value), self.decimals, self.language)
        template = self._template(False)
        return number if template is None else template % {"number": number}

    def change(self, value: Decimal | None, *, empty: str = EMPTY, signed: bool = True) -> str:
        if value is None or value == "":
            return empty
        number = _number(Decimal(value), self.decimals, self.language, signed=signed)
        template = self._template(True)
        return number if template is None else template % {"number": number}


def format_figure(
    value: Decimal | None,
    *,
    unit: str,
    decimals: int,
    language: str | None = None,
    empty: str = EMPTY,
) -> str:
    """A figure in its unit for readers: `3,2%` / `3.2%`, `256 nghìn` / `256K`, `102,5`;
    `empty` ("—") when there is none."""
    if value is None or value == "":
        return empty
    return Formatter(unit=unit, decimals=decimals, language=language).figure(value)


def format_change(
    value: Decimal | None,
    *,
    unit: str,
    decimals: int,
    language: str | None = None,
    empty: str = EMPTY,
    signed: bool = True,
) -> str:
    """A difference with its sign: `+0,3 đ.p.` / `+0.3 pp` for a percentage, `-12K`…; no
    sign when it rounds to zero. `signed=False`: a size (`0.3 pp`)."""
    if value is None or value == "":
        return empty
    return Formatter(unit=unit, decimals=decimals, language=language).change(value, signed=signed)


def plain(value: Decimal | None) -> str:
    """`3.25`, `-0.1`, `256`: a dot decimal without exponent or trailing zeros, for markup;
    "" for None."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number.is_zero():
        return "0"
    text = format(number.normalize(), "f")
    return text


@dataclass(frozen=True)
class Surprise:
    direction: str  # "above" | "below" | "inline"
    difference: Decimal  # actual − forecast, in the indicator's unit
    large: bool  # |difference| > the indicator's typical surprise

    @property
    def above(self) -> bool:
        return self.direction == "above"

    @property
    def below(self) -> bool:
        return self.direction == "below"

    @property
    def inline(self) -> bool:
        return self.direction == "inline"


def surprise(release, typical: Decimal | None = None) -> Surprise | None:
    """Actual against forecast; None when either is missing. `large` needs a typical
    surprise (the median absolute surprise of the indicator's last releases)."""
    actual = getattr(release, "actual", None)
    forecast = getattr(release, "forecast", None)
    if actual is None or forecast is None:
        return None
    difference = Decimal(actual) - Decimal(forecast)
    if difference > 0:
        direction = "above"
    elif difference < 0:
        direction = "below"
    else:
        direction = "inline"
    large = typical is not None and abs(difference) > Decimal(typical)
    return Surprise(direction=direction, difference=difference, large=large)
