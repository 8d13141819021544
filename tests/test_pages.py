"""The public pages answer in both languages with the elements readers expect."""

import re

import pytest

from tests.factories import make_article, make_author, make_image, make_tag
from tests.fastpath_support import requires_fast_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(structure):
    author_vi = make_author(structure, "Nguyễn Minh Anh")
    author_en = make_author(structure, "Nguyen Minh Anh", "en", translation_of=author_vi)
    gold_vi = make_tag(structure, "Vàng")
    gold_en = make_tag(structure, "Gold", "en", translation_of=gold_vi)
    image = make_image()
    vi = make_article(
        structure,
        title="Giá vàng lập đỉnh mới",
        tags=[gold_vi],
        authors=[author_vi],
        image=image,
        pinned=True,
        hours_ago=2,
    )
    en = make_article(
        structure,
        title="Gold hits a new record",
        language="en",
        tags=[gold_en],
        authors=[author_en],
        image=image,
        translation_of=vi,
        hours_ago=2,
    )
    return {"vi": vi, "en": en, "tag_vi": gold_vi, "tag_en": gold_en, "author_vi": author_vi}


def test_home_pages_answer_in_their_language(client, articles):
    vi = client.get("/")
    en = client.get("/en/")
    assert vi.status_code == 200 and en.status_code == 200
    assert '<html lang="vi">' in vi.text
    assert '<html lang="en">' in en.text
    assert "Giá vàng lập đỉnh mới" in vi.text
    assert "Gold hits a new record" in en.text


def test_article_pages_answer_with_localized_dates(client, articles):
    vi = client.get(articles["vi"].url)
    en = client.get(articles["en"].url)
    assert vi.status_code == 200, vi.content[:500]
    assert en.status_code == 200
    assert articles["vi"].url.startswith("/tin-tuc/")
    assert articles["en"].url.startswith("/en/news/")
    assert re.search(r"<time [^>]*datetime=\"[^\"]+\"[^>]*>\d+ tháng \d+, \d{4}</time>", vi.text)
    # Valid HTML datetime values: seconds at most, with the offset.
    stamps = re.findall(r'datetime="([^"]+)"', vi.text)
    assert stamps and all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", s) for s in stamps
    )
    assert re.search(r"<time [^>]*>[A-Z][a-z]+ \d+, \d{4}</time>", en.text)
    assert "tháng" not in re.sub(r"<[^>]+>", "", en.text.split("<main")[1].split("</main>")[0])


@requires_fast_path
def test_article_query_budget(client, structure, articles, django_assert_max_num_queries):
    for number in range(8):
        make_article(
            structure,
            title=f"Vàng và USD {number}",
            tags=[articles["tag_vi"]],
            authors=[articles["author_vi"]],
            image=make_image(f"img {number}"),
        )
    url = articles["vi"].url
    client.get(url)  # warm the per-process and cached lookups a real server keeps
    # Route, byline (with translations), related ranking, cards, the cards' renditions.
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


@requires_fast_path
def test_home_query_budget(client, structure, articles, django_assert_max_num_queries):
    # Articles with images in every section and hub: the budget must hold for a full page.
    for number, section in enumerate(["market", "world", "domestic", "other", "warnings"] * 3):
        make_article(
            structure,
            title=f"Bài {number}",
            section=section,
            pinned=number < 3,
            image=make_image(f"home {number}"),
        )
    for number, section in enumerate(["knowledge", "choosing", "ideas"]):
        make_article(
            structure,
            title=f"Kiến thức {number}",
            section=section,
            hub="knowledge",
            image=make_image(f"k {number}"),
        )
    client.get("/")
    # Card ids, cards, the latest complaints, and the upcoming events with their seats.
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200


def test_section_query_budget(client, articles, django_assert_max_num_queries):
    client.get("/tin-tuc/chuyen-muc/tin-thi-truong/")
    with django_assert_max_num_queries(12):
        assert client.get("/tin-tuc/chuyen-muc/tin-thi-truong/").status_code == 200


