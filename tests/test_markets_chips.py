"""The markets on the newsroom's pages (docs/design/markets.md §3): the release chip (actual,
forecast, previous, a link to the indicator) and the asset chip (the price at publication and
now, each labelled with its time, never "live") under an article's lead, read from a site-wide
value (no query); the article editor's panels; the menu entries; the home block."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from infofinance.fastpath import sitecache
from infofinance.markets import cache, slots
from infofinance.markets.models import ArticleAssetLink, ArticleReleaseLink, Price
from infofinance.markets.services import record_price
from infofinance.pagecache import store
from infofinance.wiring import slots as wiring_slots
from tests.factories import make_article
from tests.markets_support import index_pages, make_indicator, make_instrument, make_release

pytestmark = pytest.mark.django_db


def released(indicator, **fields):
    values = {"actual": "3.2", "forecast": "3.1", "previous": "3.0", "status": "released"}
    values.update(fields)
    return make_release(
        indicator,
        period=date(2026, 11, 1),
        scheduled_at=timezone.now() - timedelta(days=1),
        **values,
    )


def priced_article(structure, gold, **article):
    """An article published five hours ago, tagged with `gold`: a price before it (100) and a
    newer one (110.5)."""
    page = make_article(structure, hours_ago=5, **article)
    published = page.first_published_at
    Price.objects.create(instrument=gold, at=published - timedelta(hours=1), close=Decimal("100"))
    Price.objects.create(instrument=gold, at=published + timedelta(minutes=1), close=Decimal("99"))
    Price.objects.create(
        instrument=gold, at=timezone.now() - timedelta(minutes=10), close=Decimal("110.5")
    )
    ArticleAssetLink.objects.create(page=page, instrument=gold)
    slots.forget_chips()
    return page


def chip_of(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    ends = [html.find(mark, start + 1) for mark in ('<div class="market-chip', "</aside>")]
    return html[start : min(end for end in ends if end != -1)]


def test_an_article_linked_to_a_release_shows_its_figures(client, structure):
    cpi = make_indicator()
    release = released(cpi, revised_previous="2.9")
    article = make_article(structure, title="Lạm phát Mỹ tăng nhẹ")
    other = make_article(structure, title="Tin không liên quan")
    ArticleReleaseLink.objects.create(page=article, release=release)
    slots.forget_chips()
    html = client.get(article.url).content.decode()
    chip = chip_of(html, "release-chip")
    assert "3,2%" in chip and "3,1%" in chip and "2,9%" in chip  # the revised previous
    assert cpi.pages_by_language["vi"].url in chip and cpi.name_vi in chip
    head = html[: html.index("</head>")]
    assert "/static/markets/chips.css" in head
    assert html.index('data-testid="release-chip"') > html.index('class="article__lead"')
    other_html = client.get(other.url).content.decode()
    assert 'data-testid="release-chip"' not in other_html
    assert "/static/markets/chips.css" not in other_html  # no chip, no stylesheet


def test_the_english_article_shows_english_figures(client, structure):
    cpi = make_indicator()
    release = released(cpi)
    source = make_article(structure, title="Lạm phát Mỹ")
    english = make_article(structure, title="US inflation", language="en", translation_of=source)
    ArticleReleaseLink.objects.create(page=english, release=release)
    slots.forget_chips()
    chip = chip_of(client.get(english.url).content.decode(), "release-chip")
    assert "3.2%" in chip and "3.1%" in chip and "3.0%" in chip
    assert cpi.pages_by_language["en"].url in chip and cpi.name_en in chip


def test_an_article_tagged_with_an_asset_shows_both_prices_with_their_times(client, structure):
    gold = make_instrument(decimals=2)
    article = priced_article(structure, gold)
    html = client.get(article.url).content.decode()
    chip = chip_of(html, "asset-chip")
    published = article.first_published_at
    then = slots._short_moment(published - timedelta(hours=1), "vi")
    now = slots._short_moment(Price.objects.filter(instrument=gold).latest("at").at, "vi")
    assert "100,00" in chip and then in chip  # the newest price at or before publication
    assert "99,00" not in chip  # a price after publication is not "at publication"
    assert "110,50" in chip and now in chip
    assert "+10,50 (+10,50%)" in chip
    assert "live" not in chip.lower() and "trực tiếp" not in chip.lower()
    english = make_article(structure, title="Gold rises", language="en", hours_ago=5)
    ArticleAssetLink.objects.create(page=english, instrument=gold)
    slots.forget_chips()
    english_chip = chip_of(client.get(english.url).content.decode(), "asset-chip")
    assert "at publication, " in english_chip and "now, as of " in english_chip
    assert "110.50" in english_chip and "live" not in english_chip.lower()


def chip_context(article):
    return Context({"page": article, "request": RequestFactory().get(article.url)})


def test_the_chips_cost_no_query_and_declare_what_they_show(structure, django_assert_num_queries):
    cpi = make_indicator()
    release = released(cpi)
    gold = make_instrument()
    article = priced_article(structure, gold)
    ArticleReleaseLink.objects.create(page=article, release=release)
    slots.forget_chips()
    with translation.override("vi"):
        slots.chips("vi")  # built once, kept in the shared cache
        sitecache.start_request()
        token = store.begin_render()
        try:
            with django_assert_num_queries(0):
                context = chip_context(article)
                head = slots.article_stylesheet(context)
                fragment = slots.article_chips_block(context)
        finally:
            declared = store.end_render(token)
            sitecache.end_request()
    assert "chips.css" in head
    assert fragment[0] == "markets/chips/article_chips.html"
    assert fragment[1]["releases"][0]["actual"] == "3,2%"
    assert declared == {cache.release_chip(release.pk), cache.instrument(gold.pk)}


def test_an_article_with_chips_costs_the_same_queries_as_one_without(client, structure):
    cpi = make_indicator()
    release = released(cpi)
    gold = make_instrument()
    warm = make_article(structure, title="Bài làm nóng", hours_ago=5)
    plain = make_article(structure, title="Bài không có chip", hours_ago=5)
    chipped = priced_article(structure, gold, title="Bài có chip")
    ArticleReleaseLink.objects.create(page=chipped, release=release)
    slots.forget_chips()
    client.get(warm.url)  # the first request fills the site-wide values (and the chips)
    with CaptureQueriesContext(connection) as without:
        plain_html = client.get(plain.url).content.decode()
    with CaptureQueriesContext(connection) as with_chips:
        chipped_html = client.get(chipped.url).content.decode()
    assert 'data-testid="asset-chip"' not in plain_html
    assert 'data-testid="asset-chip"' in chipped_html
    assert 'data-testid="release-chip"' in chipped_html
    assert len(with_chips) == len(without), [q["sql"] for q in with_chips.captured_queries]


def test_a_new_price_drops_the_chips_and_shows_next_time(client, structure):
    gold = make_instrument(decimals=2)
    article = priced_article(structure, gold)
    assert "110,50" in chip_of(client.get(article.url).content.decode(), "asset-chip")
    assert sitecache.read(slots.CHIPS_KEY.format(language="vi")) is not None
    record_price(gold, at=timezone.now() - timedelta(minutes=1), close="120.25")
    assert sitecache.read(slots.CHIPS_KEY.format(language="vi")) is None
    assert slots.article_chips(article, "vi")["assets"][0]["now"] == "120,25"


def test_an_older_article_past_the_values_cutoff_still_gets_its_chips(structure, monkeypatch):
    cpi = make_indicator()
    release = released(cpi)
    old = make_article(structure, title="Bài cũ", hours_ago=48)
    new = make_article(structure, title="Bài mới", hours_ago=1)
    for article in (old, new):
        ArticleReleaseLink.objects.create(page=article, release=release)
    monkeypatch.setattr(slots, "CHIP_ARTICLES", 1)
    slots.forget_chips()
    value = slots.chips("vi")
    assert set(value["articles"]) == {new.pk} and value["cutoff"]
    assert slots.article_chips(old, "vi")["releases"][0]["actual"] == "3,2%"


def test_a_draft_article_has_no_chip_in_the_value(structure):
    release = released(make_indicator())
    draft = make_article(structure, title="Bản nháp", live=False)
    ArticleReleaseLink.objects.create(page=draft, release=release)
    slots.forget_chips()
    assert draft.pk not in slots.chips("vi")["articles"]


def test_the_article_editor_offers_the_markets_links():
    from wagtail.admin.panels import InlinePanel

    from infofinance.news.models import ArticlePage

    panels = wiring_slots.panels("article.editor")
    relations = {panel.relation_name for panel in panels if isinstance(panel, InlinePanel)}
    assert {"release_links", "indicator_links", "asset_links"} <= relations
    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert {"release_links", "indicator_links", "asset_links"} <= set(form_class.formsets)


def test_the_menu_links_to_the_calendar_which_links_to_the_assets(client, structure):
    """One menu item (the desktop menu stays one row); the assets are one click further."""
    index_pages()
    for home, calendar, assets, label in (
        ("/", "/lich-kinh-te/", "/tai-san/", "Lịch kinh tế"),
        ("/en/", "/en/economic-calendar/", "/en/assets/", "Calendar"),
    ):
        menu = client.get(home).content.decode()
        menu = menu[menu.index('id="site-nav-more"') :]
        menu = menu[: menu.index("</ul>")]
        assert f'<li><a href="{calendar}">{label}</a></li>' in menu
        assert f'href="{assets}"' in client.get(calendar).content.decode()


def test_the_home_block_lists_the_next_high_importance_releases(client, structure):
    cpi = make_indicator(importance=3)
    minor = make_indicator(importance=1)
    soon = timezone.now() + timedelta(days=2)
    make_release(cpi, period=date(2026, 11, 1), scheduled_at=soon, forecast="3.4")
    make_release(minor, period=date(2026, 11, 1), scheduled_at=soon)
    html = client.get("/").content.decode()
    block = html[html.index('data-testid="home-releases"') :]
    block = block[: block.index("</section>")]
    assert cpi.name_vi in block and "3,4%" in block and minor.name_vi not in block
    assert "/static/markets/chips.css" in html[: html.index("</head>")]


def test_the_home_block_is_absent_without_upcoming_releases(client, structure):
    html = client.get("/").content.decode()
    assert 'data-testid="home-releases"' not in html
    assert "/static/markets/chips.css" not in html


# -- the article editor in the admin ----------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model, staff_login):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    staff_login(client, user)
    return client


def test_the_editor_links_an_article_to_a_release_through_a_chooser(admin_client, structure):
    from django.urls import reverse

    cpi = make_indicator(code="us-cpi-yoy-test")
    release = released(cpi)
    other = released(make_indicator(code="ecb-rate-test"), period_start=date(2026, 10, 1))
    article = make_article(structure, title="Lạm phát Mỹ")
    edit = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit.status_code == 200
    assert "Releases explained" in edit.text and "id_release_links-FORMS" in edit.text
    chooser = reverse("markets_release_chooser:choose")
    assert chooser in edit.text  # the inline's field is a chooser, not a select of every release
    listing = admin_client.get(chooser)
    assert listing.status_code == 200
    found = admin_client.get(reverse("markets_release_chooser:choose_results"), {"q": "cpi-yoy"})
    assert str(release) in found.text and str(other) not in found.text
