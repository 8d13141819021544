from django.core.management.base import BaseCommand

from infofinance.pagecache import store


class Command(BaseCommand):
    help = "Make every cached page stale (run at each deployment: templates or code changed)."

    def handle(self, *args, **options):
        store.invalidate()
        self.stdout.write("page cache: every cached page is now stale")
