from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describes the image for readers who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    # Translators: the terms under which the image may be used (CC BY 4.0…), not a broker's
    # licence to operate.
    licence = models.CharField(pgettext_lazy("image", "licence"), max_length=120, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "alt_text", "credit", "source_url", "licence")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
