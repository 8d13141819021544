"""Write docs/routes.md from the route registry (`--check`: fail when it is stale)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import get_resolver

from infofinance.wiring import routes


def doc_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "routes.md"


def generated() -> str:
    get_resolver().url_patterns  # noqa: B018 - the URLconf registers the project's own redirects
    return routes.markdown()


class Command(BaseCommand):
    help = "Write docs/routes.md from the route registry (infofinance.wiring.routes)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")

    def handle(self, *args, check=False, **options):
        path, text = doc_path(), generated()
        if check:
            if not path.exists() or path.read_text() != text:
                raise CommandError(f"{path} is stale: run `manage.py routes_doc`")
            return
        path.write_text(text)
        self.stdout.write(f"wrote {path}")
