"""Publication of an event page copies its facts to the shared Event row (the service does the
work; this only dispatches)."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import EventPage


@receiver(page_published, sender=EventPage, dispatch_uid="events-page-published")
def event_page_published(sender, instance, **kwargs):
    from . import services

    services.sync_from_page(instance)


@receiver(page_unpublished, sender=EventPage, dispatch_uid="events-page-unpublished")
def event_page_unpublished(sender, instance, **kwargs):
    from . import services

    services.sync_from_page(instance)
