from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "infofinance.home"
    label = "home"
    verbose_name = "Home"

    def ready(self):
        from . import feeds  # the home page links to the news feeds

        feeds.register()
