"""The site search's indicators and assets: each page in its language, found by its title,
explainer, and the shared row's names, code and symbol, with or without diacritics; a new
name on the shared row reindexes its pages; unpublishing removes a page. The engine is asked
directly (the markets' own pages are not rendered here)."""

import pytest

from infofinance.markets import search
from infofinance.search import engine, index
from infofinance.search.models import SearchDocument
from infofinance.search.text import parse
from tests.markets_support import make_indicator, make_instrument

pytestmark = pytest.mark.django_db


def found(query, language="vi", kinds=("indicator", "asset")) -> set[tuple[str, int]]:
    hits = engine.candidates(parse(query), engine.Filters(language=language, kinds=kinds))
    return {(hit.kind, hit.object_id) for hit in hits}


@pytest.fixture
def inflation(structure):
    return make_indicator(
        code="vn-cpi-yoy",
        name_vi="Lạm phát Việt Nam (CPI so với cùng kỳ)",
        name_en="Vietnam inflation (CPI year on year)",
        country="VN",
        currency="VND",
        release_zone="Asia/Ho_Chi_Minh",
    )


@pytest.fixture
def gold(structure):
    return make_instrument(code="xau-usd", name_vi="Vàng thế giới", name_en="World gold")


def test_both_sources_are_registered_and_follow_their_pages():
    from infofinance.markets.models import AssetPage, IndicatorPage

    assert {"indicator", "asset"} <= set(index.SOURCES)
    assert index.PAGE_KINDS[IndicatorPage] == "indicator"
    assert index.PAGE_KINDS[AssetPage] == "asset"


def test_folded_text_finds_lam_phat_for_lam_phat_with_diacritics(inflation):
    vi, en = inflation.pages_by_language["vi"], inflation.pages_by_language["en"]
    for query in ("lạm phát", "lam phat", "LAM PHAT", "lạm phat"):
        assert ("indicator", vi.pk) in found(query), query
    assert ("indicator", en.pk) not in found("lam phat")  # the Vietnamese results only
    assert ("indicator", en.pk) in found("inflation", language="en")
    assert ("indicator", vi.pk) not in found("inflation", language="en")


def test_an_indicator_is_found_by_its_explainer_code_and_other_language_name(inflation):
    vi = inflation.pages_by_language["vi"]
    vi.what_it_measures = "<p>Chỉ số giá tiêu dùng đo <b>giỏ hàng hóa</b> của hộ gia đình.</p>"
    vi.save_revision().publish()
    assert ("indicator", vi.pk) in found("gio hang hoa")
    assert ("indicator", vi.pk) in found("vn cpi yoy")
    assert ("indicator", vi.pk) in found("Vietnam inflation")  # the English name, a keyword
    document = SearchDocument.objects.get(kind="indicator", object_id=vi.pk)
    assert "<b>" not in document.summary and document.language == "vi"


def test_an_asset_is_found_by_its_symbol_and_names_in_both_languages(gold):
    vi, en = gold.pages_by_language["vi"], gold.pages_by_language["en"]
    for query in ("vang", "vàng thế giới", "XAU", "xau usd"):
        assert ("asset", vi.pk) in found(query), query
    assert ("asset", en.pk) in found("gold", language="en")
    assert ("asset", en.pk) in found("XAU/USD", language="en")


def test_a_new_name_on_the_shared_row_reindexes_its_pages(inflation):
    vi = inflation.pages_by_language["vi"]
    assert ("indicator", vi.pk) not in found("gia tieu dung")
    inflation.name_en = "Vietnam consumer prices"
    inflation.name_vi = "Giá tiêu dùng Việt Nam"
    inflation.save()
    assert ("indicator", vi.pk) in found("gia tieu dung")


def test_unpublishing_removes_the_page_from_the_results(gold):
    vi = gold.pages_by_language["vi"]
    assert ("asset", vi.pk) in found("vang")
    vi.unpublish()
    assert ("asset", vi.pk) not in found("vang")
    assert not SearchDocument.objects.filter(kind="asset", object_id=vi.pk).exists()


def test_the_result_links_to_the_page_in_its_language(inflation):
    vi, en = inflation.pages_by_language["vi"], inflation.pages_by_language["en"]
    source = index.SOURCES["indicator"]
    assert source.url(vi, "vi") == vi.url and vi.url.startswith("/lich-kinh-te/")
    assert source.url(en, "en").startswith("/en/economic-calendar/")
    assert search.rich_text("<p>A &amp; B</p><ul><li>C</li></ul>") == "A & B C"
