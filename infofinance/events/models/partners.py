"""Organisers and sponsors: one organisation, one logo, a description in each language."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Partner(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("description_vi"),
        FieldPanel("description_en"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def description(self, language: str) -> str:
        return (self.description_en if language == "en" else self.description_vi) or (
            self.description_vi or self.description_en
        )


class Organiser(Partner):
    class Meta(Partner.Meta):
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")


class Sponsor(Partner):
    class Meta(Partner.Meta):
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
