"""The site's chrome rendered once per language and set of values ({% chrome %}): the same
page shows what it showed before, follows changes of what it is given (navigation, footer
links, disclaimer), and never shows what it was not given (the reader, the page)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from infofinance.core.models import SiteSettings
from infofinance.fastpath.templatetags import chrome
from tests.factories import make_article
from tests.fastpath_support import requires_fast_path

pytestmark = pytest.mark.django_db

BLOCK = Template(
    '{% load chrome i18n %}{% chrome "test" items=items %}'
    "{% translate 'Search' %}:{% for i in items %}{{ i.name }};{% endfor %}[{{ user }}]"
    "{% endchrome %}"
)


def render(**values) -> str:
    return BLOCK.render(Context(values))


@requires_fast_path
def test_rendered_once_per_language_and_values():
    node = BLOCK.nodelist.get_nodes_by_type(chrome.ChromeNode)[0]
    renders, original = [], node.nodelist.render

    def counted(context):
        renders.append(1)
        return original(context)

    node.nodelist.render = counted
    try:
        chrome._fragments.clear()
        items = [{"name": "Vàng"}]
        with translation.override("vi"):
            first = render(items=items)
            assert render(items=items) == first
            assert len(renders) == 1
            assert render(items=[{"name": "Dầu"}]) != first  # other values: rendered
        with translation.override("en"):
            english = render(items=items)  # another language: rendered
        assert english.startswith("Search:") and first.startswith("Tìm kiếm:")
        assert len(renders) == 3
    finally:
        del node.nodelist.render


def test_only_what_it_is_given():
    chrome._fragments.clear()
    with translation.override("vi"):
        html = render(items=[], user="reader@example.com")
    assert "reader@example.com" not in html and html.endswith("[]")


def test_values_must_be_plain_data():
    with pytest.raises(TemplateSyntaxError):
        render(items=[object()])
    with pytest.raises(TemplateSyntaxError):
        Template("{% load chrome %}{% chrome test %}{% endchrome %}")


def test_the_fragment_is_bounded(monkeypatch):
    chrome._fragments.clear()
    monkeypatch.setattr(chrome, "MAX_FRAGMENTS", 3)
    for number in range(10):
        render(items=[{"name": str(number)}])
    assert len(chrome._fragments) <= 3


def test_pages_follow_navigation_footer_and_disclaimer_changes(client, structure, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(structure, title="Khung trang")
    page = client.get(article.url).text
    assert 'class="site-nav"' in page and "Tin khác" in page
    section = structure.sections[("vi", "other")]
    section.name = "Tin tổng hợp"
    section.save()
    row = SiteSettings.load()
    row.disclaimer_vi = "Miễn trừ trong chân trang."
    row.save()
    page = client.get(article.url).text
    nav = page.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Tin tổng hợp" in nav and "Tin khác" not in nav
    footer = page.split('class="site-footer"', 1)[1]
    assert "Miễn trừ trong chân trang." in footer
    english = client.get("/en/").text
    assert 'action="/en/search/"' in english
    assert "Miễn trừ trong chân trang." not in english.split('class="site-footer"', 1)[1]
