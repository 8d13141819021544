"""The footer lists standard pages: forget its cached links when one changes."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .context_processors import forget_footer_links
from .models import StandardPage


@receiver([page_published, page_unpublished], sender=StandardPage)
@receiver(post_delete, sender=StandardPage)
def on_standard_page_changed(sender, **kwargs):
    forget_footer_links()
