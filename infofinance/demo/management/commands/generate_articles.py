import sys

from django.core.management.base import BaseCommand

from infofinance.demo.bulk import generate_articles


class Command(BaseCommand):
    help = "Append generated articles to a news hub with bulk SQL (benchmark data)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--language", choices=["vi", "en"], default="vi")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, count, language, seed, batch, **options):
        def progress(done: int) -> None:
            filled = int(30 * done / count)
            sys.stderr.write(f"\rarticles [{'#' * filled}{'.' * (30 - filled)}] {done}/{count}")
            if done == count:
                sys.stderr.write("\n")

        generate_articles(count, language=language, seed=seed, batch=batch, progress=progress)
        self.stdout.write(f"generated {count} articles ({language})")
