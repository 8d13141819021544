from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "infofinance.reviews"
    label = "reviews"
    verbose_name = "Broker reviews"

    def ready(self):
        from infofinance.wiring import personal_data

        from . import services

        personal_data.register(
            "reviews",
            export=services.export_for,
            erase=services.erase_for,
            export_for_address=services.export_for_address,
            erase_for_address=services.erase_for_address,
        )

        from infofinance.wiring import slots

        from . import blocks, selectors

        slots.provide("broker.rating", selectors.summary)
        slots.register("broker.community", blocks.broker_block, order=10)

        from . import cache

        cache.register()  # what its changes make stale in the page cache

        from infofinance.wiring import events

        from . import notifications  # the author of a hidden review is told why

        events.subscribe("reviews.hidden", notifications.send_hidden_notice)
