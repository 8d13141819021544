from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "infofinance.complaints"
    label = "complaints"
    verbose_name = "Complaint centre"

    def ready(self):
        from django.db.models.signals import post_migrate

        from infofinance.core import personal_data

        from . import erasure, search, services, setup, sitemaps

        personal_data.register("complaints", export=services.export_for, erase=erasure.erase_for)
        search.register()
        sitemaps.register()
        post_migrate.connect(setup.ensure_groups, sender=self, dispatch_uid="complaints-groups")

        from . import cache

        cache.register()  # what its changes make stale in the page cache
