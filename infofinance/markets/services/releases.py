"""Writes of releases: every creation and change goes through `save_release`, which validates,
copies the indicator's country and category onto the row, keeps a `ReleaseRevision` (the
values after the change) and, once the transaction has committed, publishes

- `markets.release_changed` (release_id, indicator_id, old_scheduled_at: the UTC time before
  the change as ISO 8601, None for a new release) for every change, and
- `markets.actual_recorded` (release_id) when the actual went from empty to a value.

Nothing changed → nothing written, no revision, no event. Imports (markets.imports) write in
bulk but keep the same revisions (`revision_values`) and events."""

import zoneinfo
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infofinance.wiring import events

from ..models import (
    Importance,
    Indicator,
    PeriodKind,
    Release,
    ReleaseRevision,
    ReleaseStatus,
)

FIGURES = ("actual", "forecast", "previous", "revised_previous")
# The values a revision keeps, in this order.
REVISED = (
    "indicator",
    "period_kind",
    "period_start",
    "scheduled_at",
    "entered_zone",
    "status",
    "importance",
    *FIGURES,
)
# A figure has at most 14 digits before the point and 6 after (the models' FIGURE).
MAX_INTEGER_DIGITS = 14
MAX_DECIMAL_PLACES = 6
RELEASE_CHANGED = "markets.release_changed"
ACTUAL_RECORDED = "markets.actual_recorded"


# -- values ------------------------------------------------------------------------------


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_error(name: str) -> str | None:
    if not name or name not in known_zones():
        return str(
            _("“%(zone)s” is not a known time zone (an IANA name such as America/New_York).")
            % {"zone": name}
        )
    return None


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in `zone_name` as UTC. A time the clocks skip (spring forward) or
    show twice (fall back) is refused with a message naming the problem: staff then enter
    the time again, or in UTC."""
    if error := zone_error(zone_name):
        raise ValidationError(error)
    zone = zoneinfo.ZoneInfo(zone_name)
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    in_utc = first.astimezone(UTC)
    if in_utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _("%(time)s does not exist in %(zone)s: the clocks move forward then. Check the time.")
            % {"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
        )
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            _(
                "%(time)s happens twice in %(zone)s (the clocks move back): enter the time "
                "in UTC instead (%(first)s or %(second)s UTC)."
            )
            % {
                "time": naive.strftime("%Y-%m-%d %H:%M"),
                "zone": zone_name,
                "first": first.astimezone(UTC).strftime("%H:%M"),
                "second": second.astimezone(UTC).strftime("%H:%M"),
            }
        )
    return in_utc


def utc_to_local(moment: datetime, zone_name: str) -> datetime:
    """The naive wall-clock time of `moment` in the zone (for forms)."""
    zone = zoneinfo.ZoneInfo(zone_name if zone_name in known_zones() else "UTC")
    return moment.astimezone(zone).replace(tzinfo=None)


def figure_error(
    value, *, places: int = MAX_DECIMAL_PLACES, integers: int = MAX_INTEGER_DIGITS
) -> str | None:
    """Why a figure cannot be kept (not finite, more than `places` digits after the point or
    `integers` before it), or None. Prices pass their own limits (price_imports)."""
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        return str(_("Not a number."))
    _sign, digits, exponent = value.normalize().as_tuple()
    if not isinstance(exponent, int):  # NaN and infinities were refused above
        return str(_("Not a number."))
    if max(-exponent, 0) > places:
        return str(_("At most %(places)s digits after the decimal point.") % {"places": places})
    if max(len(digits) + exponent, 0) > integers:
        return str(_("The number is too large."))
    return None


def to_decimal(value) -> Decimal | None:
    """A figure from a form, a file or code: None, a Decimal, an int or a string with a dot.
    Raises ValueError for anything else (a comma-decimal included)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip()
    if "," in text:
        raise ValueError("comma")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError("not a number") from error
    if not number.is_finite():
        raise ValueError("not a number")
    return number


def plain(value: Decimal | None) -> str | None:
    """A Decimal as a plain string with a dot, without trailing zeros ("2.5", "10")."""
    if value is None:
        return None
    normal = value.normalize()
    text = format(normal, "f")
    return "0" if text in ("-0", "") else text


def period_start_for(kind: str, day: date) -> date:
    """The first day of the period holding `day` (meetings keep their day)."""
    if kind == PeriodKind.MONTH:
        return day.replace(day=1)
    if kind == PeriodKind.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if kind == PeriodKind.YEAR:
        return date(day.year, 1, 1)
    return day


