from django.core.management.base import BaseCommand

from infofinance.home.services import ensure_site_structure


class Command(BaseCommand):
    help = "Create or repair the site's skeleton: locales, home pages, hubs, sections, groups."

    def handle(self, *args, **options):
        structure = ensure_site_structure()
        self.stdout.write(
            f"site ready: {len(structure.homes)} home pages, {len(structure.hubs)} hubs, "
            f"{len(structure.sections)} sections"
        )
