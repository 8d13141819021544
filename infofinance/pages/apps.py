from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "infofinance.pages"
    label = "pages"
    verbose_name = "Standard pages"

    def ready(self):
        from infofinance.wiring import routes

        from . import signals  # noqa: F401

        routes.top_level_page("pages.StandardPage")
