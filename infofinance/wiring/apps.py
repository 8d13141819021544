from django.apps import AppConfig


class WiringConfig(AppConfig):
    """Installed for the `{% slot %}` template tag; the registries need no models."""

    name = "infofinance.wiring"
    label = "wiring"
    verbose_name = "Wiring"
