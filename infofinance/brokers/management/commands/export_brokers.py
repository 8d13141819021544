from pathlib import Path

from django.core.management.base import BaseCommand

from infofinance.brokers import importer


class Command(BaseCommand):
    help = "Export brokers and licences in the import format (CSV, or JSON for a .json path)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        text = importer.export_json() if path.suffix == ".json" else importer.export_csv()
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"exported to {path}")
