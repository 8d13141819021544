from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BannersConfig(AppConfig):
    name = "infofinance.banners"
    label = "banners"
    verbose_name = _("Banners")

    def ready(self):
        from django.db.models.signals import post_migrate

        from infofinance.discovery import robots
        from infofinance.wiring import routes

        from . import cache, handlers, jobs, setup, slots

        routes.reserve(routes.ROOT, {"qc"})  # /qc/<token>/, the click redirect
        robots.disallow("/qc/")
        cache.register()  # a banner's placement's pages; counts and advertisers move nothing
        slots.register()  # the boxes on the home, article, listing and every page
        handlers.register()  # a broker's warning stops its banners; managers are told
        jobs.register()  # start and end on time, purge what moved; copy the day's counts
        post_migrate.connect(setup.ensure_groups, sender=self, dispatch_uid="banners-groups")
