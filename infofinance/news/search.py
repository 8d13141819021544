"""The site search's articles (news and knowledge): live public articles in their language,
with the sections the results page filters by and the article titles of the as-you-type
suggestions. Registered from NewsConfig.ready()."""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

from infofinance.core.locales import language_of, locale_for
from infofinance.core.signals import content_changed
from infofinance.search import index, selectors
from infofinance.search.index import Document
from infofinance.search.models import SearchDocument
from infofinance.search.sources import stream_text

from .models import ArticlePage, Section


def articles():
    """Live articles outside every view-restricted section (what Wagtail's `.public()` keeps).
    `.public()` reads the restrictions joined to their pages, which SQLite plans as a scan of
    every page (an empty restriction table has no statistics; docs/performance.md). The
    restrictions are read alone here, their pages only when there are any."""
    pages = ArticlePage.objects.live()
    restricted = list(PageViewRestriction.objects.values_list("page_id", flat=True))
    if not restricted:
        return pages
    private = Q(pk__in=[])
    for path in Page.objects.filter(pk__in=restricted).values_list("path", flat=True):
        private |= Q(path__startswith=path)
    return pages.exclude(private)


def article_documents(page):
    yield Document(
        kind="article",
        object_id=page.pk,
        language=language_of(page.locale_id),
        title=page.title,
        summary=page.lead or "",
        body=stream_text(page.body),
        section_id=page.section_id,
        published_at=page.published_at or page.first_published_at,
    )


def article_url(page, language):
    return page.url


def sections_by_ids(ids):
    return {s.pk: s for s in Section.objects.filter(pk__in=ids)}


def sections_for(language: str):
    locale = locale_for(language)
    if locale is None:
        return []
    return list(Section.objects.filter(locale_id=locale.pk).order_by("kind", "sort_order", "name"))


def sync_article_dates() -> None:
    """Copy articles' publication dates into their documents (after bulk updates)."""
    date = ArticlePage.objects.filter(pk=OuterRef("object_id")).values(
        when=Coalesce("published_at", "first_published_at")
    )[:1]
    SearchDocument.objects.filter(kind="article").exclude(published_at=Subquery(date)).update(
        published_at=Subquery(date)
    )


def on_bulk_change(sender, **kwargs):
    """Bulk updates of articles (demo dates, imports) send no post_save: copy their dates."""
    if sender is ArticlePage:
        sync_article_dates()


def register() -> None:
    index.register(
        "article",
        articles,
        article_documents,
        url=article_url,
        label=_("News and knowledge"),
        order_by=("published_at", "id"),
        limit=1000,
        filtered=True,
    )
    index.follow_pages(ArticlePage, "article")
    index.register_sections(by_ids=sections_by_ids, for_language=sections_for)
    index.register_suggestions(
        "articles", selectors.titles_of("article", candidates=200), position=20
    )
    content_changed.connect(on_bulk_change, dispatch_uid="site-search-bulk")
