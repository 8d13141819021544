"""Imports of prices from CSV or JSON: all or nothing per file, like the releases'
(markets.imports, whose parsing, errors and import rows they share).

Columns (case-insensitive, any order):

| column     | value                                                                      |
| ---------- | -------------------------------------------------------------------------- |
| instrument | the instrument's code (required)                                           |
| at         | the quote's time: local YYYY-MM-DD HH:MM[:SS] in `zone`, or ISO 8601 with   |
|            | an offset or Z (that moment) (required)                                    |
| zone       | IANA zone of a local `at` (default Asia/Ho_Chi_Minh)                       |
| close      | the price, a positive number with a dot for decimals (required)           |
| open, high, low | optional, positive                                                    |
| source     | optional (the asset page falls back to the instrument's source)           |

CSV: a UTF-8 byte-order mark is removed, the delimiter (`;` or `,`) read from the header.
JSON: a list of objects with the same keys (or `{"prices": [...]}`); a row's line is its
position. iCalendar holds releases, not prices: refused with a clear error.

1. **Validate** the whole file: instrument known, time readable (a local time the clocks
   skip or show twice refused, as for releases), not in the future (beyond the few minutes
   `services.prices` tolerates), numbers with a dot (a comma-decimal is an error, never a
   guess), positive, high not below low, no two rows for the same (instrument, time). Every
   error listed with its line; one error and nothing is written.
2. **Compare** with the stored quotes (by instrument and time), outside any transaction: a
   row equal to the stored quote is only counted (a second run changes nothing).
3. **Write** in one transaction: an upsert on (instrument, at) (`bulk_create` with
   `update_conflicts`), in batches (the `progress` callback follows); the page cache told
   through `content_changed(sender=Price, pks=…)` and the articles' chips forgotten inside
   it; after the commit one `markets.prices_imported` event (release_import_id,
   instrument_ids).

A row is the whole quote, as `services.record_price` takes it: an empty open, high or low is
none. The import is recorded in a `ReleaseImport` with `content="prices"`."""

from datetime import UTC, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from infofinance.core.signals import content_changed
from infofinance.wiring import events

from . import imports
from .imports import ImportRefused, Progress, RowError
from .models import (
    DEFAULT_ZONE,
    ImportContent,
    ImportFormat,
    ImportSource,
    ImportStatus,
    Instrument,
    Price,
    ReleaseImport,
)
from .services.prices import FUTURE_TOLERANCE
from .services.releases import figure_error, known_zones, local_to_utc, to_decimal

COLUMNS = ("instrument", "at", "zone", "close", "open", "high", "low", "source")
REQUIRED = ("instrument", "at", "close")
NUMBERS = ("close", "open", "high", "low")
WRITTEN = ("close", "open", "high", "low", "source")
BATCH = 2000
# Price's DecimalField: 24 digits, 8 after the point.
MAX_DECIMAL_PLACES = 8
MAX_INTEGER_DIGITS = 16
PRICES_IMPORTED = "markets.prices_imported"


class _Quote:
    __slots__ = ("at", "close", "high", "instrument_id", "line", "low", "open", "source")

    def __init__(self, line, instrument_id, at, values, source):
        self.line = line
        self.instrument_id = instrument_id
        self.at = at
        for name in NUMBERS:
            setattr(self, name, values.get(name))
        self.source = source

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in WRITTEN)


def parse(data: bytes, fmt: str) -> list:
    if fmt == ImportFormat.ICS:
        raise ImportRefused(
            [
                RowError(
                    0,
                    "",
                    _(
                        "An iCalendar file holds releases, not prices: import prices from a CSV "
                        "or JSON file."
                    ),
                )
            ]
        )
    if fmt == ImportFormat.CSV:
        return imports.parse_csv(data, columns=COLUMNS, required=REQUIRED)
    if fmt == ImportFormat.JSON:
        return imports.parse_json(data, columns=COLUMNS, key="prices")
    raise ImportRefused([RowError(0, "", _("Unknown format “%(format)s”.") % {"format": fmt})])


