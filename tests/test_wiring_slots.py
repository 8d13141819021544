"""Page slots (infofinance.wiring.slots): empty slots cost nothing, entries render in order,
and the pages' own users of them — the article editor's "Brokers mentioned", the broker page's
reviews and complaints, the home page's latest complaints — come from the registering apps."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import format_html
from wagtail.admin.panels import MultiFieldPanel, MultipleChooserPanel, ObjectList

from infofinance.brokers.panels import BrokerSuggestionsPanel
from infofinance.news.models import ArticlePage
from infofinance.wiring import slots


@pytest.fixture
def scratch():
    name = "test.scratch"
    slots.declare(name, separator=" | ")
    yield name
    slots._entries.pop(name, None)
    slots.SLOTS.pop(name, None)


def render(source, **context):
    return Template("{% load slots %}" + source).render(Context(context))


@pytest.mark.django_db
def test_empty_slot_renders_nothing_without_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert render('[{% slot "test.nobody" %}]') == "[]"


def test_entries_in_order_joined_escaped(scratch):
    slots.register(scratch, lambda c: "<b>second</b>", order=20)
    slots.register(scratch, lambda c: format_html("<i>{}</i>", c["who"]), order=10)
    slots.register(scratch, lambda c: None, order=15)
    assert render(f'{{% slot "{scratch}" %}}', who="A&B") == (
        "<i>A&amp;B</i> | &lt;b&gt;second&lt;/b&gt;"
    )


def test_template_entry_and_body_position(scratch):
    slots.register(scratch, lambda c: ("components/disclaimer.html", {}), after=2)
    slots.register(scratch, lambda c: format_html("{}", "one"), after=1)
    assert render(f'{{% slot "{scratch}" after=1 %}}') == "one"
    assert "disclaimer" in render(f'{{% slot "{scratch}" after=2 %}}')
    assert render(f'{{% slot "{scratch}" after=3 %}}') == ""


def test_values_are_none_without_a_provider():
    assert slots.value("test.no_provider", 1) is None


def test_registering_twice_replaces(scratch):
    def entry(context):
        return "x"

    slots.register(scratch, entry)
    slots.register(scratch, entry, order=5)
    assert [e.order for e in slots.entries(scratch)] == [5]


def describe(panel):
    return (
        type(panel).__name__,
        str(getattr(panel, "heading", "") or ""),
        getattr(panel, "field_name", None) or getattr(panel, "relation_name", None),
        [describe(child) for child in getattr(panel, "children", [])],
    )


def test_article_editor_ends_with_the_panels_other_apps_register():
    handler = ArticlePage.get_edit_handler()
    with translation.override("en"):
        headings = [str(tab.heading) for tab in handler.children]
    assert headings == ["Content", "Promote", "Settings"]
    content = handler.children[0]
    # The article's own panels, unchanged and first, then the groups of the other apps.
    own = ObjectList(ArticlePage.content_panels).bind_to_model(ArticlePage)
    count = len(own.children)
    assert [describe(p) for p in content.children[:count]] == [describe(p) for p in own.children]
    added = content.children[count:]
    groups = [p for p in added if isinstance(p, MultiFieldPanel)]
    with translation.override("en"):
        (brokers,) = [p for p in groups if str(p.heading) == "Brokers mentioned"]
    suggestions, chooser = brokers.children
    assert isinstance(suggestions, BrokerSuggestionsPanel)
    assert isinstance(chooser, MultipleChooserPanel) and chooser.relation_name == "broker_links"
    formsets = handler.get_form_class()._meta.formsets
    # The Brokers Hub's links and the markets' (releases, indicators, assets explained).
    assert {"broker_links", "release_links", "indicator_links", "asset_links"} <= set(formsets)
    # The newsroom's class is not patched: its panels name no other app's relation.
    assert not any(
        describe(p)[2] in {"broker_links", "release_links", "asset_links"}
        for p in ArticlePage.content_panels
    )


def test_broker_page_readers_blocks_come_from_reviews_complaints_and_events():
    from infofinance.complaints import blocks as complaint_blocks
    from infofinance.events import slots as event_slots
    from infofinance.reviews import blocks as review_blocks
    from infofinance.reviews.selectors import summary

    assert [e.render for e in slots.entries("broker.community")] == [
        review_blocks.broker_block,
        complaint_blocks.broker_block,
        event_slots.broker_events,
    ]
    assert slots._values["broker.rating"] is summary
    assert complaint_blocks.home_latest in [e.render for e in slots.entries("home.blocks")]


def test_brokers_app_does_not_import_reviews():
    from pathlib import Path

    import infofinance.brokers

    root = Path(infofinance.brokers.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text()
        assert "from infofinance.reviews" not in text and "import infofinance.reviews" not in text
    for path in root.rglob("*.html"):
        assert "reviews_tags" not in path.read_text(), path
