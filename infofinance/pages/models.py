from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from infofinance.core.pages import BasePage
from infofinance.core.structured_data import breadcrumb_list
from infofinance.news.blocks import ArticleBodyBlock


class StandardPage(BasePage):
    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    show_in_footer = models.BooleanField(_("link in the footer"), default=True)

    content_panels = [*BasePage.content_panels, FieldPanel("lead"), FieldPanel("body")]
    promote_panels = [*BasePage.promote_panels, FieldPanel("show_in_footer")]
    search_fields = [*BasePage.search_fields, index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        context["page_breadcrumbs"] = [(home.title, home.url)]
        context["structured_data"] = [
            breadcrumb_list(context["page_breadcrumbs"], (self.title, self.url))
        ]
        return context
