"""A release as it was shown at a given time: the newest revision at or before that time
(every change by hand or by import keeps one, markets.services.releases)."""

from datetime import date, datetime
from decimal import Decimal

from ..models import Release, ReleaseRevision

FIGURES = ("actual", "forecast", "previous", "revised_previous")


def decoded(values: dict) -> dict:
    """A revision's JSON values with their types back: Decimals, a date, an aware datetime."""
    result = dict(values)
    for name in FIGURES:
        if result.get(name) is not None:
            result[name] = Decimal(result[name])
    if result.get("period_start"):
        result["period_start"] = date.fromisoformat(result["period_start"])
    if result.get("scheduled_at"):
        result["scheduled_at"] = datetime.fromisoformat(result["scheduled_at"])
    return result


def release_as_of(release: Release | int, at: datetime) -> dict | None:
    """The values shown at `at` (decoded), or None when the release had no revision yet."""
    release_id = release.pk if isinstance(release, Release) else release
    revision = (
        ReleaseRevision.objects.filter(release_id=release_id, at__lte=at)
        .order_by("-at", "-pk")
        .only("values")
        .first()
    )
    return decoded(revision.values) if revision is not None else None


def revisions_of(release: Release | int):
    """The release's revisions, newest first, with who or which import made them; each
    carries `shown` (its decoded values) once listed."""
    release_id = release.pk if isinstance(release, Release) else release
    revisions = list(
        ReleaseRevision.objects.filter(release_id=release_id)
        .select_related("actor", "release_import")
        .order_by("-at", "-pk")
    )
    for revision in revisions:
        revision.shown = decoded(revision.values)
    return revisions
