import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from infofinance.brokers import importer


class Command(BaseCommand):
    help = "Import brokers and licences from a CSV or JSON file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only.")

    def handle(self, *args, path, dry_run, **options):
        try:
            data = path.read_bytes()
            rows = importer.read_rows(data, path.name)
        except (OSError, importer.ImportFileError) as error:
            raise CommandError(str(error)) from error
        total = len(rows)

        def progress(done: int) -> None:
            if total and (done == total or done % max(1, total // 50) == 0):
                filled = int(30 * done / total)
                sys.stderr.write(f"\rchecking [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
                if done == total:
                    sys.stderr.write("\n")

        plan = importer.plan_import(rows, progress)
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(f"line {warning.line}: {warning.message}"))
        for error in plan.errors:
            self.stdout.write(self.style.ERROR(f"line {error.line}: {error.message}"))
        summary = (
            f"{plan.rows} rows: {len(plan.brokers_created)} brokers to create, "
            f"{len(plan.brokers_updated)} to update, {plan.licences_created} licences to "
            f"create, {plan.licences_updated} to update"
        )
        if not plan.ok:
            raise CommandError(f"{len(plan.errors)} bad row(s); nothing was imported. {summary}")
        if dry_run:
            self.stdout.write(f"dry run, nothing written. {summary}")
            return
        importer.apply(plan)
        self.stdout.write(self.style.SUCCESS(f"imported. {summary}"))