def test_navigation_follows_section_and_page_changes(client, structure):
    from infofinance.home.services import publish
    from infofinance.pages.models import StandardPage

    section = structure.sections[("vi", "other")]
    assert "Tin khác" in client.get("/").text
    section.name = "Tin tổng hợp"
    section.save()
    assert "Tin tổng hợp" in client.get("/").text
    page = StandardPage(title="Giới thiệu", slug="gioi-thieu", locale=structure.locales["vi"])
    structure.homes["vi"].add_child(instance=page)
    publish(page)
    assert 'href="/gioi-thieu/"' in client.get("/").text
    page.unpublish()
    assert 'href="/gioi-thieu/"' not in client.get("/").text


@requires_fast_path
def test_hub_tag_and_author_query_budgets(
    client, structure, articles, django_assert_max_num_queries
):
    for number, section in enumerate(["market", "world", "domestic", "other", "warnings"] * 2):
        make_article(
            structure,
            title=f"Tin {number}",
            section=section,
            tags=[articles["tag_vi"]],
            authors=[articles["author_vi"]],
            image=make_image(f"hub {number}"),
        )
    for url, budget in [
        ("/tin-tuc/", 10),
        ("/tin-tuc/the/vang/", 12),
        (articles["author_vi"].url, 12),
    ]:
        client.get(url)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_home_and_hub_cards_are_each_lists_newest(client, structure, settings):
    """The home page's lists, read together (`front_page_cards`): pinned stories, the latest
    news, each section's newest and the knowledge hub's newest, each newest first."""
    settings.PAGE_CACHE_SECONDS = 0
    from infofinance.news.selectors import front_page_cards

    made = {}
    for hours, section in enumerate(["market", "world"] * 6):
        made.setdefault(section, []).append(
            make_article(structure, section=section, pinned=hours in (3, 7), hours_ago=hours + 1)
        )
    knowledge = [
        make_article(structure, section="knowledge", hub="knowledge", hours_ago=h) for h in (5, 2)
    ]
    everything = sorted(
        [a for articles in made.values() for a in articles], key=lambda a: a.published_at
    )[::-1]
    cards = front_page_cards(locale=structure.locales["vi"])
    ids = {name: [a.pk for a in cards[name]] for name in ("pinned", "latest", "knowledge")}
    # Each story once (tests/test_home_dedupe.py): the latest and the sections leave out what
    # the lists above them show.
    assert ids["pinned"] == [a.pk for a in everything if a.pinned]
    assert ids["latest"] == [a.pk for a in everything if not a.pinned][:8]
    assert ids["knowledge"] == [knowledge[1].pk, knowledge[0].pk]
    blocks = {section.slug: [a.pk for a in cards] for section, cards in cards["section_blocks"]}
    market, world = structure.sections[("vi", "market")], structure.sections[("vi", "world")]
    above = set(ids["pinned"] + ids["latest"])
    assert blocks == {
        market.slug: [a.pk for a in made["market"] if a.pk not in above][:4],
        world.slug: [a.pk for a in made["world"] if a.pk not in above][:4],
    }
    hub = structure.hubs[("vi", "news")]
    hub_cards = front_page_cards(locale=structure.locales["vi"], hub=hub)
    assert [a.pk for a in hub_cards["pinned"]] == ids["pinned"]
    assert hub_cards["latest"] == [] and hub_cards["knowledge"] == []
    html = client.get("/").text
    assert all(a.title in html for a in everything + knowledge)


def test_card_lists_skip_empty_lists_and_refuse_other_columns(structure, django_assert_num_queries):
    from infofinance.news.selectors import card_lists

    with django_assert_num_queries(0):
        assert card_lists({"none": ({"listing_hub_id": []}, 4)}) == {"none": []}
    with pytest.raises(ValueError, match="not a listing column: title"):
        card_lists({"bad": ({"title": "x"}, 4)})
