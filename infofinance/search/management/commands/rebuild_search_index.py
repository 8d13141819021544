import sys
import time

from django.core.management.base import BaseCommand

from infofinance.search import index


class Command(BaseCommand):
    help = "Recreate the site search index (articles, brokers, regulators, ...) from scratch."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the index has documents."
        )
        parser.add_argument(
            "--exclusive",
            action="store_true",
            help="PostgreSQL: create the full-text indexes once at the end (several times "
            "faster for a big index); searches wait until the rebuild is done.",
        )

    def handle(self, *args, batch, if_empty, exclusive, **options):
        from infofinance.search.models import SearchDocument

        if if_empty and SearchDocument.objects.exists():
            self.stdout.write("search index already built")
            return
        started = time.monotonic()

        def progress(kind: str, done: int, total: int) -> None:
            filled = int(30 * done / total) if total else 30
            sys.stderr.write(f"\r{kind:<10} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
            if done >= total:
                sys.stderr.write("\n")

        counts = index.rebuild(batch=batch, progress=progress, exclusive=exclusive)
        summary = ", ".join(f"{kind}: {count}" for kind, count in counts.items())
        self.stdout.write(f"search index rebuilt in {time.monotonic() - started:.1f} s ({summary})")
