"""The language switch of pages outside the tree (search, log-in, sign-up, the broker
directory) and of pages not found lands on the same page in the other language, or on the
nearest existing parent, with the query parameters the page reads; never on a 404."""

import html as htmllib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from infofinance.demo.brokers import load_brokers
from infofinance.search import selectors as search_selectors
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def switch_href(html: str) -> str:
    found = re.search(r'<a class="lang-switch" href="([^"]+)"', html)
    assert found, "no language switch"
    return htmllib.unescape(found.group(1))


def switch(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, switch_href(response.content.decode())


def split(url: str) -> tuple[str, dict]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def answers(client, url: str) -> bool:
    return client.get(url).status_code in (200, 301, 302)


@pytest.mark.parametrize(
    ("url", "path", "query"),
    [
        ("/tim-kiem/?q=gi%C3%A1+v%C3%A0ng", "/en/search/", {"q": ["giá vàng"]}),
        ("/en/search/?q=gold", "/tim-kiem/", {"q": ["gold"]}),
        # The page number and trackers stay behind; filters the page reads come along.
        (
            "/tim-kiem/?q=vang&page=2&date_from=2026-01-01&utm_source=zalo&fbclid=x",
            "/en/search/",
            {"q": ["vang"], "date_from": ["2026-01-01"]},
        ),
        ("/en/search/?q=gold&both=on&page=3", "/tim-kiem/", {"q": ["gold"], "both": ["on"]}),
    ],
)
def test_search_keeps_the_query(client, structure, url, path, query):
    status, href = switch(client, url)
    assert status == 200
    assert split(href) == (path, query)
    assert answers(client, href)


def test_search_section_filter_follows_the_translated_section(client, structure):
    make_article(structure)
    vi_sections = {s.slug: s.pk for s in search_selectors.sections_for("vi")}
    en_sections = {s.slug: s.pk for s in search_selectors.sections_for("en")}
    vi_pk, en_pk = vi_sections["tin-canh-bao"], en_sections["warning-news"]
    _status, href = switch(client, f"/tim-kiem/?q=vang&section={vi_pk}")
    assert split(href) == ("/en/search/", {"q": ["vang"], "section": [str(en_pk)]})
    _status, href = switch(client, f"/en/search/?q=gold&section={en_pk}")
    assert split(href) == ("/tim-kiem/", {"q": ["gold"], "section": [str(vi_pk)]})
    # An id that is no section of the other language is left out, not sent as an error.
    _status, href = switch(client, "/tim-kiem/?q=vang&section=999999")
    assert split(href) == ("/en/search/", {"q": ["vang"]})


@pytest.mark.parametrize(
    ("url", "path", "next_"),
    [
        ("/tai-khoan/login/?next=/khieu-nai/", "/en/account/login/", "/en/complaints/"),
        ("/en/account/login/?next=/en/complaints/", "/tai-khoan/login/", "/khieu-nai/"),
        (
            "/tai-khoan/login/?next=/tra-cuu-san/%3Fq%3Dabc",
            "/en/account/login/",
            "/en/broker/?q=abc",
        ),
        ("/en/account/signup/?next=/en/news/", "/tai-khoan/signup/", "/tin-tuc/"),
        ("/tai-khoan/signup/", "/en/account/signup/", None),
        ("/en/account/password/reset/", "/tai-khoan/password/reset/", None),
    ],
)
def test_account_pages_keep_the_page_and_next(client, structure, url, path, next_):
    status, href = switch(client, url)
    assert status == 200
    target, query = split(href)
    assert target == path
    assert query == ({"next": [next_]} if next_ else {})
    assert client.get(href).status_code == 200


def test_next_of_an_article_is_its_translation(client, structure):
    vi = make_article(structure, title="Vàng tăng giá")
    en = make_article(structure, title="Gold rises", language="en", translation_of=vi)
    _status, href = switch(client, f"/tai-khoan/login/?next={vi.url}")
    assert split(href) == ("/en/account/login/", {"next": [en.url]})
    # A next outside the site is passed on as it was (the log-in refuses it itself).
    _status, href = switch(client, "/tai-khoan/login/?next=https://evil.example/")
    assert split(href) == ("/en/account/login/", {"next": ["https://evil.example/"]})


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/tin-tuc/khong-co-bai-nay/", "/en/news/"),
        ("/en/news/no-such-article/", "/tin-tuc/"),
        ("/kien-thuc/khong-co/", "/en/knowledge/"),
        ("/en/knowledge/nothing/here/", "/kien-thuc/"),
        ("/khieu-nai/danh-muc/khong-co/", "/en/complaints/"),
        ("/en/complaints/category/no-such/", "/khieu-nai/"),
        ("/tra-cuu-san/khong-co-san-nay/", "/en/broker/"),
        ("/en/broker/no-such-broker/", "/tra-cuu-san/"),
        ("/tim-kiem/khong-co/", "/en/search/"),
        ("/khong-co-gi/", "/en/"),
        ("/en/nothing-at-all/", "/"),
    ],
)
def test_page_not_found_switches_to_the_nearest_parent(client, structure, url, target):
    load_brokers()
    status, href = switch(client, url)
    assert status == 404
    assert href == target
    assert client.get(href).status_code == 200


@pytest.mark.parametrize(
    ("url", "path", "query"),
    [
        (
            "/tra-cuu-san/?q=dong+a&country=VN&page=2",
            "/en/broker/",
            {"q": ["dong a"], "country": ["VN"]},
        ),
        ("/en/broker/?sort=name&view=list", "/tra-cuu-san/", {"sort": ["name"], "view": ["list"]}),
        ("/khieu-nai/?broker=blueharbor-fx", "/en/complaints/", {"broker": ["blueharbor-fx"]}),
    ],
)
def test_listings_outside_the_tree_keep_their_filters(client, structure, url, path, query):
    load_brokers()
    status, href = switch(client, url)
    assert status == 200
    assert split(href) == (path, query)
    assert answers(client, href)


def test_pages_of_the_tree_take_no_query_along(client, structure):
    vi = make_article(structure, title="Chứng khoán hồi phục")
    en = make_article(structure, title="Stocks recover", language="en", translation_of=vi)
    _status, href = switch(client, vi.url + "?utm_source=zalo&zarsrc=31")
    assert href == en.url
    _status, href = switch(client, "/tin-tuc/?page=2")
    assert href == "/en/news/"


@override_settings(FAST_PATH=False)
def test_the_same_targets_with_the_fast_path_off(client, structure):
    assert switch(client, "/tim-kiem/?q=vang")[1] == "/en/search/?q=vang"
    assert switch(client, "/tin-tuc/khong-co-bai-nay/")[1] == "/en/news/"
    assert split(switch(client, "/tai-khoan/login/?next=/khieu-nai/")[1]) == (
        "/en/account/login/",
        {"next": ["/en/complaints/"]},
    )
