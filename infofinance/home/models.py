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
            priority_id=selectors.first_image_id(cards["pinned"], cards["latest"]),
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
        """From the routing snapshot, with no query, on the fast path (its
        `routing.home_translations`); the page's own otherwise."""
        if not hasattr(self, "_live_translations"):
            from infofinance.fastpath import routing

            self._live_translations = routing.home_translations(
                self, fallback=super().live_translations
            )
        return self._live_translations
