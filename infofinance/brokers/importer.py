"""Importing and exporting brokers and licences as CSV or JSON (for example a regulator's
register extract). Every row is validated first, with its line number and reason; then either
everything is written, in one short transaction, or nothing is. A dry run stops after the plan."""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from infofinance.core.slugs import ascii_slug
from infofinance.text.search_text import fold
from infofinance.text.spreadsheet import FORMULA_STARTS, formula_safe

from .domains import licence_number_key, normalize_domains, normalize_licence_number
from .models import RESERVED_SLUGS, Broker, BrokerAlias, Licence, LicenceStatus, Regulator
from .services import refresh_broker

MAX_BYTES = 5 * 1024 * 1024
COLUMNS = [
    "broker_name",
    "abbreviation",
    "website",
    "country",
    "aliases",
    "regulator",
    "licence_number",
    "licence_type_vi",
    "licence_type_en",
    "licensee_name",
    "approved_domains",
    "effective_date",
    "expiry_date",
    "status",
]
REQUIRED = {"broker_name"}
SCORE_COLUMNS = ["market_score", "business_score", "risk_score", "software_score"]
_URL = URLValidator(schemes=["http", "https"])


class ImportFileError(ValueError):
    """The file as a whole cannot be read (type, size, encoding, columns)."""


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class Plan:
    rows: int = 0
    brokers_created: list[str] = field(default_factory=list)
    brokers_updated: list[str] = field(default_factory=list)
    licences_created: int = 0
    licences_updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    applied: bool = False
    _actions: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors


# -- reading -----------------------------------------------------------------------------------


