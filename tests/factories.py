"""Small builders for tests: articles and authors through the same services the site uses."""

import io
from datetime import timedelta
from itertools import count

from django.core.files.images import ImageFile
from django.utils import timezone

from infofinance.core.slugs import ascii_slug
from infofinance.demo import images
from infofinance.home.services import SiteStructure, add_page
from infofinance.images.models import CustomImage
from infofinance.news.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorPage,
    Tag,
    sync_listing_dates,
)

_numbers = count(1)


def make_image(title="Ảnh minh họa", motif="gold") -> CustomImage:
    image = CustomImage(title=title, alt_text=title, credit="Info Finance")
    image.file = ImageFile(io.BytesIO(images.illustration(motif, title)), name="test.jpg")
    image.save()
    return image


def make_author(
    structure: SiteStructure,
    name="Nguyễn Văn A",
    language="vi",
    translation_of: AuthorPage | None = None,
) -> AuthorPage:
    author = AuthorPage(
        title=name, slug=ascii_slug(name), role="Phóng viên", locale=structure.locales[language]
    )
    return add_page(structure.author_indexes[language], author, translation_of=translation_of)


def make_tag(structure: SiteStructure, name: str, language="vi", translation_of: Tag | None = None):
    tag = Tag(name=name, locale=structure.locales[language])
    if translation_of is not None:
        tag.translation_key = translation_of.translation_key
    tag.save()
    return tag


def make_article(
    structure: SiteStructure,
    *,
    title=None,
    language="vi",
    section="market",
    hub="news",
    tags=(),
    authors=(),
    pinned=False,
    hours_ago=None,
    translation_of: ArticlePage | None = None,
    image=None,
    live=True,
    body=None,
    lead="Tóm tắt bài viết.",
) -> ArticlePage:
    title = title or f"Bài viết thử nghiệm số {next(_numbers)}"
    page = ArticlePage(
        title=title,
        slug=ascii_slug(title, 100),
        lead=lead,
        locale=structure.locales[language],
        section=structure.sections[(language, section)],
        pinned=pinned,
        hero_image=image,
        body=body or [{"type": "paragraph", "value": "<p>Nội dung bài viết.</p>"}],
    )
    page.author_links = [ArticleAuthor(author=a) for a in authors]
    page.tag_links = [ArticleTag(tag=t) for t in tags]
    add_page(structure.hubs[(language, hub)], page, translation_of=translation_of, live=live)
    if not live:
        return page
    if hours_ago is not None:
        when = timezone.now() - timedelta(hours=hours_ago)
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, published_at=when
        )
        sync_listing_dates(page.pk, when)  # as a save would: tag and author listings follow
        page.refresh_from_db()
    return page
