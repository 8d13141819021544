from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "infofinance.reviews"
    label = "reviews"
    verbose_name = "Broker reviews"

    def ready(self):
        from infofinance.wiring import personal_data

        from . import services

        personal_data.register("reviews", export=services.export_for, erase=services.erase_for)

        from infofinance.wiring import slots

        from . import blocks, selectors

        slots.provide("broker.rating", selectors.summary)
        slots.register("broker.community", blocks.broker_block, order=10)

        from . import cache

        cache.register()  # what its changes make stale in the page cache
