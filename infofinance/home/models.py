from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from infofinance.core import structured_data
from infofinance.core.locales import language_of
from infofinance.core.pages import BasePage, FastRoutingMixin
from infofinance.wiring import routes


class HomePage(FastRoutingMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    # The apps' top-level page types (their AppConfig.ready(), infofinance.wiring.routes).
    subpage_types = routes.TopLevelPageTypes()
    is_home = True
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from infofinance.news import selectors

        context = super().get_context(request, *args, **kwargs)
        hubs = selectors.hubs(locale=self.locale)
        cards = selectors.front_page_cards(locale=self.locale)
        context.update(
            news_hub=hubs.get("news"),
            knowledge_hub=hubs.get("knowledge"),
            pinned=cards["pinned"],
            latest=cards["latest"],
            section_blocks=cards["section_blocks"],
            knowledge=cards["knowledge"],
            structured_data=[
                structured_data.organization(),
                structured_data.website(
                    language=language_of(self.locale_id),
                    home_url=self.url,
                    search_url=reverse("search"),
                ),
            ],
        )
        return context

    def live_translations(self) -> dict[str, str]:
        """Home pages and their live translations are in the routing snapshot, read on every
        request anyway: no query (a home page the snapshot does not hold, such as a draft in
        preview, asks the database)."""
        if not hasattr(self, "_live_translations"):
            from infofinance.core import routing

            homes = {
                home.pk: home
                for home in routing.snapshot().homes.values()
                if home.translation_key == self.translation_key and home.live
            }
            if self.pk not in homes:
                return super().live_translations()
            self._live_translations = {
                language_of(home.locale_id): home.url
                for home in sorted(homes.values(), key=lambda home: home.path)
            }
        return self._live_translations
