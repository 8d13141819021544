"""`manage.py import_releases FILE [--format csv|json|ics]`: releases from a file, all rows or
none (infofinance/markets/imports.py). Progress on stderr; the errors listed by line and a
non-zero exit when the file is refused."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from infofinance.markets import imports
from infofinance.markets.models import ImportFormat

STEPS = {
    "validate": "checking",
    "stage": "writing",
    "compare": "comparing",
    "write": "writing",
    "publish": "publishing",
}


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return {"ical": "ics", "ics": "ics", "json": "json"}.get(suffix, "csv")


class Command(BaseCommand):
    help = "Import releases from a CSV, JSON or iCalendar file: all rows or none."

    def run(self, data: bytes, fmt: str, **options):
        return imports.import_file(data, fmt, **options)

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format",
            choices=ImportFormat.values,
            help="The file's format (default: from its extension, else csv).",
        )
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, path, format=None, quiet_progress=False, **options):
        fmt = format or guess_format(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        shown = {"step": None}

        def progress(step: str, done: int, total: int) -> None:
            if quiet_progress:
                return
            label = STEPS.get(step, step)
            if total and (done == total or done % max(1, total // 100) == 0 or done == 0):
                filled = int(30 * done / total)
                percent = int(100 * done / total)
                sys.stderr.write(
                    f"\r{label:<10} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% "
                    f"{done}/{total}"
                )
                shown["step"] = step
                if done == total:
                    sys.stderr.write("\n")
            sys.stderr.flush()

        try:
            release_import = self.run(data, fmt, filename=path.name, progress=progress)
        except imports.ImportRefused as refused:
            if shown["step"]:
                sys.stderr.write("\n")
            for error in refused.errors:
                self.stderr.write(self.style.ERROR(str(error)))
            raise CommandError(
                f"{len(refused.errors)} error(s); nothing was imported from {path.name}."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"imported {path.name}: {release_import.created} created, "
                f"{release_import.updated} updated, {release_import.unchanged} unchanged "
                f"(import {release_import.pk})."
            )
        )
