"""Imports of releases from CSV, JSON or iCalendar: all or nothing per file
(docs/design/markets.md §4).

1. **Parse.** CSV: a UTF-8 byte-order mark is removed and the delimiter (`;` or `,`) read
   from the header line. Columns (case-insensitive, any order):

   | column           | value                                                          |
   | ---------------- | -------------------------------------------------------------- |
   | indicator        | the indicator's code (required)                                |
   | period           | YYYY-MM, YYYY-Qn, YYYY, or YYYY-MM-DD for meetings (required)  |
   | scheduled        | local date and time, YYYY-MM-DD HH:MM (required); with an      |
   |                  | offset or Z it is that moment                                   |
   | zone             | IANA zone of `scheduled` (default: the indicator's)            |
   | status           | scheduled, tentative, released, postponed, cancelled           |
   | importance       | 1 to 3 (default: the indicator's)                              |
   | actual, forecast, previous, revised_previous | numbers with a dot for decimals    |
   | unit             | optional; must be the indicator's                              |

   JSON: a list of objects with the same keys (or `{"releases": [...]}`); numbers may be
   JSON numbers. A row's "line" is then its position in the list.
   iCalendar: one VEVENT per release; DTSTART (with its TZID, UTC or floating in
   X-ZONE/the indicator's zone) is the scheduled time and the other columns are the
   properties X-INDICATOR, X-PERIOD, X-STATUS (else STATUS: TENTATIVE → tentative,
   CANCELLED → cancelled), X-IMPORTANCE, X-ACTUAL, X-FORECAST, X-PREVIOUS,
   X-REVISED-PREVIOUS, X-UNIT. A row's line is that of its BEGIN:VEVENT.
2. **Validate** the whole file: indicator known, unit matching, period parseable and of the
   indicator's kind, a comma-decimal is an error (never a guess), no actual for a release
   in the future, no two rows for the same release. Every error is listed with its line;
   one error and nothing is written.
3. **Match and stage**, outside any long transaction: `BATCH` rows at a time, each row is
   matched with its release (indicator, period) and merged with it; a row that changes
   nothing is only counted, the others go into `ReleaseStaging` marked with the import's id
   (`release` set for an update, None for a new release), holding the release's values
   after the row. The import's counts, `rows_done` and the `progress` callback follow.
4. **Make visible** in one short transaction: every changed release rewritten by ONE
   `UPDATE … SET column = (SELECT … FROM staging WHERE release_id = release.id)` statement
   (stock ORM: `update()` with correlated subqueries), the new releases and a revision for
   each row inserted in large batches, the staging rows deleted. The rows of those inserts
   are built before the transaction. Readers see the old values until that commit; the time
   spent in it is logged (and kept on the import as `final_seconds`). A release changed by
   hand since the import started refuses it (nothing written).

An empty cell keeps the release's current value (a file never clears a figure: staff do, by
hand); a missing status keeps the current one (a new release is "scheduled", or "released"
when it has an actual), a missing importance too (the indicator's for a new release).
Running the same file twice changes nothing and writes no revision.

Events, after the commit: for at most `EVENTS_PER_RELEASE` affected releases, one
`markets.release_changed` per release (release_id, indicator_id, old_scheduled_at, as
`save_release` publishes it) and `markets.actual_recorded` for an existing release of the last
`FLASH_WINDOW` whose actual arrived; for a larger import (a bulk load of history), one
`markets.releases_imported` (release_import_id, indicator_ids, first_day, last_day: the UTC
dates spanned by the old and new scheduled times) instead, for subscribers to refresh broadly.
"""

import csv
import hashlib
import io
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from infofinance.core.signals import content_changed
from infofinance.wiring import events

from .models import (
    ImportContent,
    ImportFormat,
    ImportSource,
    ImportStatus,
    Indicator,
    PeriodKind,
    Release,
    ReleaseImport,
    ReleaseRevision,
    ReleaseStaging,
    ReleaseStatus,
)
from .services.releases import (
    ACTUAL_RECORDED,
    FIGURES,
    RELEASE_CHANGED,
    figure_error,
    known_zones,
    local_to_utc,
    refresh_typical_surprises,
    revision_values,
    to_decimal,
)

