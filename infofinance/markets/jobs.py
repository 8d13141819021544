"""The markets' periodic jobs (the worker runs each once a minute). Safe to run twice: a source
is imported only when its interval has passed since its last run, and an import that changes
nothing writes nothing."""

import logging

logger = logging.getLogger(__name__)


def import_sources() -> None:
    """Each enabled ImportSource that is due, fetched through the safe-fetch module and
    imported (all or nothing) as releases or as prices (its `content`); one refused source
    does not stop the others. Staging rows of imports that never finished are cleared."""
    from . import imports

    imports.clear_stale_staging()
    for source in imports.due_sources():
        try:
            release_import = imports.import_url(source)
        except imports.ImportRefused as refused:
            logger.warning(
                "markets import source %s refused: %s",
                source.pk,
                "; ".join(str(error) for error in refused.errors[:5]),
            )
            continue
        logger.info(
            "markets import source %s (%s): %s created, %s updated, %s unchanged",
            source.pk,
            source.content,
            release_import.created,
            release_import.updated,
            release_import.unchanged,
        )


JOBS = [("import-sources", import_sources)]


def register() -> None:
    from infofinance.wiring.periodic import periodic_job

    for name, job in JOBS:
        periodic_job(f"markets.{name}")(job)
