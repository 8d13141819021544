"""The language switch lands on the translation, or on the other language's hub, never a 404."""

import re

import pytest

from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def switch_href(html: str) -> str:
    return re.search(r'<a class="lang-switch" href="([^"]+)"', html).group(1)


def test_article_switch_reaches_its_translation(client, structure):
    vi = make_article(structure, title="Đồng USD suy yếu")
    en = make_article(structure, title="The dollar weakens", language="en", translation_of=vi)
    assert switch_href(client.get(vi.url).text) == en.url
    assert switch_href(client.get(en.url).text) == vi.url


def test_untranslated_article_switches_to_the_other_hub(client, structure):
    vi = make_article(structure, title="Chỉ có tiếng Việt")
    href = switch_href(client.get(vi.url).text)
    assert href == "/en/news/"
    assert client.get(href).status_code == 200


def test_unpublished_translation_is_not_a_target(client, structure):
    vi = make_article(structure, title="Bản dịch chưa xuất bản")
    make_article(structure, title="Draft translation", language="en", translation_of=vi, live=False)
    assert switch_href(client.get(vi.url).text) == "/en/news/"


def test_section_switch_reaches_the_translated_section(client, structure):
    make_article(structure)
    response = client.get("/tin-tuc/chuyen-muc/tin-canh-bao/")
    assert response.status_code == 200
    assert switch_href(response.text) == "/en/news/section/warning-news/"


def test_tag_switch_reaches_the_translated_tag(client, structure):
    vi_tag = make_tag(structure, "Đồng USD")
    en_tag = make_tag(structure, "US dollar", "en", translation_of=vi_tag)
    make_article(structure, tags=[vi_tag])
    assert vi_tag.slug == "dong-usd"
    response = client.get("/tin-tuc/the/dong-usd/")
    assert response.status_code == 200
    assert switch_href(response.text) == f"/en/news/tag/{en_tag.slug}/"


def test_every_switch_target_answers(client, structure):
    vi = make_article(structure)
    for url in [
        "/",
        "/en/",
        "/tin-tuc/",
        "/en/news/",
        "/kien-thuc/",
        "/en/knowledge/",
        vi.url,
        "/tac-gia/",
        "/en/authors/",
        "/tim-kiem/?q=vang",
        "/en/search/?q=gold",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert client.get(switch_href(response.text)).status_code == 200, url


def test_html_lang_follows_the_path(client, structure):
    assert '<html lang="vi">' in client.get("/tin-tuc/").text
    assert '<html lang="en">' in client.get("/en/news/").text
    # The browser's language never changes what a path shows.
    response = client.get("/tin-tuc/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.text
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.parametrize("header", ["", "*", "xx-INVALID;;q=abc", "en;q=" + "9" * 500, "vi,,,,en"])
def test_malformed_accept_language_is_harmless(client, structure, header):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=header).status_code == 200
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE=header).status_code == 200
