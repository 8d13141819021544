"""Banners on the pages (issue 19, "Readers" and "Caching"): labelled, in a reserved box that
is in the HTML only on days a banner is scheduled there, targeted by page type, section and
tag, read without a query, and purged exactly when the schedule moves."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from infofinance.banners import cache as banner_cache
from infofinance.banners import services, tokens
from infofinance.banners.dates import day_bounds, vietnam_today
from infofinance.banners.models import Banner
from infofinance.pagecache import store
from tests.banners_support import banner
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_article_shows_its_sidebar_banner_labelled_in_its_language(client, structure):
    article = make_article(structure)
    english = make_article(structure, language="en", title="A test article in English")
    row = banner("sidebar")
    page = html(client, article.url)
    assert '<div class="ad ad--sidebar"' in page
    assert ">Quảng cáo</p>" in page
    assert f'data-ads="{row.pk}"' in page
    assert "banners/banners.css" in page and "banners/banners.js" in page
    assert "popup.js" not in page and "slider.js" not in page
    # What the box names, the live JSON gives: the signed click link, never the target.
    live = re.search(r'data-live="([^"]+)"', page).group(1).replace("&amp;", "&")
    data = client.get(live).json()
    shown = data["b"][str(row.pk)]
    assert shown["h"] == f"/qc/{tokens.make(row.pk, tokens.CLICK)}/"
    assert shown["a"] == "A test offer" and ".webp 1x" in shown["d"] and shown["m"]
    assert "example.org" not in json.dumps(data)
    # The Vietnamese banner is not on the English page, which loads nothing for banners.
    english_page = html(client, english.url)
    assert 'class="ad ' not in english_page and "banners.js" not in english_page


def test_an_english_banner_says_advertisement(client, structure):
    english = make_article(structure, language="en", title="Another English article")
    banner("sidebar", language="en")
    assert ">Advertisement</p>" in html(client, english.url)


def test_no_box_on_days_without_a_banner(client, structure):
    article = make_article(structure)
    banner("sidebar", start=timezone.now() + timedelta(days=2), days=3)
    page = html(client, article.url)
    assert "ad--sidebar" not in page and "banners.css" not in page


def test_a_banner_later_today_reserves_its_box_with_a_filler(client, structure):
    article = make_article(structure)
    _start, end = day_bounds(vietnam_today())
    start = end - timedelta(minutes=2)
    if start <= timezone.now():
        pytest.skip("too close to midnight in Vietnam")
    banner("sidebar", start=start, days=1)
    page = html(client, article.url)
    assert "ad--sidebar" in page and "ad__filler" in page and "data-ads" not in page


def test_targeting_by_section_tag_and_page_type(client, structure):
    market = make_article(structure, title="Bài thị trường")
    world = make_article(structure, title="Bài thế giới", section="world")
    gold = make_tag(structure, "Vàng")
    tagged = make_article(structure, title="Bài có thẻ vàng", tags=[gold])
    row = banner("sidebar", save=False)
    services.save_banner(row, sections=[structure.sections[("vi", "world")]], tags=[])
    assert "ad--sidebar" in html(client, world.url)
    assert "ad--sidebar" not in html(client, market.url)
    by_tag = banner("in_article", save=False, after_paragraph=1)
    services.save_banner(by_tag, sections=[], tags=[gold])
    assert "ad--in_article" in html(client, tagged.url)
    assert "ad--in_article" not in html(client, market.url)
    banner("top", page_types=["article"])
    assert "ad--top" in html(client, market.url)
    assert "ad--top" not in html(client, structure.homes["vi"].url)


def test_the_in_article_box_follows_block_n(client, structure):
    body = [{"type": "paragraph", "value": f"<p>Đoạn số {n}.</p>"} for n in range(1, 5)]
    article = make_article(structure, body=body)
    banner("in_article", after_paragraph=2)
    page = html(client, article.url)
    assert page.index("Đoạn số 2.") < page.index("ad--in_article") < page.index("Đoạn số 3.")


def test_listings_show_the_inline_box_after_the_sixth_card(client, structure):
    for n in range(8):
        make_article(structure, title=f"Bài danh sách {n}", hours_ago=n + 1)
    banner("listing")
    hub = structure.hubs[("vi", "news")]
    page = html(client, hub.url)
    assert "ad--listing" in page


def test_the_home_page_has_its_hero_slider(client, structure):
    banner("hero", name="Slide one")
    banner("hero", name="Slide two")
    page = html(client, structure.homes["vi"].url)
    assert page.count('class="ad__slide"') == 2
    assert 'aria-roledescription="băng chuyền"' in page
    assert page.count('loading="lazy"') >= 1  # the second slide waits
    assert "slider.js" in page


def test_every_page_may_have_the_top_strip_rails_and_pop_up(client, structure):
    banner("top")
    rails_desktop, _ = __import__("tests.banners_support", fromlist=["images_for"]).images_for(
        "rails"
    )
    banner("rails", images=(rails_desktop, None))
    banner("popup")
    page = html(client, structure.homes["vi"].url)
    assert "ad--top" in page and "ad--rails" in page and '<dialog class="ad ad--popup"' in page
    main = page.index('id="main"')
    assert main < page.index("ad--top") < page.index("<h1")  # first in the main landmark
    assert main < page.index("ad--rails") < page.index("</main>")
    assert "popup.js" in page


def test_no_pop_up_over_forms_or_the_brokers_hub(client, structure):
    banner("popup")
    banner("top")
    page = html(client, "/tra-cuu-san/")
    assert "ad--top" in page and "ad--popup" not in page and "popup.js" not in page


def test_banners_cost_an_article_no_query(client, structure):
    article = make_article(structure)
    html(client, article.url)
    with CaptureQueriesContext(connection) as without:
        html(client, article.url)
    banner("sidebar")
    banner("in_article", after_paragraph=1)
    banner("top")
    html(client, article.url)  # builds the live value once
    with CaptureQueriesContext(connection) as with_banners:
        page = html(client, article.url)
    assert "ad--sidebar" in page and "ad--in_article" in page
    assert len(with_banners) == len(without)


def stored(client, url):
    client.get(url)
    return store.load(store.cache_key("testserver", url, "", ""))


def test_the_schedule_purges_exactly_its_placements_pages(client, structure):
    article = make_article(structure)
    home = structure.homes["vi"].url
    start = timezone.now() + timedelta(days=1)
    row = banner("sidebar", start=start, days=2)
    services.apply_schedule(timezone.now())  # what is scheduled now: nothing today
    assert stored(client, article.url) is not None and stored(client, home) is not None
    tags = [banner_cache.placement("sidebar", "vi"), banner_cache.placement("top", "vi")]
    before = store.versions(tags)
    done = services.apply_schedule(start + timedelta(minutes=1))
    assert done["started"] == [row.pk] and done["purged"] == [("sidebar", "vi")]
    after = store.versions(tags)
    assert after[tags[0]] != before[tags[0]] and after[tags[1]] == before[tags[1]]
    assert store.load(store.cache_key("testserver", article.url, "", "")) is None
    assert store.load(store.cache_key("testserver", home, "", "")) is not None  # no sidebar
    # Run again: nothing moves.
    assert services.apply_schedule(start + timedelta(minutes=2))["purged"] == []
    Banner.objects.get(pk=row.pk).status == "live"
    done = services.apply_schedule(row.ends_at + timedelta(minutes=1))
    assert done["ended"] == [row.pk] and ("sidebar", "vi") in done["purged"]
    assert Banner.objects.get(pk=row.pk).status == "ended"