logger = logging.getLogger(__name__)
BATCH = 2000
# Rows per INSERT in the final transaction (SQLite caps it lower by its variable limit).
INSERT_BATCH = 5000
MAX_ERRORS_KEPT = 500
EVENTS_PER_RELEASE = 1000
FLASH_WINDOW = timedelta(days=2)
RELEASES_IMPORTED = "markets.releases_imported"
COLUMNS = (
    "indicator",
    "period",
    "scheduled",
    "zone",
    "status",
    "importance",
    *FIGURES,
    "unit",
)
REQUIRED = ("indicator", "period", "scheduled")
Progress = Callable[[str, int, int], object]  # (step, done, total)


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("Line %(line)s, %(field)s: %(message)s") % {
            "line": self.line,
            "field": self.field or "-",
            "message": self.message,
        }


class ImportRefused(Exception):
    """The file was refused: nothing of it was written. `errors` lists why, by line."""

    def __init__(self, errors: list[RowError], release_import: ReleaseImport | None = None):
        self.errors = errors
        self.release_import = release_import
        super().__init__("; ".join(str(error) for error in errors[:5]))


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


@dataclass
class _Valid:
    line: int
    indicator: Indicator
    period_kind: str
    period_start: date
    scheduled_at: datetime
    entered_zone: str
    status: str  # "" = keep
    importance: int  # 0 = keep
    figures: dict[str, Decimal | None] = field(default_factory=dict)  # None = keep


# -- parsing ------------------------------------------------------------------------------


def _text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            [RowError(0, "", _("The file is not UTF-8 text (byte %(at)s).") % {"at": error.start})]
        ) from error


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).strip()


