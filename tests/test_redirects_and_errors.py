"""Old live-site paths redirect permanently; odd requests get a clear answer, never a 500."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/danh-gia-san", "/khieu-nai/"),
        ("/danh-gia-san/", "/khieu-nai/"),
        ("/en/chinh-sach-bao-mat", "/en/privacy-policy/"),
        ("/compare-exchanges", "/so-sanh-san/"),
        ("/search?keyword=gi%C3%A1+v%C3%A0ng", "/tim-kiem/?q=gi%C3%A1+v%C3%A0ng"),
        ("/en/search?keyword=gold", "/en/search/?q=gold"),
        ("/tin-tuc/tin-the-gioi", "/tin-tuc/chuyen-muc/tin-the-gioi/"),
        ("/en/news/market-news", "/en/news/section/market-news/"),
        ("/ho-so", "/tai-khoan/ho-so/"),
    ],
)
def test_live_site_paths_redirect_permanently(client, structure, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_article_path_without_trailing_slash_redirects(client, structure):
    from tests.factories import make_article

    page = make_article(structure, title="Bài không có gạch chéo")
    response = client.get(page.url.rstrip("/"))
    assert response.status_code == 301
    assert response["Location"] == page.url


@pytest.mark.parametrize(
    "path",
    [
        "/khong-co/",
        "/en/nothing-here/",
        "/tin-tuc/chuyen-muc/khong-co/",
        "/en/news/section/none/",
        "/tin-tuc/the/khong-co/",
        "/en/news/tag/none/",
        "/tin-tuc/section/tin-thi-truong/",
        "/en/news/chuyen-muc/market-news/",
        "/vi/tin-tuc/",
        "/tin-tuc/a/b/c/d/",
        "/tac-gia/khong-co/",
        "/kien-thuc/the/vang/",
    ],
)
def test_unknown_paths_answer_localized_404(client, structure, path):
    response = client.get(path)
    assert response.status_code == 404
    expected_lang = "en" if path.startswith("/en/") else "vi"
    assert f'<html lang="{expected_lang}">' in response.text


@pytest.mark.parametrize(
    "query",
    [
        "?page=%ff",
        "?q=%00",
        "?page[]=1",
        "?page=1&page=2",
        "?utm_source=x&x=" + "a" * 3000,
        "?q=<script>alert(1)</script>",
    ],
)
def test_odd_query_strings_never_fail(client, structure, query):
    for path in ["/", "/tin-tuc/", "/en/news/", "/tim-kiem/", "/en/search/"]:
        response = client.get(path + query)
        assert response.status_code == 200, path + query
        assert "<script>alert(1)</script>" not in response.text


def test_search_placeholder_finds_articles_in_the_page_language(client, structure):
    from tests.factories import make_article

    make_article(structure, title="Giá vàng tăng vọt")
    make_article(structure, title="Gold price jumps", language="en")
    vi = client.get("/tim-kiem/", {"q": "vàng"})
    text = re.sub(r"</?mark>", "", vi.text)  # matched words are highlighted
    assert "Giá <mark>vàng</mark> tăng vọt" in vi.text
    assert "Giá vàng tăng vọt" in text and "Gold price jumps" not in text
    assert 'content="noindex' in vi.text
