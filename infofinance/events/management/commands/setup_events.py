"""`manage.py setup_events`: the events index pages and the events' staff groups (after
`setup_site`; running it again changes nothing)."""

from django.core.management.base import BaseCommand

from infofinance.events import setup


class Command(BaseCommand):
    help = "Create the events index pages (/su-kien/, /en/events/) and the events' groups."

    def handle(self, *args, **options):
        groups = setup.ensure_groups()
        pages = setup.ensure_index_pages()
        if not pages:
            self.stderr.write("No home page yet: run setup_site first, then setup_events.")
        for language, page in sorted(pages.items()):
            self.stdout.write(f"{language}: {page.url_path} (page {page.pk})")
        self.stdout.write("groups: " + ", ".join(sorted(groups)))
