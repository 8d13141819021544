"""Loading the demo content (content/*.json, written for this project: articles, pages, their
authors and tags) into an empty site."""

import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection

from infofinance.core.signals import content_changed
from infofinance.core.slugs import ascii_slug
from infofinance.home.services import SiteStructure, add_page, ensure_site_structure
from infofinance.images.models import CustomImage
from infofinance.news.models import ArticleAuthor, ArticlePage, ArticleTag, AuthorPage, Tag
from infofinance.pages.models import StandardPage

from . import images

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# Every picture belongs to the articles of one language: its alt text and credit are in it.
PHOTO_CREDIT = {"vi": "Info Finance (ảnh minh họa)", "en": "Info Finance (illustration)"}


def has_content() -> bool:
    return bool(ArticlePage.objects.exists())  # Wagtail has no stubs: its managers are Any


def content_files() -> list[Path]:
    return sorted(CONTENT_DIR.glob("*.json"))


def _read_files() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in content_files()]


def read_content() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    articles, pages = [], []
    for data in _read_files():
        articles.extend(data.get("articles", []))
        pages.extend(data.get("pages", []))
    return articles, pages


def read_authors_and_tags() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Authors and tags by key, as the articles name them (see content/FORMAT.md)."""
    authors, tags = {}, {}
    for data in _read_files():
        authors.update(data.get("authors", {}))
        tags.update(data.get("tags", {}))
    return authors, tags


class DemoLoader:
    def __init__(
        self, structure: SiteStructure, now: datetime, progress: Callable[[str], None] | None
    ):
        self.structure = structure
        self.now = now
        self.progress = progress or (lambda message: None)
        self.collection = Collection.get_first_root_node()
        self.tags: dict[tuple[str, str], Tag] = {}
        self.authors: dict[tuple[str, str], AuthorPage] = {}
        self.drawn: dict[tuple[str, str], bytes] = {}

    def image(self, motif: str, seed: str, title: str, alt: str, language: str) -> CustomImage:
        """An illustration with its title, alt text and credit in `language`; the picture
        itself is drawn once for both languages."""
        if (motif, seed) not in self.drawn:
            self.drawn[(motif, seed)] = images.illustration(motif, seed)
        data = self.drawn[(motif, seed)]
        image = CustomImage(
            title=title[:255],
            alt_text=alt[:255],
            credit=PHOTO_CREDIT[language],
            licence="CC BY 4.0",
            collection=self.collection,
        )
        image.file = ImageFile(io.BytesIO(data), name=f"{ascii_slug(seed, 57)}-{language}.jpg")
        image.save()
        return image

    def create_tags(self, tags: dict[str, dict[str, Any]]) -> None:
        for key, names in tags.items():
            source = None
            for language in ("vi", "en"):
                tag = Tag(locale=self.structure.locales[language], name=names[language])
                if source is not None:
                    tag.translation_key = source.translation_key
                tag.save()
                self.tags[(language, key)] = tag
                source = source or tag

    def create_authors(self, authors: dict[str, dict[str, Any]]) -> None:
        for key, data in authors.items():
            portrait = images.portrait(data["initials"], key)
            source = None
            for language in ("vi", "en"):
                text = data[language]
                photo = CustomImage(
                    title=text["name"],
                    alt_text=text["name"],
                    credit=PHOTO_CREDIT[language],
                    collection=self.collection,
                )
                photo.file = ImageFile(io.BytesIO(portrait), name=f"{key}-{language}.png")
                photo.save()
                author = AuthorPage(
                    title=text["name"],
                    slug=key,
                    locale=self.structure.locales[language],
                    role=text["role"],
                    bio=text["bio"],
                    photo=photo,
                )
                self.authors[(language, key)] = add_page(
                    self.structure.author_indexes[language], author, translation_of=source
                )
                source = source or author

    def body(self, blocks: list[dict[str, Any]], seed: str, language: str) -> list[dict[str, Any]]:
        stream = []
        for number, block in enumerate(blocks):
            kind, value = block["type"], block["value"]
            if kind == "image":
                caption = value.get("caption", "")
                image = self.image(
                    value["motif"],
                    f"{seed}-{language}-{number}",
                    caption or seed,
                    caption,
                    language,
                )
                value = {"image": image.pk, "caption": caption}
            elif kind == "table":
                value = {
                    "data": [value["header"], *value["rows"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": value.get("caption", ""),
                }
            stream.append({"type": kind, "value": value})
        return stream

    def create_article(self, data: dict[str, Any]) -> None:
        published = self.now - timedelta(hours=data["age_hours"])
        source = None
        for language in ("vi", "en"):
            text = data.get(language)
            if not text:
                continue
            hero = self.image(
                data["image"]["motif"],
                data["key"],
                text["title"],
                text.get("image_caption", ""),
                language,
            )
            section = self.structure.sections[(language, data["section"])]
            page = ArticlePage(
                title=text["title"],
                slug=ascii_slug(text["title"], 100),
                lead=text["lead"],
                locale=self.structure.locales[language],
                hero_image=hero,
                hero_caption=text.get("image_caption", ""),
                section=section,
                pinned=data.get("pinned", False),
                search_description=text.get("seo_description", ""),
                body=self.body(text["body"], data["key"], language),
            )
            page.author_links = [
                ArticleAuthor(author=self.authors[(language, key)]) for key in data["authors"]
            ]
            page.tag_links = [ArticleTag(tag=self.tags[(language, key)]) for key in data["tags"]]
            add_page(self.structure.hubs[(language, data["hub"])], page, translation_of=source)
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published,
                last_published_at=published,
                published_at=published,
                latest_revision_created_at=published,
            )
            source = source or page

    def create_page(self, data: dict[str, Any]) -> None:
        source = None
        for language in ("vi", "en"):
            text = data[language]
            page = StandardPage(
                title=text["title"],
                slug=text["slug"],
                lead=text.get("lead", ""),
                locale=self.structure.locales[language],
                body=self.body(text["body"], data["key"], language),
            )
            add_page(self.structure.homes[language], page, translation_of=source)
            source = source or page


@transaction.atomic
def load_demo(
    *, now: datetime | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Load everything, or nothing: the whole load is one transaction."""
    articles, pages = read_content()
    authors, tags = read_authors_and_tags()
    loader = DemoLoader(ensure_site_structure(), now or timezone.now(), progress)
    loader.create_tags(tags)
    loader.create_authors(authors)
    for number, article in enumerate(articles, start=1):
        loader.progress(f"[{number}/{len(articles)}] {article['vi']['title']}")
        loader.create_article(article)
    for page in pages:
        loader.create_page(page)
    content_changed.send(sender=ArticlePage)  # the dates above were bulk updates
    return {
        "articles": len(articles),
        "pages": len(pages),
        "authors": len(authors),
        "tags": len(tags),
    }