def _moment(text: str, zone: str) -> datetime:
    value = text.strip()
    if len(value) <= 10:  # a date alone
        raise ValueError("date only")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    return local_to_utc(moment, zone)


def _number_error(number: Decimal) -> str | None:
    if problem := figure_error(number, places=MAX_DECIMAL_PLACES, integers=MAX_INTEGER_DIGITS):
        return problem
    if number <= 0:
        return _("A price must be greater than zero.")
    return None


def validate(rows: list, *, now: datetime | None = None) -> tuple[list[_Quote], list[RowError]]:
    """Every row checked; the valid quotes (only meaningful when there is no error) and the
    errors, by line."""
    now = now or timezone.now()
    instruments = dict(Instrument.objects.values_list("code", "pk"))
    zones = known_zones()
    valid: list[_Quote] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        line, cells = row.line, row.cells
        row_errors: list[RowError] = []

        def fail(column: str, message: str, line=line, row_errors=row_errors) -> None:
            row_errors.append(RowError(line, column, message))

        if shape := imports.shape_error(row):
            errors.append(shape)
            continue
        code = cells.get("instrument", "")
        instrument_id = instruments.get(code)
        if instrument_id is None:
            fail(
                "instrument",
                _("Unknown instrument “%(code)s”.") % {"code": code}
                if code
                else _("The instrument is missing."),
            )
        zone = cells.get("zone", "") or DEFAULT_ZONE
        at = None
        if zone not in zones:
            fail("zone", _("“%(zone)s” is not a known time zone.") % {"zone": zone})
        else:
            try:
                at = _moment(cells.get("at", ""), zone)
            except ValidationError as error:
                fail("at", " ".join(error.messages))
            except ValueError:
                fail(
                    "at",
                    _("“%(value)s” is not a date and time (YYYY-MM-DD HH:MM).")
                    % {"value": cells.get("at", "")},
                )
        if at is not None and at > now + FUTURE_TOLERANCE:
            fail("at", _("A price cannot be dated in the future."))
        values: dict[str, Decimal | None] = {}
        for name in NUMBERS:
            text = cells.get(name, "")
            try:
                number = to_decimal(text)
            except ValueError as error:
                fail(
                    name,
                    _("“%(value)s”: write numbers with a dot for decimals (2.5, not 2,5).")
                    % {"value": text}
                    if str(error) == "comma"
                    else _("“%(value)s” is not a number.") % {"value": text},
                )
                continue
            if number is None:
                if name == "close":
                    fail("close", _("Enter the price."))
                continue
            if message := _number_error(number):
                fail(name, message)
                continue
            values[name] = number
        high, low = values.get("high"), values.get("low")
        if high is not None and low is not None and high < low:
            fail("high", _("The high cannot be below the low."))
        if instrument_id is not None and at is not None:
            key = (instrument_id, at)
            if key in seen:
                fail(
                    "at",
                    _("The same quote as line %(line)s (instrument and time).")
                    % {"line": seen[key]},
                )
            else:
                seen[key] = line
        if row_errors:
            errors.extend(row_errors)
            continue
        valid.append(_Quote(line, instrument_id, at, values, cells.get("source", "")[:160]))
    if not rows and not errors:
        errors.append(RowError(0, "", _("The file has no price.")))
    return valid, errors