def read_rows(data: bytes, filename: str = "") -> list[tuple[int, dict]]:
    """[(line number, {column: value})] from CSV or JSON bytes, whatever the name claims."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if b"\x00" in data[:4096]:
        raise ImportFileError("This is not a text file (CSV or JSON).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.start}); save it as CSV UTF-8."
        ) from error
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return _json_rows(stripped)
    if filename.lower().endswith(".json"):
        raise ImportFileError("The file is named .json but does not contain JSON.")
    return _csv_rows(text)


def _json_rows(text: str) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"Invalid JSON at line {error.lineno}: {error.msg}.") from error
    except RecursionError:
        # The decoder recurses once per level: thousands of [ or { exhaust Python's stack.
        raise ImportFileError(
            "The JSON is nested too deeply: it must be a list of objects whose values are "
            "text or numbers."
        ) from None
    if isinstance(data, dict):
        data = data.get("rows", data.get("brokers"))
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ImportFileError("JSON must be a list of objects (one per row).")
    _check_columns(set().union(*(row.keys() for row in data)) if data else set(COLUMNS))
    for number, row in enumerate(data, 1):
        nested = sorted(k for k, v in row.items() if isinstance(v, list | dict))
        if nested:
            raise ImportFileError(
                f"Row {number}: {', '.join(nested)} must be text or a number, "
                "not a list or an object."
            )
    return [(number, {k: _text(v) for k, v in row.items()}) for number, row in enumerate(data, 1)]


def _csv_rows(text: str) -> list[tuple[int, dict]]:
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise ImportFileError("The CSV file has no header row.")
    header = [name.strip() for name in reader.fieldnames]
    reader.fieldnames = header
    _check_columns(set(header))
    rows = []
    for row in reader:
        if None in row:
            raise ImportFileError(f"Line {reader.line_num}: more values than columns.")
        rows.append((reader.line_num, {k: _text(v) for k, v in row.items()}))
    return rows


def _check_columns(columns: set[str]) -> None:
    missing = REQUIRED - columns
    unknown = columns - set(COLUMNS) - set(SCORE_COLUMNS)
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(sorted(missing)))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(sorted(unknown)))
        raise ImportFileError("; ".join(parts).capitalize() + f". Expected: {', '.join(COLUMNS)}.")


def _text(value) -> str:
    text = "" if value is None else str(value).strip()
    # Undo export_csv's guard, so that an exported file imports back unchanged.
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


# -- planning ----------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    """Brokers whose names differ only in spacing, case, accents or punctuation."""
    return re.sub(r"[^a-z0-9]", "", fold(name))


def _date(value: str, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{column} “{value}” is not a date (YYYY-MM-DD)") from error


def plan_import(
    rows: Iterable[tuple[int, dict]], progress: Callable[[int], None] | None = None
) -> Plan:
    """Validate every row and prepare the writes, without writing anything."""
    plan = Plan()
    regulators = {r.abbreviation.lower(): r for r in Regulator.objects.all()}
    brokers = {b.slug: b for b in Broker.objects.all()}
    by_key = {_name_key(b.name): b for b in brokers.values()}
    licences = {
        (licence.regulator_id, licence_number_key(licence.number)): licence
        for licence in Licence.objects.select_related("broker")
    }
    seen_licences: dict[tuple, int] = {}
    file_brokers: dict[str, dict] = {}
    for count, (line, row) in enumerate(rows, 1):
        plan.rows += 1
        if progress:
            progress(count)
        try:
            _plan_row(
                plan, line, row, regulators, brokers, by_key, licences, seen_licences, file_brokers
            )
        except ValueError as error:
            plan.errors.append(RowError(line, str(error)))
    return plan


def _plan_row(plan, line, row, regulators, brokers, by_key, licences, seen_licences, file_brokers):
    name = row.get("broker_name", "")
    if not name:
        raise ValueError("broker_name is empty")
    slug = ascii_slug(name, 100)
    if not slug:
        raise ValueError(f"broker_name “{name}” has no letter or digit")
    if slug in RESERVED_SLUGS:
        raise ValueError(f"broker_name “{name}” would take the reserved address “{slug}”")
    website = row.get("website", "")
    if website:
        try:
            _URL(website)
        except ValidationError as error:
            raise ValueError(f"website “{website}” is not a valid http(s) URL") from error
    country = row.get("country", "").upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"country “{row['country']}” is not a two-letter code")
    scores = {}
    for column in SCORE_COLUMNS:
        if row.get(column):
            try:
                value = Decimal(row[column].replace(",", "."))
            except InvalidOperation as error:
                raise ValueError(f"{column} “{row[column]}” is not a number") from error
            if not value.is_finite() or not Decimal(0) <= value <= Decimal(10):
                raise ValueError(f"{column} {value} is outside 0–10")
            scores[column] = value

    regulator_code = row.get("regulator", "")
    number = normalize_licence_number(row.get("licence_number", ""))
    licence_fields = None
    if regulator_code or number:
        regulator = regulators.get(regulator_code.lower())
        if regulator is None:
            raise ValueError(f"unknown regulator “{regulator_code}”")
        if not number:
            raise ValueError("licence_number is empty")
        status = (row.get("status") or LicenceStatus.ACTIVE).lower()
        if status not in LicenceStatus.values:
            raise ValueError(
                f"status “{row['status']}” is not one of {', '.join(LicenceStatus.values)}"
            )
        effective = _date(row.get("effective_date", ""), "effective_date")
        expiry = _date(row.get("expiry_date", ""), "expiry_date")
        if effective and expiry and expiry < effective:
            raise ValueError("expiry_date is before effective_date")
        key = (regulator.pk, licence_number_key(number))
        if key in seen_licences:
            raise ValueError(
                f"licence {regulator.abbreviation} {number} already on line {seen_licences[key]}"
            )
        seen_licences[key] = line
        licence_fields = {
            "regulator": regulator,
            "number": number,
            "status": status,
            "licence_type_vi": row.get("licence_type_vi", ""),
            "licence_type_en": row.get("licence_type_en", ""),
            "licensee_name": row.get("licensee_name", ""),
            "approved_domains": "\n".join(normalize_domains(row.get("approved_domains", ""))),
            "effective_date": effective,
            "expiry_date": expiry,
        }

    existing = brokers.get(slug)
    similar = by_key.get(_name_key(name))
    if existing is None and similar is not None and similar.slug != slug:
        plan.warnings.append(
            RowError(
                line,
                f"“{name}” looks like the existing broker “{similar.name}”; it is imported "
                "as a separate broker, check it is not a duplicate",
            )
        )
    earlier = file_brokers.get(_name_key(name))
    if earlier and earlier["slug"] != slug:
        plan.warnings.append(
            RowError(line, f"“{name}” looks like “{earlier['name']}” on line {earlier['line']}")
        )
    file_brokers.setdefault(_name_key(name), {"slug": slug, "name": name, "line": line})

    broker_fields = {
        k: v
        for k, v in {
            "name": name,
            "abbreviation": row.get("abbreviation", ""),
            "website": website,
            "country": country,
            **scores,
        }.items()
        if v != ""
    }
    aliases = [a.strip() for a in re.split(r"[;|]", row.get("aliases", "")) if a.strip()]
    if existing is None and slug not in plan.brokers_created:
        plan.brokers_created.append(slug)
    elif existing is not None and slug not in plan.brokers_updated:
        plan.brokers_updated.append(slug)
    if licence_fields is not None:
        current = licences.get((licence_fields["regulator"].pk, licence_number_key(number)))
        if current is not None and current.broker.slug != slug:
            raise ValueError(
                f"licence {regulator_code} {number} belongs to “{current.broker.name}”"
            )
        if current is None:
            plan.licences_created += 1
        else:
            plan.licences_updated += 1
        licence_fields["pk"] = current.pk if current is not None else None
    plan._actions.append(lambda: _write(slug, broker_fields, aliases, licence_fields))


def _write(slug, broker_fields, aliases, licence_fields):
    broker = Broker.objects.filter(slug=slug).first() or Broker(slug=slug)
    for key, value in broker_fields.items():
        setattr(broker, key, value)
    broker.save()
    for alias in aliases:
        if not broker.aliases.filter(name__iexact=alias).exists():
            BrokerAlias.objects.create(broker=broker, name=alias)
    if licence_fields is not None:
        fields = dict(licence_fields)
        pk = fields.pop("pk")
        licence = Licence.objects.get(pk=pk) if pk else Licence()
        for key, value in fields.items():
            setattr(licence, key, value)
        licence.broker = broker
        licence.save()
    refresh_broker(broker.pk)


def apply(plan: Plan) -> Plan:
    """Write everything the plan holds, or nothing when any row failed."""
    if not plan.ok:
        return plan
    with transaction.atomic():
        for action in plan._actions:
            action()
    plan.applied = True
    return plan


def import_file(
    data: bytes,
    filename: str = "",
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    plan = plan_import(read_rows(data, filename), progress)
    return plan if dry_run else apply(plan)


# -- export ------------------------------------------------------------------------------------


def export_rows() -> list[dict]:
    rows = []
    brokers = Broker.objects.prefetch_related("aliases", "licences__regulator").order_by("name")
    for broker in brokers:
        base = {
            "broker_name": broker.name,
            "abbreviation": broker.abbreviation,
            "website": broker.website,
            "country": broker.country,
            "aliases": "; ".join(a.name for a in broker.aliases.all()),
        }
        base.update({c: str(getattr(broker, c)) for c in SCORE_COLUMNS})
        licences = list(broker.licences.all()) or [None]
        for licence in licences:
            row = {**base, **dict.fromkeys(COLUMNS[5:], "")}
            if licence is not None:
                row.update(
                    {
                        "regulator": licence.regulator.abbreviation,
                        "licence_number": licence.number,
                        "licence_type_vi": licence.licence_type_vi,
                        "licence_type_en": licence.licence_type_en,
                        "licensee_name": licence.licensee_name,
                        "approved_domains": "; ".join(licence.domains),
                        "effective_date": licence.effective_date.isoformat()
                        if licence.effective_date
                        else "",
                        "expiry_date": licence.expiry_date.isoformat()
                        if licence.expiry_date
                        else "",
                        "status": licence.status,
                    }
                )
            rows.append(row)
    return rows


def export_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS + SCORE_COLUMNS)
    writer.writeheader()
    writer.writerows(
        {column: formula_safe(value) for column, value in row.items()} for row in export_rows()
    )
    return buffer.getvalue()


def export_json() -> str:
    return json.dumps(export_rows(), ensure_ascii=False, indent=1)
