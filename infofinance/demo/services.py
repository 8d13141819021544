"""Loading the demo content (content/*.json, written for this project: articles, pages, their
authors and tags) into an empty site."""

import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

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
PHOTO_CREDIT = "Info Finance (minh họa / illustration)"


def has_content() -> bool:
    return ArticlePage.objects.exists()


def content_files() -> list[Path]:
    return sorted(CONTENT_DIR.glob("*.json"))


def _read_files() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in content_files()]


def read_content() -> tuple[list[dict], list[dict]]:
    articles, pages = [], []
    for data in _read_files():
        articles.extend(data.get("articles", []))
        pages.extend(data.get("pages", []))
    return articles, pages


def read_authors_and_tags() -> tuple[dict[str, dict], dict[str, dict]]:
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

    def image(self, motif: str, seed: str, title: str, alt: str) -> CustomImage:
        data = images.illustration(motif, seed)
        image = CustomImage(
            title=title[:255],
            alt_text=alt[:255],
            credit=PHOTO_CREDIT,
            licence="CC BY 4.0",
            collection=self.collection,
        )
        image.file = ImageFile(io.BytesIO(data), name=f"{ascii_slug(seed, 60)}.jpg")
        image.save()
        return image

    def create_tags(self, tags: dict[str, dict]) -> None:
        for key, names in tags.items():
            source = None
            for language in ("vi", "en"):
                tag = Tag(locale=self.structure.locales[language], name=names[language])
                if source is not None:
                    tag.translation_key = source.translation_key
                tag.save()
                self.tags[(language, key)] = tag
                source = source or tag

    def create_authors(self, authors: dict[str, dict]) -> None:
        for key, data in authors.items():
            photo = CustomImage(
                title=data["vi"]["name"],
                alt_text=data["vi"]["name"],
                credit=PHOTO_CREDIT,
                collection=self.collection,
            )
            photo.file = ImageFile(
                io.BytesIO(images.portrait(data["initials"], key)), name=f"{key}.png"
            )
            photo.save()
            source = None
            for language in ("vi", "en"):
                text = data[language]
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

    def body(self, blocks: list[dict], seed: str, language: str) -> list[dict]:
        stream = []
        for number, block in enumerate(blocks):
            kind, value = block["type"], block["value"]
            if kind == "image":
                caption = value.get("caption", "")
                image = self.image(
                    value["motif"], f"{seed}-{language}-{number}", caption or seed, caption
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

    def create_article(self, data: dict) -> None:
        published = self.now - timedelta(hours=data["age_hours"])
        hero = self.image(
            data["image"]["motif"],
            data["key"],
            data["vi"]["title"],
            data["vi"].get("image_caption", ""),
        )
        source = None
        for language in ("vi", "en"):
            text = data.get(language)
            if not text:
                continue
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

    def create_page(self, data: dict) -> None:
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
