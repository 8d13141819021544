"""Prices of the instruments: one quote written (or corrected) at a time, validated, upserted on
(instrument, at); the event `markets.price_recorded` is published after the commit."""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infofinance.wiring import events

from ..models import Instrument, Price

# A quote stamped a little ahead of the server's clock (a provider's clock drifts) is taken;
# one further ahead is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=5)
PRICE_RECORDED = "markets.price_recorded"


def _decimal(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {field: _("Enter a number with a dot as the decimal separator.")}, code="invalid"
        ) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a finite number.")}, code="invalid")
    if number <= 0:
        raise ValidationError({field: _("A price must be greater than zero.")}, code="not_positive")
    return number


def _moment(at) -> datetime:
    if not isinstance(at, datetime):
        raise ValidationError({"at": _("Enter the date and time of the quote.")}, code="invalid")
    if timezone.is_naive(at):
        at = timezone.make_aware(at, timezone.get_default_timezone())
    if at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"at": _("A price cannot be dated in the future.")}, code="future")
    return at


@transaction.atomic
def record_price(
    instrument,
    *,
    at,
    close,
    open=None,
    high=None,
    low=None,
    source: str = "",
    actor=None,
) -> Price:
    """Write the quote of `instrument` (an Instrument or its pk) at `at`, replacing the one
    already stored at that instant. Raises ValidationError (localized messages, by field) for a
    close that is missing or not positive, a time more than a few minutes ahead, or a high
    below the low. `actor` is who entered it (None for an import or the demo)."""
    instrument_id = instrument.pk if isinstance(instrument, Instrument) else int(instrument)
    at = _moment(at)
    values = {
        "close": _decimal(close, "close"),
        "open": _decimal(open, "open"),
        "high": _decimal(high, "high"),
        "low": _decimal(low, "low"),
    }
    if values["close"] is None:
        raise ValidationError({"close": _("Enter the price.")}, code="required")
    if values["high"] is not None and values["low"] is not None and values["high"] < values["low"]:
        raise ValidationError({"high": _("The high cannot be below the low.")}, code="high_low")
    if not Instrument.objects.filter(pk=instrument_id).exists():
        raise ValidationError({"instrument": _("Unknown instrument.")}, code="unknown")
    price, _created = Price.objects.update_or_create(
        instrument_id=instrument_id,
        at=at,
        defaults={**values, "source": (source or "")[:160]},
    )
    from ..slots import forget_chips

    forget_chips()  # the articles' asset chips show the newest price
    events.publish(
        PRICE_RECORDED,
        instrument_id=instrument_id,
        price_id=price.pk,
        at=at.isoformat(),
        actor_id=getattr(actor, "pk", None),
    )
    return price
