from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "infofinance.demo"
    label = "demo"
    verbose_name = "Demo content"