def compare(
    quotes: list[_Quote], progress: Progress | None = None
) -> tuple[list[_Quote], dict[tuple, int], int]:
    """The quotes that change something (new, or different from the stored one), the pks of
    the stored quotes they replace by (instrument, at), and the number unchanged."""
    total = len(quotes)
    changed: list[_Quote] = []
    replaced: dict[tuple, int] = {}
    unchanged = 0
    for offset in range(0, total, BATCH):
        batch = quotes[offset : offset + BATCH]
        spans: dict[int, list[datetime]] = {}
        for quote in batch:
            spans.setdefault(quote.instrument_id, []).append(quote.at)
        query = Q()
        for pk, moments in spans.items():
            query |= Q(instrument_id=pk, at__gte=min(moments), at__lte=max(moments))
        stored = {
            (row[0], row[1]): row[2:]
            for row in Price.objects.filter(query).values_list(
                "instrument_id", "at", "pk", *WRITTEN
            )
        }
        for quote in batch:
            key = (quote.instrument_id, quote.at)
            current = stored.get(key)
            if current is None:
                changed.append(quote)
            elif tuple(current[1:]) == quote.values():
                unchanged += 1
            else:
                replaced[key] = current[0]
                changed.append(quote)
        if progress:
            progress("compare", offset + len(batch), total)
    return changed, replaced, unchanged


def write(
    price_import: ReleaseImport,
    changed: list[_Quote],
    replaced: dict[tuple, int],
    unchanged: int,
    progress: Progress | None = None,
) -> ReleaseImport:
    """The changed quotes upserted in one transaction, the page cache and the chips told."""
    total = len(changed)
    if progress:
        progress("write", 0, total)
    with transaction.atomic():
        pks: list[int] = []
        for offset in range(0, total, BATCH):
            batch = [
                Price(
                    instrument_id=quote.instrument_id,
                    at=quote.at,
                    **dict(zip(WRITTEN, quote.values(), strict=True)),
                )
                for quote in changed[offset : offset + BATCH]
            ]
            Price.objects.bulk_create(
                batch,
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["instrument", "at"],
                update_fields=list(WRITTEN),
            )
            pks += [price.pk for price in batch if price.pk is not None]
            if progress:
                progress("write", offset + len(batch), total)
        if len(pks) < total:  # a database that does not return the upserted rows' pks
            pks = list(replaced.values())
            news = [quote for quote in changed if (quote.instrument_id, quote.at) not in replaced]
            for offset in range(0, len(news), 200):
                query = Q()
                for quote in news[offset : offset + 200]:
                    query |= Q(instrument_id=quote.instrument_id, at=quote.at)
                pks += list(Price.objects.filter(query).values_list("pk", flat=True))
        if pks:
            content_changed.send(sender=Price, pks=pks)
            from .slots import forget_chips

            forget_chips()  # the articles' asset chips show the newest price
        price_import.status = ImportStatus.DONE
        price_import.updated = len(replaced)
        price_import.created = total - len(replaced)
        price_import.unchanged = unchanged
        price_import.rows_done = price_import.rows_total
        price_import.errors = []
        price_import.finished_at = timezone.now()
        price_import.save()
        if changed:
            events.publish(
                PRICES_IMPORTED,
                release_import_id=price_import.pk,
                instrument_ids=sorted({quote.instrument_id for quote in changed}),
            )
    return price_import


def import_file(
    data: bytes,
    fmt: str,
    *,
    filename: str = "",
    actor=None,
    source: ImportSource | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ReleaseImport:
    """Import a whole file of prices, all or nothing. Returns the done import (its created,
    updated and unchanged counts); raises ImportRefused with the errors by line (the import
    row kept as failed)."""
    price_import = imports.new_import(
        data, fmt, content=ImportContent.PRICES, filename=filename, actor=actor, source=source
    )
    try:
        valid = imports.checked_rows(
            price_import, data, fmt, parse=parse, validate=validate, progress=progress, now=now
        )
        price_import.status = ImportStatus.WRITING
        price_import.save(update_fields=["status", "rows_total"])
        changed, replaced, unchanged = compare(valid, progress)
        return write(price_import, changed, replaced, unchanged, progress)
    except ImportRefused as refused:
        imports.fail_import(price_import, refused.errors)
        refused.release_import = price_import
        raise
    except Exception:
        imports.fail_import(price_import, [RowError(0, "", _("The import could not be written."))])
        raise
