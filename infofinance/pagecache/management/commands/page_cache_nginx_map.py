from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from infofinance.pagecache import nginx


class Command(BaseCommand):
    help = (
        "Print nginx's map of the query parameters in the page-cache key, generated from the "
        "parameters the apps register; --write rewrites the generated block of an nginx "
        "configuration, --check fails when it is out of date."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--write", metavar="FILE", help="rewrite FILE's generated block")
        action.add_argument("--check", metavar="FILE", help="fail if FILE's block is stale")

    def handle(self, *args, write=None, check=None, **options):
        try:
            if not (write or check):
                self.stdout.write(nginx.render_map(), ending="")
                return
            path = Path(write or check)
            current = path.read_text()
            generated = nginx.fill(current)
        except (OSError, ValueError) as error:
            raise CommandError(error) from error
        if check:
            if generated != current:
                raise CommandError(
                    f"{path}: the page-cache parameters are out of date; run "
                    f"manage.py page_cache_nginx_map --write {path}"
                )
        elif generated != current:
            path.write_text(generated)
