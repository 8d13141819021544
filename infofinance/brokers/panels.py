"""The article editor's list of brokers named in the text, to link with one click of the
chooser below it. Added to the article's panels by this app (the newsroom does not import it)."""

from wagtail.admin.panels import Panel


class BrokerSuggestionsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "brokers/admin/suggestions_panel.html"

        def get_context_data(self, parent_context=None):
            from .selectors import brokers_named_in

            context = super().get_context_data(parent_context)
            text = ""
            if self.instance is not None and getattr(self.instance, "pk", None):
                text = " ".join(
                    [
                        self.instance.title or "",
                        getattr(self.instance, "lead", ""),
                        str(getattr(self.instance, "body", "") or ""),
                    ]
                )
            linked = set()
            if self.instance is not None and getattr(self.instance, "pk", None):
                linked = {link.broker_id for link in self.instance.broker_links.all()}
            context["suggestions"] = [b for b in brokers_named_in(text) if b.pk not in linked]
            return context


def article_panels() -> list:
    """The article editor's "Brokers mentioned" group (the slot "article.editor")."""
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.panels import MultiFieldPanel, MultipleChooserPanel

    return [
        MultiFieldPanel(
            [
                BrokerSuggestionsPanel(),
                MultipleChooserPanel(
                    "broker_links", chooser_field_name="broker", label=_("Brokers mentioned")
                ),
            ],
            heading=_("Brokers mentioned"),
        )
    ]
