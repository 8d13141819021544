"""The flash drafts (docs/design/markets.md §3): when a release's actual arrives, a draft article
in Vietnamese and its English translation, written from the bilingual template below with the
figures filled in, linked to the release and its indicator, in the newsroom's world or
domestic section, for an editor to complete and publish. Never published here.

Exactly once per release and language: the `FlashDraft` row (unique on release and language)
is written first, in the same transaction as the page, so a second run, or a second worker at
the same moment, finds it and leaves the draft alone."""

import logging

from django.db import IntegrityError, transaction
from django.utils.html import format_html
from django.utils.translation import override

from infofinance.core.slugs import ascii_slug

from .. import dates, numbers
from ..models import ArticleIndicatorLink, ArticleReleaseLink, FlashDraft, Release

logger = logging.getLogger(__name__)
LANGUAGES = ("vi", "en")  # the Vietnamese draft first: the English one is its translation
# The newsroom's sections (routes.md): Vietnam's releases are domestic news, others world news.
SECTION_SLUGS = {
    "domestic": {"vi": "tin-trong-nuoc", "en": "domestic-news"},
    "world": {"vi": "tin-the-gioi", "en": "world-news"},
}

# The bilingual template: editorial copy in each language (not interface strings), with the
# figures formatted for that language.
TEMPLATE = {
    "vi": {
        "title": "{name} {period}: {actual}, {verdict}",
        "lead": "{name} kỳ {period} đạt {actual}, so với dự báo {forecast} và kỳ trước {previous}.",
        "figures": "Thực tế: {actual} · Dự báo: {forecast} · Kỳ trước: {previous}",
        "revised": " (điều chỉnh từ {original})",
        "above": "cao hơn dự báo",
        "below": "thấp hơn dự báo",
        "inline": "đúng dự báo",
        "unknown": "chưa có dự báo",
        "surprise": "Chênh lệch so với dự báo: {difference}.",
        "source": "Nguồn: {source}. Công bố lúc {time} ({zone}).",
        "todo": "[Biên tập viên: bổ sung phân tích — số liệu này có ý nghĩa gì với nhà đầu tư "
        "Việt Nam, phản ứng của thị trường, triển vọng kỳ tới. Bài nháp được tạo tự động và "
        "chỉ được xuất bản khi biên tập viên duyệt.]",
    },
    "en": {
        "title": "{name} {period}: {actual}, {verdict}",
        "lead": "{name} for {period} came in at {actual}, against a forecast of {forecast} and "
        "{previous} previously.",
        "figures": "Actual: {actual} · Forecast: {forecast} · Previous: {previous}",
        "revised": " (revised from {original})",
        "above": "above forecast",
        "below": "below forecast",
        "inline": "in line with forecast",
        "unknown": "no forecast",
        "surprise": "Difference from the forecast: {difference}.",
        "source": "Source: {source}. Released at {time} ({zone}).",
        "todo": "[Editor: add the analysis — what this figure means for investors in Vietnam, "
        "how markets reacted, what to expect next. This draft was created automatically and is "
        "published only when an editor approves it.]",
    },
}


def draft_text(release: Release, language: str) -> dict:
    """The title, lead and body blocks of the draft in `language`."""
    indicator = release.indicator
    words = TEMPLATE[language]
    formatter = numbers.Formatter(
        unit=indicator.unit, decimals=indicator.decimals, language=language
    )
    previous = release.revised_previous if release.revised_previous is not None else None
    values = {
        "name": indicator.name(language),
        "period": dates.period_label(release.period_kind, release.period_start, language),
        "actual": formatter.figure(release.actual),
        "forecast": formatter.figure(release.forecast),
        "previous": formatter.figure(previous if previous is not None else release.previous),
    }
    moved = numbers.surprise(release)
    values["verdict"] = words[moved.direction] if moved is not None else words["unknown"]
    figures = words["figures"].format(**values)
    if previous is not None and release.previous is not None and previous != release.previous:
        figures += words["revised"].format(original=formatter.figure(release.previous))
    body = [{"type": "paragraph", "value": format_html("<p><strong>{}</strong></p>", figures)}]
    if moved is not None:
        difference = formatter.change(moved.difference)
        body.append(
            {
                "type": "paragraph",
                "value": format_html("<p>{}</p>", words["surprise"].format(difference=difference)),
            }
        )
    with override(language):
        source_line = words["source"].format(
            source=indicator.source_name,
            time=dates.date_time(release.scheduled_at, language),
            zone=dates.zone_label(language),
        )
    body.append({"type": "paragraph", "value": format_html("<p>{}</p>", source_line)})
    body.append({"type": "paragraph", "value": format_html("<p><em>{}</em></p>", words["todo"])})
    return {
        "title": words["title"].format(**values)[:255],
        "lead": words["lead"].format(**values)[:600],
        "body": body,
    }


def _hub_and_section(language: str, country: str):
    from infofinance.news.models import ArticleIndexPage, HubKind, Section

    hub = ArticleIndexPage.objects.filter(kind=HubKind.NEWS, locale__language_code=language).first()
    if hub is None:
        return None, None
    key = "domestic" if country.upper() == "VN" else "world"
    sections = Section.objects.filter(kind=HubKind.NEWS, locale_id=hub.locale_id)
    section = sections.filter(slug=SECTION_SLUGS[key][language]).first() or sections.first()
    return hub, section


def _create_page(release: Release, language: str, *, translation_of=None):
    from infofinance.home.services import add_page
    from infofinance.news.models import ArticlePage

    hub, section = _hub_and_section(language, release.indicator.country)
    if hub is None or section is None:
        raise LookupError(f"no news hub or section in {language!r}")
    text = draft_text(release, language)
    slug = ascii_slug(f"{text['title']}", 80).strip("-") or "flash"
    page = ArticlePage(
        title=text["title"],
        slug=f"{slug}-{release.pk}",
        lead=text["lead"],
        locale_id=hub.locale_id,
        section=section,
        body=text["body"],
        live=False,
    )
    page.release_links = [ArticleReleaseLink(release=release)]
    page.indicator_links = [ArticleIndicatorLink(indicator=release.indicator)]
    # As the site adds every page (home.services.add_page): a draft with its first revision.
    return add_page(hub, page, translation_of=translation_of, live=False)


def create_flash_drafts(release_id) -> dict:
    """Create the draft articles of the release's actual, once per language; returns
    {language: the page created by this call} (empty when they existed, the release is gone
    or has no actual yet). The pages stay drafts: nothing here publishes."""
    release = Release.objects.select_related("indicator").filter(pk=release_id).first()
    if release is None or release.actual is None:
        return {}
    created: dict = {}
    with transaction.atomic():
        source = None
        for language in LANGUAGES:
            try:
                with transaction.atomic():
                    flash = FlashDraft.objects.create(release=release, language=language)
            except IntegrityError:
                # Already made (by an earlier run, or another worker just now).
                existing = (
                    FlashDraft.objects.filter(release=release, language=language)
                    .select_related("page")
                    .first()
                )
                if source is None and existing is not None and existing.page is not None:
                    source = existing.page
                continue
            page = _create_page(release, language, translation_of=source)
            flash.page = page
            flash.save(update_fields=["page"])
            source = source or page
            created[language] = page
    if created:
        logger.info("flash drafts for release %s: %s", release.pk, sorted(created))
    return created
