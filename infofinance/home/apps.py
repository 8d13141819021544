from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "infofinance.home"
    label = "home"
    verbose_name = "Home"
