"""Writes of the newsroom: keeping an article's section, tags and authors in its own language."""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from infofinance.core.signals import content_changed

from .models import ArticlePage, Section, Tag, sync_listing_dates


def localize_section(page: ArticlePage) -> None:
    """Point the article at the translation of its section in the article's language."""
    if page.section_id is None or page.locale_id is None:
        return
    section = (
        Section.objects.filter(pk=page.section_id).only("locale_id", "translation_key").first()
    )
    if section is None or section.locale_id == page.locale_id:
        return
    translation = Section.objects.filter(
        translation_key=section.translation_key, locale_id=page.locale_id
    ).first()
    if translation is not None:
        page.section = translation


def _tag_in_locale(tag: Tag, locale: Locale) -> Tag:
    translation: Tag | None = tag.get_translation_or_none(locale)
    if translation is None:
        # A tag keeps its name until an editor translates it; the topic stays linked.
        translation = tag.copy_for_translation(locale)
        translation.save()
    return translation


@transaction.atomic
def localize_relations(page: ArticlePage) -> bool:
    """Make the stored section, tags and authors of `page` those of its own language (after a
    translation was copied from the other language, or an editor picked a foreign one).
    Returns whether anything changed."""
    page = ArticlePage.objects.select_related("locale").get(pk=page.pk)
    changed = False
    before = page.section_id
    localize_section(page)
    if page.section_id != before:
        ArticlePage.objects.filter(pk=page.pk).update(section_id=page.section_id)
        content_changed.send(sender=ArticlePage, pks=[page.pk])
        changed = True
    for link in page.tag_links.select_related("tag"):
        if link.tag.locale_id != page.locale_id:
            target = _tag_in_locale(link.tag, page.locale)
            if page.tag_links.filter(tag=target).exists():
                link.delete()
            else:
                link.tag = target
                link.save(update_fields=["tag"])
            changed = True
    for link in page.author_links.select_related("author"):
        if link.author.locale_id != page.locale_id:
            target = link.author.get_translation_or_none(page.locale)
            if target is not None and not page.author_links.filter(author=target).exists():
                link.author = target
                link.save(update_fields=["author"])
                changed = True
    return changed


def stamp_publication(page: ArticlePage) -> None:
    """The reader-facing publication date is set once, at the first publication."""
    if page.published_at is None:
        when = page.first_published_at or page.last_published_at or timezone.now()
        ArticlePage.objects.filter(pk=page.pk, published_at__isnull=True).update(published_at=when)
        page.published_at = when
        content_changed.send(sender=ArticlePage, pks=[page.pk])
    sync_listing_dates(page.pk, page.published_at)


def unlist(article_id: int) -> None:
    """Scheduled unpublishing saves the article as a plain Page, past ArticlePage.save(): take
    it out of its listings here too."""
    ArticlePage.objects.filter(pk=article_id).exclude(listing_hub=None).update(listing_hub=None)
    sync_listing_dates(article_id, None)


def relist_moved(article_id: int) -> None:
    """A move rewrites tree paths without saving the article: list it under its new hub."""
    article = ArticlePage.objects.get(pk=article_id)
    hub_id = article.current_listing_hub_id()
    ArticlePage.objects.filter(pk=article.pk).update(listing_hub_id=hub_id)


def localize_translation(target: ArticlePage) -> None:
    """A translation was just copied: its relations in its own language, and the editor opens
    the latest revision, so that revision gets them too."""
    if localize_relations(target):
        ArticlePage.objects.get(pk=target.pk).save_revision(clean=False, log_action=False)
