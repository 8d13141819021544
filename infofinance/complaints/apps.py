from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "infofinance.complaints"
    label = "complaints"
    verbose_name = "Complaint centre"

    def ready(self):
        from django.db.models.signals import post_migrate

        from infofinance.wiring import personal_data

        from . import erasure, search, services, setup, sitemaps

        personal_data.register("complaints", export=services.export_for, erase=erasure.erase_for)
        search.register()
        sitemaps.register()
        post_migrate.connect(setup.ensure_groups, sender=self, dispatch_uid="complaints-groups")

        from infofinance.wiring import slots

        from . import blocks

        slots.register("home.head", blocks.home_stylesheet, order=50)
        slots.register("home.blocks", blocks.home_latest, order=50)
        slots.register("broker.community", blocks.broker_block, order=50)

        from . import cache

        cache.register()  # what its changes make stale in the page cache

        from infofinance.wiring import routes

        from .models import RESERVED_SLUGS

        routes.prefix("complaints", vi="khieu-nai", en="complaints", title="public complaints")

        routes.reserve("complaints", RESERVED_SLUGS)  # a public complaint's slug may not take one
