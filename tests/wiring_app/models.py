from django.db import models
from wagtail.admin.panels import FieldPanel

from infofinance.core.pages import BasePage


class WiringPage(BasePage):
    """A page with a summary, only ever created by tests (not among the home page's allowed
    child types, so the editors' choices and every reader-visible page stay as they are)."""

    summary = models.TextField(blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("summary")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "wiring_app/wiring_page.html"
