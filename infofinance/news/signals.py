"""Decoupled reactions to newsroom events: stamping publication dates, keeping translations'
relations in their own language, and forgetting cached hub URLs."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import (
    copy_for_translation_done,
    page_published,
    page_unpublished,
    post_page_move,
)

from . import selectors, services
from .context_processors import forget_navigation
from .models import ArticleIndexPage, ArticlePage, Section


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        services.stamp_publication(instance)
        services.localize_relations(instance)
    elif isinstance(instance, ArticleIndexPage):
        selectors.forget_hub_urls()
        forget_navigation()


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        services.unlist(instance.pk)
    elif isinstance(instance, ArticleIndexPage):
        selectors.forget_hub_urls()
        forget_navigation()


@receiver([post_save, post_delete], sender=Section)
def on_section_changed(sender, **kwargs):
    selectors.forget_sections()
    forget_navigation()


@receiver(copy_for_translation_done)
def on_translation_copied(sender, source_obj, target_obj, **kwargs):
    target = getattr(target_obj, "specific", target_obj)
    if isinstance(target, ArticlePage):
        services.localize_translation(target)


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    if isinstance(instance.specific_deferred, ArticlePage):
        services.relist_moved(instance.pk)
