"""Its pages in the site search, in their language."""

from infofinance.core.locales import language_of
from infofinance.search import index
from infofinance.search.index import Document

from .models import WiringPage


def pages():
    return WiringPage.objects.live().public()


def documents(page):
    yield Document(
        kind="wiring",
        object_id=page.pk,
        language=language_of(page.locale_id),
        title=page.title,
        summary=page.summary,
        published_at=page.first_published_at,
    )


def url(page, language):
    return page.url


def register() -> None:
    index.register("wiring", pages, documents, url=url, label="Wiring pages", order_by=("id",))
    index.follow_pages(WiringPage, "wiring")
