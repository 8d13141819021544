"""What the site search finds: live public articles (news and knowledge) in their language,
visible brokers (by name, abbreviation and alias), regulators and published complaints in both
languages. Other apps
register their own sources the same way (see index.register). Public complaints are indexed with
their public title and text only."""

import html
import re

from django.utils.translation import gettext_lazy as _

from infofinance.core.locales import language_of
from infofinance.core.urls import reverse_in

from . import index
from .index import Document

LANGUAGES = ("vi", "en")
_TAG = re.compile(r"<[^>]+>")
_SKIP_KEYS = {"type", "id", "alignment", "format", "first_row_is_table_header"}


def plain_text(value) -> str:
    """Every string inside a StreamField's raw data, without markup."""
    parts: list[str] = []

    def walk(node, key=""):
        if isinstance(node, str):
            if key not in _SKIP_KEYS:
                parts.append(html.unescape(_TAG.sub(" ", node)))
        elif isinstance(node, dict):
            for child_key, child in node.items():
                walk(child, child_key)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child, key)

    walk(value)
    return " ".join(" ".join(parts).split())


# -- articles ----------------------------------------------------------------------------------


def articles():
    """Live articles outside every view-restricted section (what Wagtail's `.public()` keeps).
    `.public()` reads the restrictions joined to their pages, which SQLite plans as a scan of
    every page (an empty restriction table has no statistics): about 16 ms a results page at
    100,000 articles. The restrictions are read alone here, their pages only when there are any."""
    from django.db.models import Q
    from wagtail.models import Page, PageViewRestriction

    from infofinance.news.models import ArticlePage

    pages = ArticlePage.objects.live()
    restricted = list(PageViewRestriction.objects.values_list("page_id", flat=True))
    if not restricted:
        return pages
    private = Q(pk__in=[])
    for path in Page.objects.filter(pk__in=restricted).values_list("path", flat=True):
        private |= Q(path__startswith=path)
    return pages.exclude(private)


def article_documents(page):
    raw = page.body.raw_data if hasattr(page.body, "raw_data") else page.body
    yield Document(
        kind="article",
        object_id=page.pk,
        language=language_of(page.locale_id),
        title=page.title,
        summary=page.lead or "",
        body=plain_text(list(raw)),
        section_id=page.section_id,
        published_at=page.published_at or page.first_published_at,
    )


def article_url(page, language):
    return page.url


# -- Brokers Hub -------------------------------------------------------------------------------


def brokers():
    from infofinance.brokers.models import Broker

    return Broker.objects.filter(hidden=False).prefetch_related("aliases")


def broker_documents(broker):
    keywords = " ".join([broker.abbreviation, *(alias.name for alias in broker.aliases.all())])
    for language in LANGUAGES:
        yield Document(
            kind="broker",
            object_id=broker.pk,
            language=language,
            title=broker.name,
            keywords=keywords,
            summary=getattr(broker, f"intro_{language}") or "",
            body=getattr(broker, f"supervision_{language}") or "",
            weight=float(broker.total_score or 0) / 10,
        )


def broker_url(broker, language):
    return reverse_in(language, "brokers:detail", slug=broker.slug)


def regulators():
    from infofinance.brokers.models import Regulator

    return Regulator.objects.all()


def regulator_documents(regulator):
    keywords = " ".join(
        [
            regulator.abbreviation,
            regulator.country,
            regulator.country_name_vi,
            regulator.country_name_en,
        ]
    )
    for language in LANGUAGES:
        yield Document(
            kind="regulator",
            object_id=regulator.pk,
            language=language,
            title=regulator.name,
            keywords=keywords,
            summary=getattr(regulator, f"description_{language}") or "",
            weight=(5 - regulator.tier) / 10,
        )


def regulator_url(regulator, language):
    return reverse_in(language, "brokers:regulator", slug=regulator.slug)


# -- public complaints -------------------------------------------------------------------------


def complaints():
    """Complaints staff approved for publication and did not hide: their public title and text,
    never the complainant's data."""
    from infofinance.complaints.models import Complaint

    return Complaint.objects.published().select_related("broker")


def complaint_documents(complaint):
    from django.utils import translation

    for language in LANGUAGES:
        with translation.override(language):
            category = str(complaint.get_category_display())
        broker = complaint.broker.name if complaint.broker_id else complaint.broker_name
        english = language == "en"
        yield Document(
            kind="complaint",
            object_id=complaint.pk,
            language=language,
            # Staff-written only: the reader's own title may hold their name or phone number.
            title=(english and complaint.public_title_en) or complaint.public_title_vi,
            keywords=f"{broker} {category}",
            summary=(english and complaint.public_text_en) or complaint.public_text_vi,
            published_at=complaint.published_at,
        )


def complaint_url(complaint, language):
    return reverse_in(language, "complaints:detail", slug=complaint.public_slug)


def register_defaults() -> None:
    index.register(
        "article",
        articles,
        article_documents,
        url=article_url,
        label=_("News and knowledge"),
        order_by=("published_at", "id"),
    )
    index.register(
        "broker",
        brokers,
        broker_documents,
        url=broker_url,
        label=_("Brokers"),
        per_language=False,
        order_by=("id",),
    )
    index.register(
        "regulator",
        regulators,
        regulator_documents,
        url=regulator_url,
        label=_("Regulators"),
        per_language=False,
        order_by=("id",),
    )
    index.register(
        "complaint",
        complaints,
        complaint_documents,
        url=complaint_url,
        label=_("Complaints"),
        per_language=False,
        order_by=("published_at", "id"),
    )
