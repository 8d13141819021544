from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "infofinance.complaints"
    label = "complaints"
    verbose_name = "Complaint centre"

    def ready(self):
        from django.db.models.signals import post_migrate

        from infofinance.wiring import personal_data

        from . import erasure, search, services, setup, sitemaps

        personal_data.register(
            "complaints",
            export=services.export_for,
            erase=erasure.erase_for,
            export_for_address=services.export_for_address,
            erase_for_address=services.erase_for_address,
        )
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

        # Its reserved slugs: models.RESERVED_SLUGS (routes.reserve, where the check uses them).
        routes.prefix("complaints", vi="khieu-nai", en="complaints", title="public complaints")

        from infofinance.wiring import events

        from . import notifications  # what the complainant is told, by e-mail, in the worker

        events.subscribe("complaints.sent", notifications.send_receipt)
        events.subscribe("complaints.status_changed", notifications.send_status_change)
        events.subscribe("complaints.public_update", notifications.send_public_update)
        events.subscribe("complaints.held", notifications.send_held_alert)  # to the managers