def revision_values(row) -> dict:
    """The values of a release (or of a staged import row) as a revision keeps them: JSON,
    Decimals as strings with a dot, the time in UTC ISO 8601."""
    scheduled = row.scheduled_at
    if timezone.is_aware(scheduled):
        scheduled = scheduled.astimezone(UTC)
    return {
        "indicator": row.indicator_id,
        "period_kind": row.period_kind,
        "period_start": row.period_start.isoformat(),
        "scheduled_at": scheduled.isoformat(),
        "entered_zone": row.entered_zone,
        "status": row.status,
        "importance": int(row.importance),
        **{name: plain(getattr(row, name)) for name in FIGURES},
    }


# -- writes ------------------------------------------------------------------------------


def _indicator(value) -> Indicator | None:
    if isinstance(value, Indicator):
        return value
    if value in (None, ""):
        return None
    query = Indicator.objects.all()
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return query.filter(pk=int(value)).first()
    return query.filter(code=str(value)).first()


def _apply(release: Release, values: dict, *, is_new: bool, now: datetime) -> None:
    """Copy `values` onto `release`, validating as it goes; raises one ValidationError with
    every field's errors."""
    errors: dict[str, list] = {}

    def fail(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    if "indicator" in values or is_new:
        indicator = _indicator(values.get("indicator"))
        if indicator is None:
            fail("indicator", _("Choose a known indicator."))
        else:
            release.indicator = indicator
    indicator = release.indicator if release.indicator_id else None
    if indicator is not None:
        release.country = indicator.country
        release.category = indicator.category
        unit = values.get("unit")
        if unit not in (None, "") and unit != indicator.unit:
            fail(
                "unit",
                _("The unit “%(unit)s” is not the indicator's (%(expected)s).")
                % {"unit": unit, "expected": indicator.unit},
            )

    if "entered_zone" in values or is_new:
        release.entered_zone = (
            values.get("entered_zone") or (indicator.release_zone if indicator else "") or ""
        )
    if error := zone_error(release.entered_zone):
        fail("entered_zone", error)

    if "period_kind" in values or is_new:
        release.period_kind = values.get("period_kind") or (
            indicator.period_kind if indicator else ""
        )
    if release.period_kind not in PeriodKind.values:
        fail("period_kind", _("Choose a kind of period."))
    if "period_start" in values or is_new:
        day = values.get("period_start")
        if isinstance(day, datetime):
            day = day.date()
        if not isinstance(day, date):
            fail("period_start", _("Enter the period's first day."))
        elif release.period_kind in PeriodKind.values:
            release.period_start = period_start_for(release.period_kind, day)

    if "scheduled_at" in values or "scheduled_local" in values or is_new:
        moment = values.get("scheduled_at") or values.get("scheduled_local")
        if not isinstance(moment, datetime):
            fail("scheduled_at", _("Enter the scheduled date and time."))
        elif timezone.is_aware(moment):
            release.scheduled_at = moment.astimezone(UTC)
        elif "entered_zone" not in errors:
            try:
                release.scheduled_at = local_to_utc(moment, release.entered_zone)
            except ValidationError as error:
                for message in error.messages:
                    fail("scheduled_at", message)

    if "status" in values or is_new:
        release.status = values.get("status") or ReleaseStatus.SCHEDULED
    if release.status not in ReleaseStatus.values:
        fail("status", _("Choose a status."))

    if "importance" in values or is_new:
        importance = values.get("importance")
        if importance in (None, ""):
            importance = indicator.importance if indicator else Importance.MEDIUM
        try:
            release.importance = int(importance)
        except (TypeError, ValueError):
            release.importance = 0
    if release.importance not in Importance.values:
        fail("importance", _("Choose an importance from 1 to 3."))

    for name in FIGURES:
        if name not in values:
            continue
        try:
            number = to_decimal(values[name])
        except ValueError as error:
            fail(
                name,
                _("Write the number with a dot for decimals, e.g. 2.5.")
                if str(error) == "comma"
                else _("Not a number."),
            )
            continue
        if problem := figure_error(number):
            fail(name, problem)
            continue
        setattr(release, name, number)

    scheduled = release.scheduled_at if "scheduled_at" not in errors else None
    if release.actual is not None and scheduled is not None:
        if scheduled > now:
            fail(
                "actual",
                _("This release is scheduled in the future: its actual cannot be known yet."),
            )
        elif release.status == ReleaseStatus.CANCELLED:
            fail("actual", _("A cancelled release has no actual."))
        elif release.status in (ReleaseStatus.SCHEDULED, ReleaseStatus.TENTATIVE):
            release.status = ReleaseStatus.RELEASED  # the actual is out
    if release.status == ReleaseStatus.RELEASED and scheduled is not None and scheduled > now:
        fail("status", _("A release scheduled in the future cannot be released yet."))

    if not errors and indicator is not None:
        clash = Release.objects.filter(
            indicator=indicator,
            period_kind=release.period_kind,
            period_start=release.period_start,
        ).exclude(pk=release.pk)
        if clash.exists():
            fail("period_start", _("This indicator already has a release for this period."))
    if errors:
        raise ValidationError(errors)


# What places a release among its indicator's last 24 with both figures, or changes its gap.
TYPICAL_INPUTS = ("indicator", "period_start", "actual", "forecast")


def refresh_typical_surprises(indicator_ids) -> None:
    """Store each indicator's typical surprise (`Indicator.typical_surprise`: the median
    |actual - forecast| of its last 24 releases with both figures), after its releases were
    written, in the writer's transaction. The indicators' rows are locked first (in pk order),
    so two writers of the same indicator store the median in turn, each with the other's
    releases: never one that misses a committed change. Two queries and an UPDATE per
    indicator whose figure moved."""
    from ..selectors.calendar import typical_surprises

    ids = sorted({pk for pk in indicator_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        stored = {
            pk: (typical, known)
            for pk, typical, known in Indicator.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "typical_surprise", "typical_surprise_known")
        }
        computed = typical_surprises(stored)
        for pk, (typical, known) in stored.items():
            value = computed.get(pk)
            if known and typical == value:
                continue
            Indicator.objects.filter(pk=pk).update(
                typical_surprise=value, typical_surprise_known=True
            )


def save_release(
    release: Release | None,
    *,
    values: dict,
    actor=None,
    release_import=None,
    note: str = "",
) -> Release:
    """Create (`release` None) or change a release from `values`:

    indicator (an Indicator, its pk or code), period_kind (the indicator's by default),
    period_start (a date; moved to its period's first day), scheduled_at (aware: that moment;
    naive: a wall-clock time in entered_zone, also accepted as scheduled_local), entered_zone
    (the indicator's release zone by default), status, importance (the indicator's by
    default), actual, forecast, previous, revised_previous (Decimals, ints or strings with a
    dot; "" or None for none) and, to check it, unit.

    On a change only the given keys change. Raises ValidationError keyed by field."""
    now = timezone.now()
    with transaction.atomic():
        if release is None or release.pk is None:
            target, before = Release(), None
            is_new = True
        else:
            target = Release.objects.select_for_update().get(pk=release.pk)
            before = revision_values(target)
            is_new = False
        actual_before = target.actual
        old_scheduled = target.scheduled_at if not is_new else None
        _apply(target, values, is_new=is_new, now=now)
        after = revision_values(target)
        if after == before:
            return target
        if actual_before is None and target.actual is not None:
            target.actual_recorded_at = now
        elif target.actual is None:
            target.actual_recorded_at = None
        target.save()
        if before is None or any(before[name] != after[name] for name in TYPICAL_INPUTS):
            refresh_typical_surprises({target.indicator_id, (before or {}).get("indicator")})
        ReleaseRevision.objects.create(
            release=target,
            at=now,
            values=after,
            actor=actor if getattr(actor, "pk", None) else None,
            release_import=release_import,
            note=note[:300],
        )
        events.publish(
            RELEASE_CHANGED,
            release_id=target.pk,
            indicator_id=target.indicator_id,
            old_scheduled_at=old_scheduled.astimezone(UTC).isoformat() if old_scheduled else None,
        )
        if actual_before is None and target.actual is not None:
            events.publish(ACTUAL_RECORDED, release_id=target.pk)
    if release is not None and release is not target:
        release.refresh_from_db()
    return target


def record_actual(release: Release, *, actual, actor=None) -> Release:
    """The actual is out: recorded (the release becomes released), with its revision."""
    return save_release(
        release,
        values={"actual": actual},
        actor=actor,
        note=str(_("actual recorded")),
    )
