"""The home page shows each story once (hot, latest, its section), within the query budgets
of tests/test_pages.py; the
page's first image loads at once with priority and the others lazily; an article's main image
has renditions for every screen and an alt text in the article's language."""

import re
from collections import Counter

import pytest

from infofinance.news.models import ArticlePage
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

_ARTICLE_LINK = re.compile(r'<h3 class="card__title"><a href="([^"]+)"')
_IMG = re.compile(r"<img [^>]*>")


@pytest.fixture
def stories(structure, settings):
    settings.PAGE_CACHE_SECONDS = 0
    image = make_image()
    made = []
    for hours in range(14):
        made.append(
            make_article(
                structure,
                section=("market", "world", "warnings")[hours % 3],
                pinned=hours in (0, 4, 9),
                hours_ago=hours + 1,
                image=image if hours != 0 else None,
            )
        )
    return made


def test_each_story_appears_once_on_the_home_page(client, stories):
    html = client.get("/").text
    links = Counter(_ARTICLE_LINK.findall(html))
    assert links, html[:500]
    assert max(links.values()) == 1, [url for url, n in links.items() if n > 1]
    assert set(links) == {a.url for a in stories}  # and none is lost


def test_the_hub_sections_leave_out_its_hot_stories(client, stories):
    html = client.get("/tin-tuc/").text
    sections = html.split('class="section-block"', 1)[1]
    pinned = [a.url for a in stories if a.pinned]
    assert not set(_ARTICLE_LINK.findall(sections)) & set(pinned)


def test_only_the_first_image_is_eager(client, stories):
    html = client.get("/").text
    card_images = [tag for tag in _IMG.findall(html) if 'alt=""' in tag]
    assert len(card_images) > 3
    first, rest = card_images[0], card_images[1:]
    assert 'fetchpriority="high"' in first and 'loading="eager"' in first
    assert all('loading="lazy"' in tag and "fetchpriority" not in tag for tag in rest)
    # The first pinned story has no image: the priority goes to the first image shown.
    assert stories[0].url not in html.split(first)[0].rsplit("<article", 1)[-1]


def test_the_article_image_has_a_srcset_and_an_alt_in_its_language(client, structure):
    image = make_image(title="Ảnh minh họa giá vàng")
    vi = make_article(structure, title="Giá vàng tăng", image=image)
    en = make_article(structure, title="Gold rises", language="en", image=image, translation_of=vi)
    ArticlePage.objects.filter(pk=en.pk).update(hero_alt="Gold bars on a trading desk")
    html = client.get(en.url).text
    hero = re.search(r'<figure class="article__hero">\s*(<img [^>]*>)', html).group(1)
    widths = [int(w) for w in re.findall(r" (\d+)w", hero)]
    assert widths == sorted(widths) and len(widths) >= 2, hero
    assert 'sizes="' in hero and 'fetchpriority="high"' in hero
    assert 'alt="Gold bars on a trading desk"' in hero
    vi_hero = re.search(r'<figure class="article__hero">\s*(<img [^>]*>)', client.get(vi.url).text)
    assert 'alt="Ảnh minh họa giá vàng"' in vi_hero.group(1)  # the image's own, without one
