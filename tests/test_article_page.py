"""The article page: share links, breadcrumb, one H1, dateline, disclaimer, related and latest."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

from infofinance.core.models import SiteSettings
from tests.factories import make_article, make_author, make_tag
from tests.fastpath_support import requires_fast_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(structure):
    author = make_author(structure, "Trần Quốc Bảo")
    vi = make_article(
        structure,
        title="Nga thận trọng trước lời kêu gọi hỗ trợ",
        section="world",
        authors=[author],
        hours_ago=3,
    )
    en = make_article(
        structure,
        title="Russia treads carefully",
        language="en",
        section="world",
        translation_of=vi,
        hours_ago=3,
    )
    return vi, en


SHARE_LINK = re.compile(
    r'href="([^"]+)" target="_blank" rel="noopener noreferrer" data-share-target="(\w+)"'
)


def share_urls(html: str) -> dict[str, str]:
    """{target: the URL it shares} for every direct share link of the page."""
    shared = {}
    for href, key in SHARE_LINK.findall(html):
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        shared[key] = (query.get("u") or query.get("url"))[0]
    return shared


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_share_link_carries_the_pages_own_absolute_url(client, pair, language):
    page = pair[0] if language == "vi" else pair[1]
    html = client.get(page.url).text
    shared = share_urls(html)
    assert set(shared) == {"facebook", "x", "linkedin", "telegram"}
    assert set(shared.values()) == {settings.SITE_URL + page.url}
    assert "data-copy-link" in html and "data-share-native" in html
    if language == "en":
        assert all("/en/news/" in url for url in shared.values())


def test_article_page_has_one_h1_breadcrumb_dateline_and_disclaimer(client, pair):
    html = client.get(pair[0].url).text
    assert html.count("<h1") == 1
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    names = re.findall(r">([^<>]+)</(?:a|span)>", crumbs)
    assert names == ["Info Finance", "Tin tức", "Tin thế giới", pair[0].title]
    assert "Trần Quốc Bảo" in html
    assert SiteSettings.load().disclaimer_vi in html


def test_disclaimer_is_editable_per_language(client, pair):
    settings_row = SiteSettings.load()
    settings_row.disclaimer_en = "Edited English disclaimer."
    settings_row.save()
    assert "Edited English disclaimer." in client.get(pair[1].url).text
    assert "Edited English disclaimer." not in client.get(pair[0].url).text


def test_zalo_button_only_when_configured(client, pair):
    assert "data-zalo-oaid" not in client.get(pair[0].url).text
    settings_row = SiteSettings.load()
    settings_row.zalo_oa_id = "123456789"
    settings_row.save()
    # An id alone is not enough: the Content-Security-Policy must let Zalo's script in, which
    # it does when ZALO_OA_ID is set (settings/base.py).
    assert "data-zalo-oaid" not in client.get(pair[0].url).text
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    zalo = {"DIRECTIVES": {**policy, "script-src": [*policy["script-src"], "https://sp.zalo.me"]}}
    with override_settings(CONTENT_SECURITY_POLICY=zalo):
        html = client.get(pair[0].url).text
    assert 'data-zalo-oaid="123456789"' in html
    # Zalo's script is loaded by site.js on the first click, never by the page itself.
    assert "sp.zalo.me" not in html


def test_related_articles_prefer_shared_tags_over_recency(client, structure):
    gold = make_tag(structure, "Vàng")
    article = make_article(structure, title="Giá vàng", tags=[gold], section="market")
    shared = make_article(
        structure, title="Vàng miếng SJC", tags=[gold], section="domestic", hours_ago=200
    )
    newer_unrelated = make_article(structure, title="Tin khác mới nhất", section="other")
    html = client.get(article.url).text
    related = re.search(r'<section class="related".*?</section>', html, re.S).group(0)
    assert shared.title in related
    assert newer_unrelated.title not in related


def test_related_articles_rank_shared_tags_then_section_then_date(client, structure):
    """The order the selector promises: most shared tags, then the same section, then the newest;
    never the page itself, a later article, an unpublished one or one of another section and no
    shared tag."""
    from infofinance.news.selectors import related_articles

    gold, oil, fx = (make_tag(structure, name) for name in ("Vàng", "Dầu", "Ngoại hối"))
    page = make_article(structure, tags=[gold, oil, fx], section="market", hours_ago=1)
    two_tags_old = make_article(structure, tags=[gold, oil], section="world", hours_ago=90)
    one_tag_same_section = make_article(structure, tags=[fx], section="market", hours_ago=80)
    one_tag_new = make_article(structure, tags=[oil], section="world", hours_ago=5)
    one_tag_older = make_article(structure, tags=[gold], section="world", hours_ago=50)
    section_only = make_article(structure, section="market", hours_ago=3)
    make_article(structure, tags=[gold, oil, fx], section="market")  # later than the page
    hidden = make_article(structure, tags=[gold, oil, fx], section="market", hours_ago=2)
    hidden.unpublish()
    make_article(structure, section="world", hours_ago=2)  # nothing in common

    related = related_articles(page=page, limit=10)
    assert [a.pk for a in related] == [
        two_tags_old.pk,
        one_tag_same_section.pk,
        one_tag_new.pk,
        one_tag_older.pk,
        section_only.pk,
    ]
    assert [a.pk for a in related_articles(page=page)] == [a.pk for a in related[:4]]
    # Cards carry what the template shows without further queries.
    card = related[0]
    assert card.section.name and card.url


def test_related_ranking_sql_matches_the_orm(structure):
    """The written-out ranking the page runs and the ORM one (used while view restrictions
    exist) agree, on generated articles with many shared tags and sections."""
    from bench.bulk import generate_articles
    from infofinance.news import selectors
    from infofinance.news.models import ArticlePage

    make_article(structure, tags=[make_tag(structure, "Vàng")], hours_ago=400)
    generate_articles(150, seed=7)
    pages = ArticlePage.objects.filter(locale__language_code="vi").order_by("-published_at")
    checked = 0
    for page in pages[:: len(pages) // 12 or 1]:
        tag_ids = [link.tag_id for link in page.tag_links.all()][:5]
        orm = selectors._rank_related_orm(page, tag_ids, 6)
        assert selectors._rank_related_sql(page, tag_ids, 6) == orm, page.pk
        checked += bool(orm)
    assert checked >= 6
    untagged = make_article(structure, hours_ago=1)  # no tags: the section alone ranks
    orm = selectors._rank_related_orm(untagged, [], 6)
    assert orm and selectors._rank_related_sql(untagged, [], 6) == orm


@requires_fast_path
def test_byline_reads_authors_and_tags_in_their_order_in_one_query(
    structure, django_assert_num_queries
):
    from infofinance.news.selectors import byline

    second, first = make_author(structure, "Bùi Văn B"), make_author(structure, "Đỗ Thị A")
    gold, oil, fx = (make_tag(structure, name) for name in ("Vàng", "Dầu", "Ngoại hối"))
    page = make_article(structure, authors=[first, second], tags=[oil, fx, gold])
    expected_urls = [first.url, second.url]
    with django_assert_num_queries(1):
        authors, tags = byline(page)
        urls = [author.url for author in authors]
        names = [(author.title, tag.name, tag.slug) for author, tag in zip(authors, tags)]
    assert [a.pk for a in authors] == [first.pk, second.pk] and urls == expected_urls
    assert [t.pk for t in tags] == [oil.pk, fx.pk, gold.pk]
    assert names[0] == ("Đỗ Thị A", "Dầu", oil.slug)
    # A field the byline does not read loads on access rather than showing a default.
    with django_assert_num_queries(1):
        assert authors[0].role == first.role


@requires_fast_path
def test_byline_also_reads_the_live_translations(pair, django_assert_num_queries):
    from infofinance.news.models import ArticlePage
    from infofinance.news.selectors import byline

    vi, en = pair
    expected = ArticlePage.objects.get(pk=vi.pk).live_translations()  # its own statement
    assert expected == {"vi": vi.url, "en": en.url}
    page = ArticlePage.objects.get(pk=vi.pk)
    with django_assert_num_queries(1):
        authors, _tags = byline(page)
        assert page.live_translations() == expected
    assert [author.title for author in authors] == ["Trần Quốc Bảo"]
    # An unpublished translation is not a live one.
    en.unpublish()
    page = ArticlePage.objects.get(pk=vi.pk)
    byline(page)
    with django_assert_num_queries(0):
        assert page.live_translations() == {"vi": vi.url}


def test_missing_article_is_a_localized_404(client, structure):
    vi = client.get("/tin-tuc/khong-ton-tai/")
    en = client.get("/en/news/does-not-exist/")
    assert vi.status_code == 404 and en.status_code == 404
    assert '<html lang="vi">' in vi.text and "Không tìm thấy trang" in vi.text
    assert '<html lang="en">' in en.text and "Page not found" in en.text


def test_script_in_rich_text_is_not_served(client, structure):
    page = make_article(
        structure,
        body=[
            {
                "type": "paragraph",
                "value": "<p>An toàn<script>alert(1)</script>"
                '<a href="javascript:alert(2)">x</a></p>',
            },
        ],
    )
    html = client.get(page.url).text
    assert "alert(1)" not in html and "javascript:alert" not in html
    assert "An toàn" in html


@pytest.mark.parametrize("page_param", ["abc", "-1", "0", "999999999999999999999", "1e9", "%00"])
def test_bad_page_numbers_show_the_nearest_valid_page(client, structure, page_param):
    make_article(structure)
    for url in ["/tin-tuc/", "/tin-tuc/chuyen-muc/tin-thi-truong/", "/en/news/", "/tac-gia/"]:
        assert client.get(url, {"page": page_param}).status_code == 200, url


@pytest.mark.parametrize(
    ("page_param", "expected"),
    [("-1", 1), ("0", 1), ("abc", 1), ("2", 2), ("3", 3), ("4", 3), ("999999999", 3), ("1e9", 3)],
)
def test_page_numbers_land_on_the_nearest_valid_page(
    client, structure, settings, page_param, expected
):
    settings.NEWS_PAGE_SIZE = 2
    for number in range(5):
        make_article(structure, title=f"Bài số {number}")
    response = client.get("/tin-tuc/", {"page": page_param})
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected
