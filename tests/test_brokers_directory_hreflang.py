"""The broker directory's variants follow docs/seo.md: the plain directory and its page N carry
reciprocal hreflang including themselves; a filtered, sorted or list-view variant is noindex, names
the plain directory as canonical and declares no hreflang (never alternates pointing elsewhere
without a self entry)."""

import re
from html import unescape

import pytest

from infofinance.brokers.models import Broker
from infofinance.demo.brokers import load_brokers

pytestmark = pytest.mark.django_db

DIRECTORY = {"vi": "/tra-cuu-san/", "en": "/en/broker/"}
VARIANTS = [
    "sort=name",
    "sort=newest",
    "sort=score",
    "sort=bogus",
    "view=list",
    "sort=name&view=list",
    "sort=name&page=2",
    "country=GB",
    "country=GB&sort=name",
    "q=aurora",
    "q=&country=&sort=score",  # the filter form sent with nothing chosen
]


@pytest.fixture
def hub(structure, settings):
    load_brokers()
    for number in range(30):  # more than a page
        Broker.objects.create(name=f"Generated Broker {number}", total_score=5)
    return settings.SITE_URL


def head(html: str) -> dict:
    return {
        "canonical": re.findall(r'<link rel="canonical" href="([^"]+)">', html),
        "hreflang": {
            code: unescape(href)
            for code, href in re.findall(
                r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html
            )
        },
        "robots": re.findall(r'<meta name="robots" content="([^"]+)">', html),
    }


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("query", VARIANTS)
def test_a_directory_variant_is_noindex_canonical_to_the_plain_directory_without_hreflang(
    client, hub, language, query
):
    response = client.get(f"{DIRECTORY[language]}?{query}")
    assert response.status_code == 200
    meta = head(response.text)
    assert meta["robots"] == ["noindex, follow"], query
    assert meta["canonical"] == [hub + DIRECTORY[language]], query
    assert meta["hreflang"] == {}, query


@pytest.mark.parametrize("page", ["", "?page=2"])
def test_the_plain_directory_and_its_page_n_have_reciprocal_hreflang_with_self(client, hub, page):
    metas = {code: head(client.get(url + page).text) for code, url in DIRECTORY.items()}
    expected = {code: hub + url + page for code, url in DIRECTORY.items()}
    for code, meta in metas.items():
        assert meta["canonical"] == [expected[code]]
        languages = {k: v for k, v in meta["hreflang"].items() if k != "x-default"}
        assert languages == expected  # itself included, and its counterpart
        assert meta["hreflang"]["x-default"] == expected["vi"]
    assert metas["vi"]["hreflang"] == metas["en"]["hreflang"]
    assert metas["vi"]["robots"] == (["noindex, follow"] if page else [])


def test_every_directory_link_follows_one_of_the_two_rules(client, hub):
    """Each link the directory page itself offers (sorting, pagination, filters, the language
    switch) leads to a page that is either noindex with no hreflang, or lists itself among
    reciprocal alternates."""
    for start in DIRECTORY.values():
        html = client.get(start + "?sort=name").text
        hrefs = {unescape(href) for href in re.findall(r'href="([^"#]+)"', html)}
        links = {href for href in hrefs if href.split("?")[0] in DIRECTORY.values()}
        assert any("?" in link for link in links), links  # page links carry the sort
        for link in links:
            meta = head(client.get(link).text)
            if meta["hreflang"]:
                assert hub + link in meta["hreflang"].values(), link
                assert meta["canonical"] == [hub + link], link
            else:
                assert meta["robots"] == ["noindex, follow"], link
                assert meta["canonical"] == [hub + link.split("?")[0]], link
