"""Write nginx's own error pages (413, 502, 504) in both languages: run after collectstatic, so
that they link the stylesheet under its hashed name."""

from django.core.management.base import BaseCommand

from infofinance.core.error_pages import write_pages


class Command(BaseCommand):
    help = "Write the 413, 502 and 504 pages nginx serves, into STATIC_ROOT/errors/."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Another directory than STATIC_ROOT/errors/.")

    def handle(self, *args, **options):
        written = write_pages(options.get("dir"))
        if options["verbosity"]:
            self.stdout.write(f"{len(written)} error pages in {written[0].parent}")
