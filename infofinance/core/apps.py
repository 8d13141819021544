from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "infofinance.core"
    label = "core"
    verbose_name = "Info Finance core"

    def ready(self):
        from infofinance.wiring import slots

        from . import signals  # noqa: F401

        # Features' own entries in the main menu's list (components/header.html), after the
        # news sections; rendered once per language inside the header's {% chrome %} block,
        # so an entry may depend on the language only.
        slots.declare("nav.more", "Items of the main menu, after the news sections.")
        # Every page (base.html): its <head>, and the start and end of its main landmark.
        slots.declare("page.head", "In every page's <head>: stylesheets and scripts.")
        slots.declare("page.top", "Every page, first in <main>, before the page's content.")
        slots.declare("page.end", "Every page, last in <main> (fixed or modal elements).")
