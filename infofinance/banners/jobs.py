"""The banners' periodic jobs (the worker runs each every minute; each safe to run twice)."""

from infofinance.wiring.periodic import periodic_job


def schedule() -> None:
    """Start and end banners on time and purge the pages of the placements that moved."""
    from .services import apply_schedule

    apply_schedule()


def counts() -> None:
    """Copy the day's impressions and clicks from the shared cache into the database."""
    from .services import fold_counts

    fold_counts()


JOBS = [("schedule", schedule), ("counts", counts)]


def register() -> None:
    for name, job in JOBS:
        periodic_job(f"banners.{name}")(job)
