"""Cache invalidation for core's cached lookups, and `content_changed`: sent by services that
change what readers see with bulk updates (which send no post_save)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import PageViewRestriction

from . import sitecache
from .models import SiteSettings
from .restrictions import forget_view_restrictions


@receiver([post_save, post_delete], sender=SiteSettings)
def forget_site_settings(sender, **kwargs):
    sitecache.forget(SiteSettings.CACHE_KEY)


content_changed = Signal()

post_save.connect(forget_view_restrictions, sender=PageViewRestriction)
post_delete.connect(forget_view_restrictions, sender=PageViewRestriction)
