"""`manage.py import_prices FILE [--format csv|json]`: prices from a file, all rows or none
(infofinance/markets/price_imports.py). Progress on stderr; the errors listed by line and a
non-zero exit when the file is refused (an iCalendar file too: it holds releases)."""

from infofinance.markets import price_imports

from .import_releases import Command as ImportReleases


class Command(ImportReleases):
    help = "Import prices from a CSV or JSON file: all rows or none."

    def run(self, data: bytes, fmt: str, **options):
        return price_imports.import_file(data, fmt, **options)
