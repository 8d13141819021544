from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "infofinance.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.db.models.signals import post_migrate

        from infofinance.wiring import events, personal_data, routes, slots
        from infofinance.wiring.periodic import periodic_job

        from . import (
            cache,
            erasure,
            feeds,
            jobs,
            notifications,
            search,
            setup,
            signals,  # noqa: F401 - publication copies the facts to the Event row
            sitemaps,
        )
        from . import slots as our_slots

        # The index is a page under each home page (its slug is fixed: EVENT_INDEX_SLUGS).
        routes.top_level_page("events.EventIndexPage")
        cache.register()  # what registrations and publications make stale in the page cache
        search.register()
        sitemaps.register()
        feeds.register()  # RSS of upcoming events (discovery serves it)
        personal_data.register(
            "events",
            export=erasure.export_for,
            erase=erasure.erase_for,
            export_for_address=erasure.export_for_address,
            erase_for_address=erasure.erase_for_address,
        )
        for name, handler in notifications.SUBSCRIPTIONS:
            events.subscribe(name, handler)  # the attendees' e-mails, sent by the worker
        for name, job in jobs.JOBS:
            periodic_job(f"events.{name}")(job)
        for slot, render, order in our_slots.ENTRIES:
            slots.register(slot, render, order=order)
        post_migrate.connect(setup.ensure_groups, sender=self, dispatch_uid="events-groups")
        post_migrate.connect(setup.ensure_index_pages, sender=self, dispatch_uid="events-index")
