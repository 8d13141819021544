from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "infofinance.core"
    label = "core"
    verbose_name = "Info Finance core"

    def ready(self):
        # routing: its receivers drop the routing snapshot in every process, the worker included
        # (which may publish a home page on schedule without ever loading the URLconf).
        from . import pageurls, routing, signals, sitecache  # noqa: F401

        sitecache.share_site_root_paths()
        pageurls.install()
