from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "infofinance.home"
    label = "home"
    verbose_name = "Home"

    def ready(self):
        from infofinance.wiring import slots

        # What other apps add to the home page (home/home_page.html).
        slots.declare("home.head", "In the home page's <head>: the blocks' stylesheets.")
        slots.declare("home.top", "The top of the home page, before the hot stories.")
        slots.declare("home.blocks", "Blocks after the latest news.", separator="\n")

        from . import feeds  # the home page links to the news feeds

        feeds.register()
