"""Site-wide settings editors manage in the admin (Settings › Site settings)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from infofinance.text.language import current_language

from . import sitecache

DEFAULT_DISCLAIMER = {
    "vi": (
        "Thông tin chỉ mang tính tham khảo, không phải khuyến nghị đầu tư. Nhà đầu tư cần tự cân "
        "nhắc và chịu trách nhiệm với mọi quyết định đầu tư của mình. Info Finance không chịu "
        "trách nhiệm về bất kỳ hành động nào của nhà đầu tư."
    ),
    "en": (
        "All information on this site is for general reference only and is not investment advice. "
        "Investors must weigh and take responsibility for every investment decision they make. "
        "Info Finance is not responsible for any action taken by investors."
    ),
}


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    disclaimer_vi = models.TextField(
        _("investment disclaimer (Vietnamese)"), default=DEFAULT_DISCLAIMER["vi"]
    )
    disclaimer_en = models.TextField(
        _("investment disclaimer (English)"), default=DEFAULT_DISCLAIMER["en"]
    )
    zalo_oa_id = models.CharField(
        _("Zalo Official Account id"),
        max_length=64,
        blank=True,
        help_text=_("When set, articles show Zalo's official share button."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("disclaimer_vi"), FieldPanel("disclaimer_en")], _("Disclaimer")
        ),
        FieldPanel("zalo_oa_id"),
    ]

    class Meta:
        verbose_name = _("site settings")

    CACHE_KEY = "core:site-settings:v1"
    sitecache.register(CACHE_KEY)

    @classmethod
    def _get_or_create(cls):
        # Read on every page: cached, and forgotten when saved (see signals).
        return sitecache.cached(cls.CACHE_KEY, super()._get_or_create)

    def disclaimer(self, language: str | None = None) -> str:
        language = language[:2] if language else current_language()
        text = self.disclaimer_en if language == "en" else self.disclaimer_vi
        return text or DEFAULT_DISCLAIMER.get(language, DEFAULT_DISCLAIMER["vi"])

    @property
    def zalo_id(self) -> str:
        return self.zalo_oa_id or settings.ZALO_OA_ID
