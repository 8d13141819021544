"""Cache invalidation for core's cached lookups."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from .models import SiteSettings
from .restrictions import forget_view_restrictions


@receiver([post_save, post_delete], sender=SiteSettings)
def forget_site_settings(sender, **kwargs):
    cache.delete(SiteSettings.CACHE_KEY)


post_save.connect(forget_view_restrictions, sender=PageViewRestriction)
post_delete.connect(forget_view_restrictions, sender=PageViewRestriction)
