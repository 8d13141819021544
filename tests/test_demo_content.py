"""The demo content: written for this project, loaded once, current-looking, mostly bilingual."""

from datetime import timedelta

import pytest
from django.utils import timezone

from infofinance.demo.services import has_content, load_demo, read_content
from infofinance.news.models import ArticlePage
from infofinance.pages.models import StandardPage

pytestmark = pytest.mark.django_db


def test_demo_content_files_are_complete():
    articles, pages = read_content()
    assert len(articles) >= 30
    assert {page["key"] for page in pages} == {"privacy", "terms", "about", "contact"}
    sections = {a["section"] for a in articles if a["hub"] == "news"}
    assert sections == {"market", "world", "domestic", "other", "warnings"}
    assert any(a["hub"] == "knowledge" for a in articles)
    bilingual = [a for a in articles if a.get("en")]
    assert len(bilingual) > len(articles) / 2
    # One geopolitical analysis shaped like the seed page: subheadings, two quotes, a conclusion.
    shapes = [[block["type"] for block in a["vi"]["body"]] for a in articles]
    assert any(
        s.count("heading") >= 3 and s.count("quote") == 2 and s[-1] == "conclusion" for s in shapes
    )


def test_load_demo_fills_an_empty_site_once(structure):
    assert not has_content()
    counts = load_demo()
    assert has_content()
    articles = ArticlePage.objects.live()
    assert articles.filter(locale__language_code="vi").count() == counts["articles"]
    assert articles.filter(locale__language_code="en").count() > counts["articles"] / 2
    assert articles.filter(pinned=True).exists()
    assert StandardPage.objects.live().count() == 8
    newest = articles.order_by("-published_at").first().published_at
    assert timezone.now() - newest < timedelta(days=1)  # dates are relative to the load
    assert all(a.hero_image_id for a in articles)
