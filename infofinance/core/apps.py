from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "infofinance.core"
    label = "core"
    verbose_name = "Info Finance core"

    def ready(self):
        from . import signals  # noqa: F401
