from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "infofinance.pages"
    label = "pages"
    verbose_name = "Standard pages"

    def ready(self):
        from . import signals  # noqa: F401
