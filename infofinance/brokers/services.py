"""Writes of the Brokers Hub: recomputing a broker's derived scores and warnings."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from infofinance.core.signals import content_changed
from infofinance.text.search_text import fold
from infofinance.wiring import events, slots

from . import scoring
from .badges import BadgeFacts, badge_for
from .models import Broker, Licence
from .warnings import LicenceState, WarningCode, compute_warnings

# Stored on the broker by refresh_broker, never typed in.
DERIVED_FIELDS = (
    "licence_score",
    "total_score",
    "warnings",
    "has_warnings",
    "licence_status",
    "badge",
    "search_text",
    "refreshed_on",
)


def refresh_broker(broker_id: int, today: date | None = None) -> Broker | None:
    """Recompute the licence score, total, warnings, licence status and badge of one broker
    from its licences (and its readers' reviews, for the badge) and store them; returns the
    refreshed broker."""
    today = today or timezone.localdate()
    broker: Broker | None = Broker.objects.filter(pk=broker_id).prefetch_related("aliases").first()
    if broker is None:
        return None
    licences = list(Licence.objects.filter(broker_id=broker_id).select_related("regulator"))
    facts = [
        scoring.LicenceFacts(
            tier=licence.regulator.tier,
            current=licence.is_current(today),
            days_to_expiry=(licence.expiry_date - today).days if licence.expiry_date else None,
            flagged=licence.regulator_flagged or licence.status == "clone",
        )
        for licence in licences
    ]
    warnings = compute_warnings(
        website_domain=broker.domain,
        licences=[
            LicenceState(
                licence.effective_status(today), licence.regulator_flagged, tuple(licence.domains)
            )
            for licence in licences
        ],
    )
    licence_score = scoring.licence_score(
        facts, domain_approved=WarningCode.CLONE_DOMAIN not in warnings
    )
    parts = {
        "licence": licence_score,
        "market": broker.market_score,
        "business": broker.business_score,
        "risk": broker.risk_score,
        "software": broker.software_score,
    }
    statuses = {licence.effective_status(today) for licence in licences}
    licence_status = next(
        (s for s in ("active", "expired", "suspended", "revoked", "clone") if s in statuses),
        "none",
    )
    names = [broker.name, broker.abbreviation, *(a.name for a in broker.aliases.all())]
    total = scoring.total_score(parts)
    rating = slots.value("broker.rating", broker)  # readers' reviews, when that app is installed
    badge = badge_for(
        BadgeFacts(
            total_score=total,
            has_warnings=bool(warnings),
            has_current_licence=any(fact.current for fact in facts),
            review_count=getattr(rating, "count", 0) or 0,
            review_average=getattr(rating, "average", None),
        )
    )
    changes = {
        "licence_score": licence_score,
        "total_score": total,
        "badge": badge,
        "warnings": warnings,
        "has_warnings": bool(warnings),
        "licence_status": licence_status,
        "search_text": fold(" ".join(n for n in names if n)),
        "refreshed_on": today,
    }
    changed = any(
        getattr(broker, field) != value
        for field, value in changes.items()
        if field != "refreshed_on"
    )
    previous_warnings = list(broker.warnings or [])
    Broker.objects.filter(pk=broker_id).update(**changes)
    for field, value in changes.items():
        setattr(broker, field, value)
    if changed:
        content_changed.send(sender=Broker, pks=[broker_id])
    if list(warnings) != previous_warnings:
        events.publish(
            "broker.warning_changed",
            broker_id=broker_id,
            warnings=[str(code) for code in warnings],
            previous=[str(code) for code in previous_warnings],
        )
    return broker


def save_broker(broker: Broker, today: date | None = None) -> Broker:
    """Store a broker (with its aliases and licences when it holds them in memory) and
    recompute what is derived from it: the way every writer outside the admin saves one."""
    with transaction.atomic():
        broker.save()
        refreshed = refresh_broker(broker.pk, today)
    for field in DERIVED_FIELDS:
        setattr(broker, field, getattr(refreshed, field))
    return broker


def refresh_regulator_brokers(regulator_id: int) -> None:
    """A regulator's tier or name changed: every broker it licenses is scored again."""
    ids = set(Licence.objects.filter(regulator_id=regulator_id).values_list("broker_id", flat=True))
    for broker_id in sorted(ids):
        refresh_broker(broker_id)


def refresh_stale_brokers(today: date | None = None) -> int:
    """Brokers not refreshed today (a licence may have expired overnight): the worker's daily
    pass. Returns how many were refreshed."""
    today = today or timezone.localdate()
    ids = list(Broker.objects.exclude(refreshed_on=today).values_list("pk", flat=True))
    for broker_id in ids:
        with transaction.atomic():
            refresh_broker(broker_id, today)
    return len(ids)
