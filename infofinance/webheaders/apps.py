from django.apps import AppConfig


class WebHeadersConfig(AppConfig):
    name = "infofinance.webheaders"
    label = "webheaders"
    verbose_name = "Web headers"

    def ready(self):
        from . import choosers

        choosers.install()