def _header(names: list[str], columns=COLUMNS, required=REQUIRED) -> list[str]:
    header = [name.strip().lower().replace(" ", "_").replace("-", "_") for name in names]
    unknown = [name for name in header if name and name not in columns]
    missing = [name for name in required if name not in header]
    errors = []
    if unknown:
        errors.append(
            RowError(
                1,
                "",
                _("Unknown columns: %(names)s. Known: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(columns)},
            )
        )
    if missing:
        errors.append(
            RowError(1, "", _("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
        )
    if errors:
        raise ImportRefused(errors)
    return header


def parse_csv(data: bytes, *, columns=COLUMNS, required=REQUIRED) -> list[_Row]:
    """The rows of a CSV file by line (the header is line 1), cells by column name."""
    text = _text(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        names = next(reader)
    except StopIteration:
        raise ImportRefused([RowError(0, "", _("The file is empty."))]) from None
    header = _header(names, columns, required)
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            if len(cells) > len(header):
                extra = [cell for cell in cells[len(header) :] if cell.strip()]
                if extra:
                    rows.append(_Row(line, {"__extra__": str(len(cells))}))
                    continue
            rows.append(
                _Row(
                    line,
                    {
                        name: cells[i].strip()
                        for i, name in enumerate(header)
                        if name and i < len(cells)
                    },
                )
            )
    except csv.Error as error:
        raise ImportRefused(
            [RowError(reader.line_num, "", _("Unreadable CSV: %(error)s") % {"error": error})]
        ) from error
    return rows


def parse_json(data: bytes, *, columns=COLUMNS, key: str = "releases") -> list[_Row]:
    """The objects of a JSON list (or of `{key: [...]}`), a row's line being its position."""
    try:
        document = json.loads(_text(data), parse_float=Decimal)
    except ValueError as error:
        raise ImportRefused(
            [RowError(0, "", _("Unreadable JSON: %(error)s") % {"error": error})]
        ) from error
    if isinstance(document, dict):
        document = document.get(key)
    if not isinstance(document, list):
        message = (
            _('The JSON must be a list of releases (or {"releases": [...]}).')
            if key == "releases"
            else _('The JSON must be a list of prices (or {"prices": [...]}).')
        )
        raise ImportRefused([RowError(0, "", message)])
    rows = []
    for position, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            rows.append(_Row(position, {"__item__": "1"}))
            continue
        cells = {str(name).strip().lower(): _cell(value) for name, value in item.items()}
        unknown = [name for name in cells if name not in columns]
        if unknown:
            cells = {"__unknown__": ", ".join(unknown)}
        rows.append(_Row(position, cells))
    return rows


ICS_PROPERTIES = {
    "X-INDICATOR": "indicator",
    "X-PERIOD": "period",
    "X-STATUS": "status",
    "X-IMPORTANCE": "importance",
    "X-ACTUAL": "actual",
    "X-FORECAST": "forecast",
    "X-PREVIOUS": "previous",
    "X-REVISED-PREVIOUS": "revised_previous",
    "X-UNIT": "unit",
    "X-ZONE": "zone",
}
ICS_STATUS = {"TENTATIVE": "tentative", "CANCELLED": "cancelled", "CONFIRMED": ""}


def parse_ics(data: bytes) -> list[_Row]:
    import icalendar

    text = _text(data)
    lines = [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().upper() == "BEGIN:VEVENT"
    ]
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as error:
        raise ImportRefused(
            [RowError(0, "", _("Unreadable iCalendar: %(error)s") % {"error": error})]
        ) from error
    rows = []
    for index, event in enumerate(calendar.walk("VEVENT")):
        line = lines[index] if index < len(lines) else index + 1
        cells = {
            column: _cell(event.get(prop))
            for prop, column in ICS_PROPERTIES.items()
            if event.get(prop) is not None
        }
        if "status" not in cells and event.get("STATUS") is not None:
            cells["status"] = ICS_STATUS.get(str(event.get("STATUS")).upper(), "")
        start = event.get("DTSTART")
        moment = start.dt if start is not None else None
        if isinstance(moment, datetime):
            if moment.tzinfo is None:
                cells["scheduled"] = moment.isoformat(sep=" ")
            else:
                key = getattr(moment.tzinfo, "key", None)
                if key is None and moment.utcoffset() == timedelta(0):
                    key = "UTC"
                if key:
                    cells["scheduled"] = moment.replace(tzinfo=None).isoformat(sep=" ")
                    cells.setdefault("zone", key)
                else:
                    cells["scheduled"] = moment.isoformat(sep=" ")
        elif moment is not None:
            cells["scheduled"] = moment.isoformat()  # a date alone: refused below
        rows.append(_Row(line, cells))
    return rows


PARSERS = {ImportFormat.CSV: parse_csv, ImportFormat.JSON: parse_json, ImportFormat.ICS: parse_ics}


def parse(data: bytes, fmt: str) -> list[_Row]:
    if fmt not in PARSERS:
        raise ImportRefused([RowError(0, "", _("Unknown format “%(format)s”.") % {"format": fmt})])
    return PARSERS[fmt](data)


# -- validation ---------------------------------------------------------------------------

PERIOD_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), PeriodKind.MEETING),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
)


def parse_period(text: str) -> tuple[str, date]:
    """("month", 2026-11-01) from "2026-11"; raises ValueError."""
    for pattern, kind in PERIOD_PATTERNS:
        match = pattern.match(text.strip())
        if not match:
            continue
        parts = [int(part) for part in match.groups()]
        if kind == PeriodKind.MEETING:
            return kind, date(*parts)
        if kind == PeriodKind.QUARTER:
            return kind, date(parts[0], 3 * parts[1] - 2, 1)
        if kind == PeriodKind.MONTH:
            return kind, date(parts[0], parts[1], 1)
        return kind, date(parts[0], 1, 1)
    raise ValueError(text)


def _scheduled(text: str, zone: str) -> datetime:
    value = text.strip().replace("/", "-")
    if len(value) <= 10:  # a date alone
        raise ValueError("date only")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    return local_to_utc(moment, zone)


def shape_error(row: _Row) -> RowError | None:
    """What the parsers marked wrong with a row's shape (more cells than columns, a JSON item
    that is not an object, unknown keys), before its values are read; None when it is sound."""
    cells = row.cells
    if "__extra__" in cells:
        return RowError(row.line, "", _("More cells than columns."))
    if "__item__" in cells:
        return RowError(row.line, "", _("Not an object."))
    if "__unknown__" in cells:
        return RowError(
            row.line, "", _("Unknown keys: %(names)s.") % {"names": cells["__unknown__"]}
        )
    return None


def validate(
    rows: list[_Row], *, now: datetime | None = None
) -> tuple[list[_Valid], list[RowError]]:
    """Every row checked; the valid rows (only meaningful when there is no error) and the
    errors, by line."""
    now = now or timezone.now()
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    zones = known_zones()
    valid: list[_Valid] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        line, cells = row.line, row.cells
        row_errors: list[RowError] = []

        def fail(column: str, message: str, line=line, row_errors=row_errors) -> None:
            row_errors.append(RowError(line, column, message))

        if shape := shape_error(row):
            errors.append(shape)
            continue

        code = cells.get("indicator", "")
        indicator = indicators.get(code)
        if indicator is None:
            fail(
                "indicator",
                _("Unknown indicator “%(code)s”.") % {"code": code}
                if code
                else _("The indicator is missing."),
            )
        unit = cells.get("unit", "")
        if indicator is not None and unit and unit != indicator.unit:
            fail(
                "unit",
                _("The unit “%(unit)s” is not the indicator's (%(expected)s).")
                % {"unit": unit, "expected": indicator.unit},
            )
        kind = start = None
        try:
            kind, start = parse_period(cells.get("period", ""))
        except ValueError:
            fail(
                "period",
                _("“%(value)s” is not a period (YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD).")
                % {"value": cells.get("period", "")},
            )
        if kind and indicator is not None and kind != indicator.period_kind:
            fail(
                "period",
                _("This indicator's periods are of the kind “%(kind)s”, not “%(given)s”.")
                % {"kind": indicator.period_kind, "given": kind},
            )
        zone = cells.get("zone", "") or (indicator.release_zone if indicator else "")
        scheduled = None
        if not zone and indicator is None:
            pass  # the indicator's error says it all
        elif zone not in zones:
            fail("zone", _("“%(zone)s” is not a known time zone.") % {"zone": zone})
        else:
            try:
                scheduled = _scheduled(cells.get("scheduled", ""), zone)
            except ValidationError as error:
                fail("scheduled", " ".join(error.messages))
            except ValueError:
                fail(
                    "scheduled",
                    _("“%(value)s” is not a date and time (YYYY-MM-DD HH:MM).")
                    % {"value": cells.get("scheduled", "")},
                )
        status = cells.get("status", "").lower()
        if status and status not in ReleaseStatus.values:
            fail("status", _("Unknown status “%(value)s”.") % {"value": status})
        importance = 0
        if cells.get("importance", ""):
            try:
                importance = int(cells["importance"])
            except ValueError:
                importance = -1
            if importance not in (1, 2, 3):
                fail("importance", _("The importance is 1, 2 or 3."))
        figures: dict[str, Decimal | None] = {}
        for name in FIGURES:
            try:
                number = to_decimal(cells.get(name, ""))
            except ValueError as error:
                fail(
                    name,
                    _("“%(value)s”: write numbers with a dot for decimals (2.5, not 2,5).")
                    % {"value": cells.get(name)}
                    if str(error) == "comma"
                    else _("“%(value)s” is not a number.") % {"value": cells.get(name)},
                )
                continue
            if message := figure_error(number):
                fail(name, message)
                continue
            figures[name] = number
        if scheduled is not None and scheduled > now:
            if figures.get("actual") is not None:
                fail(
                    "actual",
                    _("This release is scheduled in the future: its actual cannot be known yet."),
                )
            if status == ReleaseStatus.RELEASED:
                fail("status", _("A release scheduled in the future cannot be released yet."))
        if status == ReleaseStatus.CANCELLED and figures.get("actual") is not None:
            fail("actual", _("A cancelled release has no actual."))
        if indicator is not None and kind is not None:
            key = (indicator.pk, kind, start)
            if key in seen:
                fail(
                    "period",
                    _("The same release as line %(line)s (indicator and period).")
                    % {"line": seen[key]},
                )
            else:
                seen[key] = line
        if row_errors:
            errors.extend(row_errors)
            continue
        if figures.get("actual") is not None and status in ("", "scheduled", "tentative"):
            status = ReleaseStatus.RELEASED
        valid.append(
            _Valid(
                line=line,
                indicator=indicator,
                period_kind=kind,
                period_start=start,
                scheduled_at=scheduled,
                entered_zone=zone,
                status=status,
                importance=importance,
                figures=figures,
            )
        )
    if not rows and not errors:
        errors.append(RowError(0, "", _("The file has no release.")))
    return valid, errors


# -- staging and the flip -----------------------------------------------------------------


STAGED = (
    "line",
    "release_id",
    "indicator_id",
    "period_kind",
    "period_start",
    "scheduled_at",
    "entered_zone",
    "status",
    "importance",
    "country",
    "category",
    *FIGURES,
)
# Copied by the final UPDATE from the staging row onto its release, as they are...
COPIED = ("scheduled_at", "entered_zone", "status", "importance", "country", "category")
# ...and the figures through Coalesce: an empty cell keeps the current value.


def delete_staging(release_import: ReleaseImport) -> None:
    """One DELETE statement (the ORM's delete() would first read every row)."""
    table = connection.ops.quote_name(ReleaseStaging._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE release_import_id = %s", [release_import.pk])  # noqa: S608


def fail_import(release_import: ReleaseImport, errors: list[RowError]) -> None:
    release_import.status = ImportStatus.FAILED
    release_import.errors = [error.as_dict() for error in errors[:MAX_ERRORS_KEPT]]
    if len(errors) > MAX_ERRORS_KEPT:
        release_import.errors.append(
            {
                "line": 0,
                "field": "",
                "message": _("… and %(count)s more errors.")
                % {"count": len(errors) - MAX_ERRORS_KEPT},
            }
        )
    release_import.finished_at = timezone.now()
    release_import.save()
    delete_staging(release_import)


def _merged(release: Release | None, row: _Valid, now: datetime) -> Release:
    """The release after this row: a new one, or a copy of the current one with the row's
    given values."""
    if release is None:
        merged = Release(
            indicator=row.indicator,
            period_kind=row.period_kind,
            period_start=row.period_start,
            status=row.status or ReleaseStatus.SCHEDULED,
            importance=row.importance or row.indicator.importance,
        )
    else:
        merged = Release(
            **{f.attname: getattr(release, f.attname) for f in Release._meta.concrete_fields}
        )
        if row.status:
            merged.status = row.status
        if row.importance:
            merged.importance = row.importance
    merged.scheduled_at = row.scheduled_at
    merged.entered_zone = row.entered_zone
    merged.country = row.indicator.country
    merged.category = row.indicator.category
    for name in FIGURES:
        value = row.figures.get(name)
        if value is not None:
            setattr(merged, name, value)
    if merged.actual is not None and merged.status in (
        ReleaseStatus.SCHEDULED,
        ReleaseStatus.TENTATIVE,
    ):
        merged.status = ReleaseStatus.RELEASED
    return merged


def _current(batch: list[_Valid]) -> dict[tuple, Release]:
    """The existing releases named by a batch's rows, by (indicator, kind, period start)."""
    periods: dict[int, list[date]] = {}
    for row in batch:
        periods.setdefault(row.indicator.pk, []).append(row.period_start)
    ids = sorted(periods)
    current: dict[tuple, Release] = {}
    for offset in range(0, len(ids), 200):
        query = Q()
        for pk in ids[offset : offset + 200]:
            query |= Q(
                indicator_id=pk,
                period_start__gte=min(periods[pk]),
                period_start__lte=max(periods[pk]),
            )
        for release in Release.objects.filter(query):
            current[(release.indicator_id, release.period_kind, release.period_start)] = release
    return current


def stage(
    release_import: ReleaseImport,
    valid: list[_Valid],
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """The validated rows matched with their releases and written into ReleaseStaging,
    `BATCH` at a time (each batch its own short write, outside any long transaction): a row
    for a new release (`release` None) or for an existing one that changes (`release` set,
    the staged values being the release's after the row); an unchanged row is only counted.
    The import's counts and rows_done follow. Raises ImportRefused (a release that has an
    actual moved into the future)."""
    now = now or timezone.now()
    total = len(valid)
    release_import.status = ImportStatus.WRITING
    release_import.rows_total = total
    release_import.rows_done = 0
    release_import.created = release_import.updated = release_import.unchanged = 0
    counts = ["rows_done", "created", "updated", "unchanged"]
    release_import.save(update_fields=["status", "rows_total", *counts])
    errors: list[RowError] = []
    for offset in range(0, total, BATCH):
        batch = valid[offset : offset + BATCH]
        current = _current(batch)
        staged = []
        for row in batch:
            existing = current.get((row.indicator.pk, row.period_kind, row.period_start))
            merged = _merged(existing, row, now)
            if merged.actual is not None and merged.scheduled_at > now:
                errors.append(
                    RowError(
                        row.line,
                        "scheduled",
                        _("The release already has an actual: it cannot move into the future."),
                    )
                )
                continue
            if existing is None:
                release_import.created += 1
            elif revision_values(merged) == revision_values(existing):
                release_import.unchanged += 1
                continue
            else:
                release_import.updated += 1
            staged.append(
                ReleaseStaging(
                    release_import=release_import,
                    line=row.line,
                    release_id=existing.pk if existing is not None else None,
                    indicator_id=merged.indicator_id,
                    period_kind=merged.period_kind,
                    period_start=merged.period_start,
                    scheduled_at=merged.scheduled_at,
                    entered_zone=merged.entered_zone,
                    status=merged.status,
                    importance=merged.importance,
                    country=merged.country,
                    category=merged.category,
                    **{name: getattr(merged, name) for name in FIGURES},
                )
            )
        if not errors:  # after an error, checking goes on but nothing more is written
            ReleaseStaging.objects.bulk_create(staged, batch_size=BATCH)
        release_import.rows_done = offset + len(batch)
        ReleaseImport.objects.filter(pk=release_import.pk).update(
            **{name: getattr(release_import, name) for name in counts}
        )
        if progress:
            progress("stage", release_import.rows_done, total)
    if errors:
        raise ImportRefused(errors, release_import)
    _analyze_staging()


def _analyze_staging() -> None:
    """PostgreSQL's planner statistics of the staging table, refreshed after a batch load:
    without them it takes the import's rows for a few hundred and the final UPDATE's
    correlated subqueries scan every staged row of the import for each release (minutes for
    100,000 rows instead of seconds). A maintenance statement, no data written."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(ReleaseStaging._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def new_import(data: bytes, fmt: str, *, content, filename, actor, source) -> ReleaseImport:
    """The row of an import of releases or prices (`content`), validating."""
    return ReleaseImport.objects.create(
        source=source,
        filename=filename[:200],
        content=content,
        format=fmt if fmt in ImportFormat.values else ImportFormat.CSV,
        digest=hashlib.sha256(data).hexdigest(),
        status=ImportStatus.VALIDATING,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def checked_rows(release_import, data: bytes, fmt: str, *, parse, validate, progress, now):
    """The file parsed and validated as a whole, with progress; raises ImportRefused with
    every row error (then nothing is written)."""
    rows = parse(data, fmt)
    release_import.rows_total = len(rows)
    if progress:
        progress("validate", 0, len(rows))
    valid, errors = validate(rows, now=now)
    if progress:
        progress("validate", len(rows), len(rows))
    if errors:
        raise ImportRefused(errors, release_import)
    return valid


def prepare(
    data: bytes,
    fmt: str,
    *,
    filename: str = "",
    actor=None,
    source: ImportSource | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ReleaseImport:
    """Parse, validate, match and stage a file: the import, not visible yet
    (`make_visible`). Raises ImportRefused (the import row kept as failed, with its
    errors)."""
    release_import = new_import(
        data, fmt, content=ImportContent.RELEASES, filename=filename, actor=actor, source=source
    )
    try:
        valid = checked_rows(
            release_import, data, fmt, parse=parse, validate=validate, progress=progress, now=now
        )
        stage(release_import, valid, progress, now=now)
    except ImportRefused as refused:
        fail_import(release_import, refused.errors)
        refused.release_import = release_import
        raise
    except Exception:
        fail_import(release_import, [RowError(0, "", _("The import could not be written."))])
        raise
    return release_import


def _update_values(release_import: ReleaseImport, now: datetime, columns=None) -> dict:
    """The one UPDATE's values: each column from the release's staging row (a correlated
    subquery), the figures kept when the row has none, the actual's time when it arrives.
    `columns`: those that change in at least one row (each is a subquery per release: a file
    of new figures leaves the times and zones alone); None for all."""
    row = ReleaseStaging.objects.filter(release_import=release_import, release=OuterRef("pk"))
    columns = (*COPIED, *FIGURES) if columns is None else columns

    def staged(name: str) -> Subquery:
        return Subquery(row.values(name)[:1])

    values: dict = {name: staged(name) for name in COPIED if name in columns}
    for name in FIGURES:
        if name in columns:
            values[name] = Coalesce(staged(name), F(name))
    if "actual" in columns:
        # SET expressions read the row as it was: `actual` here is the value before the import.
        values["actual_recorded_at"] = Case(
            When(Exists(row.filter(actual__isnull=False)), actual__isnull=True, then=Value(now)),
            default=F("actual_recorded_at"),
        )
    values["updated_at"] = Value(now)
    return values


def make_visible(
    release_import: ReleaseImport, *, progress: Progress | None = None
) -> ReleaseImport:
    """The staged rows made visible in one short transaction: the changed releases rewritten
    by one UPDATE statement, the new ones inserted, a revision for each, the staging rows
    deleted. Everything else (reading the staged rows, building the new releases and the
    revisions) happens before it. A release changed (by hand) since the import started, or a
    release created for the same period meanwhile, refuses the import.

    The time spent inside the transaction is kept on the import as `final_seconds` (not a
    column: for the bench and the log)."""
    now = timezone.now()
    read_at = release_import.started_at
    staged = ReleaseStaging.objects.filter(release_import=release_import)
    rows = [SimpleNamespace(**values) for values in staged.order_by("line").values(*STAGED)]
    new_rows = [row for row in rows if row.release_id is None]
    changed_rows = [row for row in rows if row.release_id is not None]
    changed_ids = [row.release_id for row in changed_rows]
    # The releases as they are (the transaction checks that they did not change since the
    # import started): for the events, and for the columns the UPDATE needs to set.
    before: dict[int, dict] = {}
    for offset in range(0, len(changed_ids), BATCH):
        for values in Release.objects.filter(pk__in=changed_ids[offset : offset + BATCH]).values(
            "pk", *COPIED, *FIGURES
        ):
            before[values["pk"]] = values
    columns = [
        name
        for name in (*COPIED, *FIGURES)
        if any(
            row.release_id in before and getattr(row, name) != before[row.release_id][name]
            for row in changed_rows
        )
    ]
    creates = [
        Release(
            **{name: getattr(row, name) for name in STAGED if name not in ("line", "release_id")},
            actual_recorded_at=row.scheduled_at if row.actual is not None else None,
        )
        for row in new_rows
    ]

    def revision(row) -> ReleaseRevision:
        return ReleaseRevision(
            release_id=row.release_id,
            at=now,
            values=revision_values(row),
            actor_id=release_import.actor_id,
            release_import=release_import,
            note=f"import {release_import.pk}, line {row.line}",
        )

    new_revisions = [revision(row) for row in new_rows]
    revisions = new_revisions + [revision(row) for row in changed_rows]
    # A release deleted meanwhile took its staging row with it (on_delete CASCADE).
    staged_counts = tuple(
        ReleaseImport.objects.filter(pk=release_import.pk).values_list("created", "updated")[0]
    )
    total = len(rows)
    if progress:
        progress("publish", 0, total)
    started = time.perf_counter()
    committed: list[float] = []
    try:
        with transaction.atomic():
            # The first commit hook: the time of the COMMIT itself (the events' hooks after it
            # queue their tasks outside the transaction).
            transaction.on_commit(lambda: committed.append(time.perf_counter()))
            changed = Release.objects.filter(
                pk__in=staged.filter(release__isnull=False).values("release_id")
            )
            if (
                (len(new_rows), len(changed_rows)) != staged_counts
                or len(before) != len(changed_ids)
                or (changed_ids and changed.filter(updated_at__gt=read_at).exists())
            ):
                raise IntegrityError("changed during the import")
            # The page cache hears of bulk writes through `content_changed`: the updated rows'
            # old days before the statements, every written row's new day after them (both
            # move again at commit), so readers see the import without waiting for the worker.
            if changed_ids:
                content_changed.send(sender=Release, pks=changed_ids)
                values = _update_values(release_import, now, columns)
                if changed.update(**values) != len(changed_ids):
                    raise IntegrityError("changed during the import")
            Release.objects.bulk_create(creates, batch_size=INSERT_BATCH)
            for release, new_revision in zip(creates, new_revisions, strict=True):
                new_revision.release_id = release.pk
            written = [release.pk for release in creates] + changed_ids
            if written:
                content_changed.send(sender=Release, pks=written)
            ReleaseRevision.objects.bulk_create(revisions, batch_size=INSERT_BATCH)
            # The indicators' typical surprises, visible with the releases that move them.
            refresh_typical_surprises({row.indicator_id for row in rows})
            delete_staging(release_import)
            release_import.status = ImportStatus.DONE
            release_import.created = len(creates)
            release_import.updated = len(changed_rows)
            release_import.rows_done = release_import.rows_total
            release_import.errors = []
            release_import.finished_at = timezone.now()
            release_import.save()
            _publish(release_import, creates, changed_rows, before, now)
    except IntegrityError:
        moved = [
            RowError(
                0,
                "",
                _(
                    "Releases changed while the file was imported: nothing was written. "
                    "Import it again."
                ),
            )
        ]
        fail_import(release_import, moved)
        raise ImportRefused(moved, release_import) from None
    release_import.final_seconds = (committed[0] if committed else time.perf_counter()) - started
    logger.info(
        "markets import %s: %s created, %s updated, %s unchanged; final transaction %.3f s",
        release_import.pk,
        release_import.created,
        release_import.updated,
        release_import.unchanged,
        release_import.final_seconds,
    )
    if progress:
        progress("publish", total, total)
    return release_import


def _publish(release_import, creates, changed_rows, before, now) -> None:
    affected = len(creates) + len(changed_rows)
    if not affected:
        return
    if affected > EVENTS_PER_RELEASE:
        moments = [release.scheduled_at for release in creates]
        moments += [row.scheduled_at for row in changed_rows]
        moments += [before[row.release_id]["scheduled_at"] for row in changed_rows]
        events.publish(
            RELEASES_IMPORTED,
            release_import_id=release_import.pk,
            indicator_ids=sorted(
                {release.indicator_id for release in creates}
                | {row.indicator_id for row in changed_rows}
            ),
            first_day=min(moments).astimezone(UTC).date().isoformat(),
            last_day=max(moments).astimezone(UTC).date().isoformat(),
        )
        return
    for release in creates:
        events.publish(
            RELEASE_CHANGED,
            release_id=release.pk,
            indicator_id=release.indicator_id,
            old_scheduled_at=None,
        )
    for row in changed_rows:
        old_scheduled_at = before[row.release_id]["scheduled_at"]
        old_actual = before[row.release_id]["actual"]
        events.publish(
            RELEASE_CHANGED,
            release_id=row.release_id,
            indicator_id=row.indicator_id,
            old_scheduled_at=old_scheduled_at.astimezone(UTC).isoformat(),
        )
        if old_actual is None and row.actual is not None and row.scheduled_at >= now - FLASH_WINDOW:
            events.publish(ACTUAL_RECORDED, release_id=row.release_id)


def import_file(
    data: bytes,
    fmt: str,
    *,
    filename: str = "",
    actor=None,
    source: ImportSource | None = None,
    progress: Progress | None = None,
) -> ReleaseImport:
    """Import a whole file, all or nothing. Returns the done import (its created, updated
    and unchanged counts); raises ImportRefused with the errors by line."""
    release_import = prepare(
        data, fmt, filename=filename, actor=actor, source=source, progress=progress
    )
    return make_visible(release_import, progress=progress)


def import_url(source: ImportSource, *, progress: Progress | None = None) -> ReleaseImport:
    """Fetch the source's URL through the safe-fetch module and import it, as releases or
    as prices (`source.content`, markets.price_imports); the source's last run and result
    follow. Raises ImportRefused (a refused fetch included)."""
    from infofinance.core import safefetch

    source.last_run_at = timezone.now()
    try:
        result = safefetch.fetch(source.url)
    except safefetch.FetchError as error:
        source.last_result = str(error)[:300]
        source.save(update_fields=["last_run_at", "last_result"])
        release_import = ReleaseImport.objects.create(
            source=source,
            filename=source.url[:200],
            format=source.format,
            content=source.content or ImportContent.RELEASES,
        )
        refused = [RowError(0, "", str(error))]
        fail_import(release_import, refused)
        raise ImportRefused(refused, release_import) from error
    run = import_file
    if source.content == ImportContent.PRICES:
        from . import price_imports

        run = price_imports.import_file
    try:
        release_import = run(
            result.body,
            source.format,
            filename=result.url[:200],
            source=source,
            progress=progress,
        )
    except ImportRefused as refused:
        source.last_result = (
            _("Refused: %(errors)s") % {"errors": "; ".join(str(e) for e in refused.errors[:3])}
        )[:300]
        source.save(update_fields=["last_run_at", "last_result"])
        raise
    source.last_result = (
        _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "created": release_import.created,
            "updated": release_import.updated,
            "unchanged": release_import.unchanged,
        }
    )[:300]
    source.save(update_fields=["last_run_at", "last_result"])
    return release_import


def due_sources(now: datetime | None = None) -> list[ImportSource]:
    """The enabled sources whose interval has passed since their last run."""
    now = now or timezone.now()
    return [
        source
        for source in ImportSource.objects.filter(enabled=True).order_by("pk")
        if source.last_run_at is None
        or source.last_run_at + timedelta(minutes=max(source.interval_minutes, 1)) <= now
    ]


def clear_stale_staging(older_than: timedelta = timedelta(hours=6)) -> int:
    """Staging rows of imports that never finished (a worker that died mid-import)."""
    cutoff = timezone.now() - older_than
    stale = ReleaseImport.objects.filter(started_at__lt=cutoff).exclude(status=ImportStatus.DONE)
    deleted, _counts = ReleaseStaging.objects.filter(release_import__in=stale).delete()
    stale.filter(status__in=[ImportStatus.VALIDATING, ImportStatus.WRITING]).update(
        status=ImportStatus.FAILED, finished_at=timezone.now()
    )
    return deleted
