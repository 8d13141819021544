from django.core.management.base import BaseCommand

from infofinance.demo.services import has_content, load_demo


class Command(BaseCommand):
    help = "Load the demo content into an empty site (does nothing when articles exist)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when articles exist (adds a second copy).",
        )

    def handle(self, *args, force, **options):
        from infofinance.demo.brokers import has_brokers, load_brokers

        if has_brokers() and not force:
            self.stdout.write("demo brokers: the Brokers Hub already has brokers; nothing loaded")
        else:
            self.stdout.write(f"demo brokers loaded: {load_brokers()} brokers")
        from infofinance.demo.complaints import load_demo as load_complaints

        self.stdout.write(load_complaints())  # readers, reviews, complaints: only when absent
        if has_content() and not force:
            self.stdout.write("demo content: the site already has articles; nothing loaded")
        else:
            counts = load_demo(progress=lambda message: self.stdout.write(f"  {message}"))
            from infofinance.demo.brokers import link_articles_to_named_brokers

            counts["links"] = link_articles_to_named_brokers()
            self.stdout.write(
                self.style.SUCCESS(
                    "demo content loaded: {articles} articles, {pages} pages, {authors} authors, "
                    "{tags} tags, {links} links from articles to brokers".format(**counts)
                )
            )
        from infofinance.demo.events import load_events

        # After the articles and brokers its events link to; a site from before events gets
        # them on its next `make run`.
        self.stdout.write(load_events())
        from infofinance.demo.markets import load_markets

        # After the articles it links to; a site from before the markets gets them on its next
        # `make run`.
        self.stdout.write(load_markets())
        from infofinance.demo.banners import load_banners

        # After the brokers its advertiser is; saved through the banners' own checks.
        self.stdout.write(load_banners())
