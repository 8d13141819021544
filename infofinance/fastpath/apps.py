from django.apps import AppConfig


class FastPathConfig(AppConfig):
    name = "infofinance.fastpath"
    label = "fastpath"
    verbose_name = "Info Finance fast path"

    def ready(self) -> None:
        # routing: its receivers drop the routing snapshot in every process, the worker included
        # (which may publish a home page on schedule without ever loading the URLconf).
        from . import enabled, routing, sitecache  # noqa: F401

        if enabled():
            sitecache.install_site_root_paths_clearing()
