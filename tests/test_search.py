"""Site search: the same cases on SQLite (FTS5) and PostgreSQL (tsvector). Run with
DATABASE_URL=postgres://... for the second backend."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from infofinance.brokers.models import Broker, BrokerAlias, Regulator
from infofinance.demo.brokers import load_brokers
from infofinance.news.models import ArticlePage
from infofinance.search import engine, index, selectors
from infofinance.search.models import SearchDocument
from infofinance.search.text import highlight, parse
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def titles(query, language="vi", **filters):
    hits = engine.candidates(parse(query), engine.Filters(language=language, **filters))
    return [r.plain_title for r in selectors.results_for(hits, parse(query))]


def article(structure, title, *, days_ago=0, **kwargs):
    page = make_article(structure, title=title, **kwargs)
    when = timezone.now() - timedelta(days=days_ago, minutes=1)
    ArticlePage.objects.filter(pk=page.pk).update(published_at=when, first_published_at=when)
    index.update("article", page.pk)
    return page


@pytest.fixture
def corpus(structure):
    article(structure, "Giá dầu thô tăng mạnh sau quyết định của OPEC", days_ago=3)
    article(structure, "Đầu tư vàng cuối năm: nên mua hay bán?", days_ago=3)
    article(structure, "Đồng USD suy yếu trước kỳ nghỉ lễ", days_ago=5)
    article(structure, "Thị trường chứng khoán hồi phục mạnh", days_ago=20)
    article(structure, "Chứng chỉ quỹ và khoán việc trong doanh nghiệp", days_ago=1)
    article(structure, "Gold rises as the dollar weakens", language="en", days_ago=2)
    return structure


# -- matching ----------------------------------------------------------------------------------


def test_folded_query_finds_both_dau_and_dau_with_d_stroke(corpus):
    found = titles("dau")
    assert "Giá dầu thô tăng mạnh sau quyết định của OPEC" in found
    assert "Đầu tư vàng cuối năm: nên mua hay bán?" in found


def test_dong_finds_d_stroke_and_accented_query_finds_plain_text_too(corpus):
    assert titles("dong") == ["Đồng USD suy yếu trước kỳ nghỉ lễ"]
    assert titles("ĐỒNG usd") == ["Đồng USD suy yếu trước kỳ nghỉ lễ"]
    assert titles("gia dau")[0] == "Giá dầu thô tăng mạnh sau quyết định của OPEC"


def test_exact_accented_words_rank_above_folded_only_matches(corpus):
    assert titles("dầu")[0] == "Giá dầu thô tăng mạnh sau quyết định của OPEC"
    assert titles("đầu")[0] == "Đầu tư vàng cuối năm: nên mua hay bán?"


def test_phrase_ranks_above_scattered_words_even_when_older(corpus):
    found = titles("chung khoan")
    assert found[:2] == [
        "Thị trường chứng khoán hồi phục mạnh",
        "Chứng chỉ quỹ và khoán việc trong doanh nghiệp",
    ]


def test_prefix_on_the_last_word_as_the_reader_types(corpus):
    assert titles("thi truong chung kh") == ["Thị trường chứng khoán hồi phục mạnh"]
    assert titles("chứng kho")[0] == "Thị trường chứng khoán hồi phục mạnh"


def test_recency_orders_equally_relevant_news(structure):
    article(structure, "Lãi suất tiết kiệm giảm", days_ago=200)
    article(structure, "Lãi suất tiết kiệm tăng", days_ago=1)
    assert titles("lai suat") == ["Lãi suất tiết kiệm tăng", "Lãi suất tiết kiệm giảm"]


def test_an_old_title_match_is_found_under_many_newer_mentions(structure, monkeypatch):
    """Candidates are narrowed to the most recent matches; the title matches are searched over
    all time, so an old article named by the query still comes first."""
    monkeypatch.setitem(engine.LIMITS, "article", 3)
    old = article(structure, "Cảnh báo sàn Vexora giả mạo", days_ago=900)
    mention = [{"type": "paragraph", "value": "<p>Độc giả hỏi về sàn Vexora giả mạo.</p>"}]
    for number in range(6):
        article(structure, f"Hỏi đáp pháp lý kỳ {number}", days_ago=number, body=mention)
    found = titles("vexora gia mao")
    assert found[0] == old.title
    assert len(found) == 4  # the three most recent mentions and the title match
    assert titles("vexora", kinds=("article",))[0] == old.title
    # PostgreSQL with windows of the newest ids: found below them all the same
    for windows in ((2, 4), (1, 100)):
        monkeypatch.setattr(engine, "WINDOWS", windows)
        engine.forget_newest_id()
        assert titles("vexora gia mao") == found, windows


def test_windowed_search_finds_the_same_most_recent_matches(structure, monkeypatch):
    """PostgreSQL looks for the most recent matches in windows of the newest ids first; old
    matches below every window are still found, and nothing is found twice or out of order."""
    for number in range(8):
        body = [{"type": "paragraph", "value": f"<p>Trái phiếu kỳ {number}.</p>"}]
        article(structure, f"Bản tin số {number}", days_ago=50 - number, body=body)
        article(structure, f"Chuyện khác số {number}", days_ago=50 - number)
    expected = titles("trai phieu")
    monkeypatch.setitem(engine.LIMITS, "article", 5)
    limited = titles("trai phieu")
    assert limited == expected[:5]
    # row by row in the newest ids, then (dense enough) the next window row by row, or else
    # (sparse) the GIN index below the first window
    for windows in ((4, 40), (2, 3), (1, 2), (1, 10_000)):
        monkeypatch.setattr(engine, "WINDOWS", windows)
        engine.forget_newest_id()
        assert titles("trai phieu") == limited, windows
    monkeypatch.setitem(engine.LIMITS, "article", 100)
    assert titles("trai phieu") == expected and len(expected) == 8
    assert titles("ban tin so 0") == ["Bản tin số 0"]


def _skip_ids(count):
    """PostgreSQL: move the document ids on by `count`, so the next documents land in another
    id bucket of the GIN index (engine.BUCKET_SHIFT)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('site_search_searchdocument', 'id'), "
            "nextval(pg_get_serial_sequence('site_search_searchdocument', 'id')) + %s)",
            [count],
        )


def test_bucketed_lookups_find_the_same_most_recent_matches(structure, monkeypatch):
    """PostgreSQL reads the matches below the first window through the GIN index restricted
    to the id buckets that should hold them (then over all older ids): with documents spread
    over many buckets, every window and margin gives the candidates the row-by-row reading
    gives, newest first, title matches included; SQLite gives the same."""
    from django.db import connection

    spread = connection.vendor == "postgresql"
    for number in range(12):
        if spread:
            _skip_ids((1 << engine.BUCKET_SHIFT) * (number % 3) + 7)
        scattered = [{"type": "paragraph", "value": f"<p>Chứng chỉ số {number} và khoán.</p>"}]
        phrase = [{"type": "paragraph", "value": f"<p>Thị trường chứng khoán kỳ {number}.</p>"}]
        article(structure, f"Điểm tin số {number}", days_ago=60 - number, body=phrase)
        article(structure, f"Chuyện khác số {number}", days_ago=60 - number, body=scattered)
        if number % 4 == 0:
            article(structure, f"Chứng khoán tuần {number}", days_ago=60 - number)
    monkeypatch.setattr(engine, "WINDOWS", (10**9, 10**9))  # the first window: every id
    engine.forget_newest_id()
    expected = titles("chung kho")
    assert len(expected) == 27 and expected[0].startswith("Chứng khoán tuần")
    monkeypatch.setitem(engine.LIMITS, "article", 7)
    monkeypatch.setattr(engine, "TITLE_LIMIT", 2)
    limited = titles("chung kho")
    for windows in ((3, 10**9), (1, 10**9), (2, 5), (1, 1), (4, 1 << engine.BUCKET_SHIFT)):
        for margin in (0.1, 1.0, 1.5, 50.0):
            monkeypatch.setattr(engine, "WINDOWS", windows)
            monkeypatch.setattr(engine, "MARGIN", margin)
            engine.forget_newest_id()
            assert titles("chung kho") == limited, (windows, margin)
            assert titles("chung khoan") == limited, (windows, margin)
    assert titles("chung khozz") == []


def test_prefix_lookups_spell_out_the_indexed_words(structure):
    """PostgreSQL: the vocabulary holds every indexed lexeme, kept by each write and refilled by
    a rebuild, so a GIN lookup reads the last word's prefix as exact lexemes."""
    from django.db import connection

    article(structure, "Chứng khoán khởi sắc, khoảng cách thu hẹp", days_ago=1)
    if connection.vendor != "postgresql":
        assert titles("khoan") == ["Chứng khoán khởi sắc, khoảng cách thu hẹp"]
        return
    assert engine.expansions(parse("chung khoa")) == ("khoan", "khoang")
    assert engine.expansions(parse("khoa")) == ("khoan", "khoang")
    assert engine.expansions(parse("chung khoang")) == ("khoang",)
    assert engine.expansions(parse("khoz")) == ()
    assert engine.expansions(parse("chung k")) is None  # one letter: matched whole
    assert engine.lookup_tsquery(parse("chung khoa"), ("khoan", "khoang")) == (
        "'chung' & ('khoan' | 'khoang')"
    )
    assert engine.lookup_tsquery(parse("chung khoa"), None) == "'chung' & 'khoa':*"
    assert engine.lookup_tsquery(parse("chung khoz"), ()) is None
    assert titles("chung khoa") == ["Chứng khoán khởi sắc, khoảng cách thu hẹp"]
    index.rebuild()
    assert engine.expansions(parse("khoa")) == ("khoan", "khoang")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM site_search_word")
        assert cursor.fetchone()[0] > 5


def test_postgresql_lookups_use_the_bucketed_and_small_indexes(corpus):
    """The GIN lookups below the first window read the bucketed index (site_search_words), and
    the small kinds their own (site_search_small)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's indexes")
    where, params = engine._pg_filters("article", engine.Filters())
    part = engine._Part(
        0, "article", False, engine.tsquery(parse("chung khoan"), phrase=False), where, params, 10
    )
    plain = engine.lookup_tsquery(parse("chung khoan"), ("khoan",))
    small_where, small_params = engine._pg_filters("broker", engine.Filters())
    small = engine._Part(1, "broker", False, "'bhx':*", small_where, small_params, 10)
    newest = SearchDocument.objects.order_by("-id").values_list("id", flat=True).first()
    plans = []
    with connection.cursor() as cursor:
        # a handful of rows: leave the planner only the full-text indexes (rolled back)
        for statement in (
            "DROP INDEX search_document_object",
            "DROP INDEX site_search_recent",
            "ALTER TABLE site_search_searchdocument DROP CONSTRAINT unique_search_document",
            "ALTER TABLE site_search_searchdocument DROP CONSTRAINT "
            "site_search_searchdocument_pkey",
            "SET LOCAL enable_seqscan = off",
        ):
            cursor.execute(statement)
        for sql, sql_params in (
            engine._bucket_sql(part, plain, 0, newest, 10),
            engine._lookup_sql(part, plain, newest, 10),
            engine._small_sql(small),
        ):
            cursor.execute("EXPLAIN " + sql, sql_params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
        cursor.execute(*engine._bucket_sql(part, plain, 0, newest, 10))
        assert len(cursor.fetchall()) == 2  # the phrase and the scattered words
    # The ids' buckets are ANDed into the index condition. Which buckets depends on how far
    # PostgreSQL's sequence has moved (it does not roll back with a test), not on this test.
    bucket_terms = [f"''#{number}''" for number in range(0, (newest >> engine.BUCKET_SHIFT) + 1)]
    assert "site_search_words" in plans[0]
    assert "''khoan'' &" in plans[0] and all(term in plans[0] for term in bucket_terms)
    assert "site_search_words" in plans[1]
    assert "site_search_small" in plans[2]


def test_language_of_the_page_first_and_both_languages_on_request(corpus):
    assert titles("gold", language="vi") == []
    assert titles("gold", language="en") == ["Gold rises as the dollar weakens"]
    assert titles("gold", language="vi", both_languages=True) == [
        "Gold rises as the dollar weakens"
    ]


def test_brokers_match_by_name_alias_and_abbreviation(structure):
    load_brokers()
    assert titles("blue harbor", kinds=("broker",)) == ["BlueHarbor FX"]
    assert titles("bhx", kinds=("broker",)) == ["BlueHarbor FX"]
    assert titles("BLUEHARBOUR", language="en", kinds=("broker",)) == ["BlueHarbor FX"]
    assert "Sàn Đông Á Invest" in titles("dong a", kinds=("broker",))


def test_regulators_are_found_by_abbreviation(structure):
    load_brokers()
    assert any("Financial Conduct Authority" in t for t in titles("fca", kinds=("regulator",)))


def test_highlight_escapes_markup_before_marking_words():
    html = highlight("<b>Giá dầu</b> & Đầu tư", parse("dau"))
    assert html == "&lt;b&gt;Giá <mark>dầu</mark>&lt;/b&gt; &amp; <mark>Đầu</mark> tư"


def test_highlight_handles_nfd_text_and_prefixes():
    import unicodedata

    text = unicodedata.normalize("NFD", "Chứng khoán Việt Nam")
    html = highlight(text, parse("chung kho"))
    assert html.count("<mark>") == 2 and html.endswith("Việt Nam".replace("ệ", "ệ")) is False


# -- the index follows the content -------------------------------------------------------------


def test_publish_makes_findable_and_unpublish_removes(structure):
    page = make_article(structure, title="Cảnh báo sàn Zorbex lừa đảo", live=False)
    assert titles("zorbex") == []
    page.save_revision().publish()
    assert titles("zorbex") == ["Cảnh báo sàn Zorbex lừa đảo"]
    page.refresh_from_db()
    page.title = "Cảnh báo sàn Zorbex giả mạo"
    page.save_revision().publish()
    assert titles("zorbex") == ["Cảnh báo sàn Zorbex giả mạo"]
    assert titles("lua dao") == []
    page.unpublish()
    assert titles("zorbex") == []
    assert not SearchDocument.objects.filter(kind="article", object_id=page.pk).exists()


def test_deleting_or_restricting_an_article_removes_it(structure):
    page = make_article(structure, title="Bài Quixotic về trái phiếu")
    other = make_article(structure, title="Bài Quixotic thứ hai")
    assert len(titles("quixotic")) == 2
    ArticlePage.objects.get(pk=page.pk).delete()
    assert titles("quixotic") == ["Bài Quixotic thứ hai"]
    restriction = PageViewRestriction.objects.create(page=other, restriction_type="login")
    assert titles("quixotic") == []
    restriction.delete()
    assert titles("quixotic") == ["Bài Quixotic thứ hai"]


def test_broker_changes_follow_at_once(structure):
    load_brokers()
    broker = Broker.objects.get(name="BlueHarbor FX")
    BrokerAlias.objects.create(broker=broker, name="Cảng Xanh")
    assert titles("cang xanh", kinds=("broker",)) == ["BlueHarbor FX"]
    broker.hidden = True
    broker.save()
    assert titles("blue harbor", kinds=("broker",)) == []
    broker.hidden = False
    broker.name = "BlueHarbor Markets"
    broker.save()
    assert titles("harbor markets", kinds=("broker",)) == ["BlueHarbor Markets"]
    broker.delete()
    assert titles("blueharbor", kinds=("broker",)) == []
    regulator = Regulator.objects.create(
        name="Cơ quan Thử nghiệm", abbreviation="CQTN", country="VN"
    )
    assert titles("co quan thu", kinds=("regulator",)) == ["Cơ quan Thử nghiệm"]
    regulator.delete()
    assert titles("cqtn", kinds=("regulator",)) == []


def test_rebuild_command_recreates_the_index(corpus, capsys):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    err = capsys.readouterr().err
    assert "article" in err and "6/6" in err
    assert titles("dong") == ["Đồng USD suy yếu trước kỳ nghỉ lễ"]
    assert SearchDocument.objects.filter(kind="article").count() == 6
    # oldest first: the newest article has the highest id
    newest = SearchDocument.objects.filter(kind="article").order_by("-id").first()
    assert newest.title == "Chứng chỉ quỹ và khoán việc trong doanh nghiệp"


def test_exclusive_rebuild_creates_the_fulltext_indexes_again(corpus, capsys):
    from django.db import connection

    def filenode():  # a TRUNCATE gives the table a new file: no dead rows left behind
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_filenode('site_search_searchdocument')")
            return cursor.fetchone()[0]

    before = filenode()
    call_command("rebuild_search_index", "--exclusive")
    assert before is None or filenode() != before
    assert "6/6" in capsys.readouterr().err
    assert titles("chung khoan")[0] == "Thị trường chứng khoán hồi phục mạnh"
    assert titles("vàng")[0] == "Đầu tư vàng cuối năm: nên mua hay bán?"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'site_search_searchdocument'"
            )
            names = {row[0] for row in cursor.fetchall()}
        assert set(index.PG_FULLTEXT_INDEXES) <= names


def test_bulk_date_changes_reach_the_index(corpus):
    page = ArticlePage.objects.get(title="Đồng USD suy yếu trước kỳ nghỉ lễ")
    when = timezone.now() - timedelta(days=400)
    ArticlePage.objects.filter(pk=page.pk).update(published_at=when)
    from infofinance.core.signals import content_changed

    content_changed.send(sender=ArticlePage)
    document = SearchDocument.objects.get(kind="article", object_id=page.pk)
    assert abs(document.published_at - when) < timedelta(seconds=1)


# -- the results page --------------------------------------------------------------------------


def test_results_page_with_tabs_counts_snippets_and_noindex(corpus, client):
    load_brokers()
    response = client.get("/tim-kiem/", {"q": "dau"})
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    html = response.text
    assert '<meta name="robots" content="noindex' in html or "noindex" in html
    assert "<mark>dầu</mark>" in html and "<mark>Đầu</mark>" in html
    assert 'data-kind="article"' in html
    assert 'data-kind="broker"' in html  # the tab, even with no broker match


def test_type_tab_section_and_date_filters(corpus, client):
    load_brokers()
    html = client.get("/tim-kiem/", {"q": "blue harbor", "type": "broker"}).text
    assert 'href="/tra-cuu-san/blueharbor-fx/"' in html
    assert 'class="search-hit search-hit--article"' not in html
    section = corpus.sections[("vi", "market")].pk
    html = client.get("/tim-kiem/", {"q": "dau", "section": section, "type": "article"}).text
    assert "<mark>dầu</mark>" in html
    other = corpus.sections[("vi", "world")].pk
    html = client.get("/tim-kiem/", {"q": "dau", "section": other, "type": "article"}).text
    assert "<mark>dầu</mark>" not in html
    today = timezone.localdate()
    html = client.get(
        "/tim-kiem/",
        {"q": "chung", "date_from": (today - timedelta(days=10)).isoformat(), "type": "article"},
    ).text
    hits = html.split('class="search-hits"')[-1]
    assert "chỉ quỹ" in hits and "hồi phục" not in hits


def test_invalid_filters_are_reported_next_to_the_field(corpus, client):
    html = client.get(
        "/tim-kiem/", {"q": "dau", "date_from": "31/31/2026", "section": "abc", "type": "x"}
    ).text
    assert "field-error" in html
    assert "<mark>dầu</mark>" in html
    html = client.get(
        "/en/search/", {"q": "gold", "date_from": "2026-02-01", "date_to": "2026-01-01"}
    ).text
    assert "The end date is before the start date." in html


def test_pagination_keeps_the_query_and_clamps_pages(structure, client, settings):
    for number in range(5):
        article(structure, f"Trái phiếu doanh nghiệp kỳ {number}", days_ago=number)
    settings.NEWS_PAGE_SIZE = 2
    html = client.get("/tim-kiem/", {"q": "trai phieu", "page": "2"}).text
    assert "Trang 2 / 3" in html
    assert "q=trai+phieu&amp;page=3" in html and "q=trai+phieu&amp;page=1" in html
    last = client.get("/tim-kiem/", {"q": "trai phieu", "page": str(10**9)}).text
    assert "Trang 3 / 3" in last and 'rel="next"' not in last
    assert last.count('class="search-hit ') == 1
    first = client.get("/tim-kiem/", {"q": "trai phieu", "page": "-1"}).text
    assert 'rel="prev"' not in first and 'rel="next"' in first


def test_results_page_query_budget(corpus, client, django_assert_max_num_queries):
    load_brokers()
    client.get("/tim-kiem/", {"q": "dau"})  # warm caches (site, locales)
    with django_assert_max_num_queries(14):
        assert client.get("/tim-kiem/", {"q": "gia dau"}).status_code == 200


def test_suggestions_for_brokers_and_articles(corpus, client):
    load_brokers()
    data = client.get("/tim-kiem/goi-y/", {"q": "blue"}).json()
    assert data["brokers"][0] == {"name": "BlueHarbor FX", "url": "/tra-cuu-san/blueharbor-fx/"}
    data = client.get("/en/search/suggest/", {"q": "gol"}).json()
    assert data["articles"][0]["title"] == "Gold rises as the dollar weakens"
    assert data["articles"][0]["url"].startswith("/en/news/")
    assert client.get("/tim-kiem/goi-y/", {"q": ""}).json() == {"brokers": [], "articles": []}


def test_existing_site_search_for_brokers_still_works(structure, client):
    load_brokers()
    html = client.get("/tim-kiem/", {"q": "dong a"}).text
    assert 'href="/tra-cuu-san/san-dong-a-invest/"' in html


BAD_INPUT = [
    "",
    " ",
    "a",
    "x" * 10_000,
    '"',
    '"gia vang',
    "'",
    "*",
    "gia*",
    "-",
    "-gia",
    ":",
    "title:gia",
    "(",
    "(gia OR vang",
    ")",
    "AND",
    "OR",
    "NEAR",
    "gia NEAR/2 vang",
    "gia AND OR NOT vang",
    "{title}: x",
    "^gia",
    "' OR 1=1 --",
    "'; DROP TABLE site_search_fts; --",
    "1; SELECT * FROM wagtailcore_page",
    "😀💰",
    "giá 😀 vàng",
    "gia\u0301 va\u0300ng",  # combining marks typed separately (NFD)
    "\u0301\u0300",
    "مرحبا بالعالم",  # right to left
    "\u202egia vang",
    "\x00gia",
    "a:* & ! <-> |",
    "\\",
    "%_%",
]


@pytest.mark.parametrize("q", BAD_INPUT)
def test_bad_input_answers_200(corpus, client, q):
    response = client.get("/tim-kiem/", {"q": q, "page": "1"})
    assert response.status_code == 200
    assert client.get("/en/search/suggest/", {"q": q}).status_code == 200
    for kind in ("", "article", "broker"):
        assert client.get("/en/search/", {"q": q, "type": kind}).status_code == 200


@pytest.mark.parametrize("page", ["-1", "0", str(10**9), "abc", "1e9", "", "9" * 40])
def test_bad_page_numbers_answer_200(corpus, client, page):
    assert client.get("/tim-kiem/", {"q": "dau", "page": page}).status_code == 200


def test_page_language_first_and_other_language_marked(structure, client, settings, tmp_path):
    """A complaint published in Vietnamese only is listed on the English page after the English
    results, marked as Vietnamese; `datetime` attributes carry no microseconds."""
    import re

    from tests.complaints_support import make_complaint, make_user, publish

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    broker = Broker.objects.create(name="Goldvine Markets", abbreviation="GVM")
    complaint = make_complaint(make_user("gv@example.com"), broker, title="Không rút được tiền")
    publish(complaint, title="Không rút được tiền", text="Sàn không xử lý yêu cầu rút tiền.")
    article(structure, "Gold hits a record as investors seek safety", language="en", days_ago=30)
    found = titles("gold", language="en")
    assert found == [
        "Gold hits a record as investors seek safety",
        broker.name,
        "Không rút được tiền",
    ]
    html = client.get("/en/search/", {"q": "gold"}).text
    assert html.count("In Vietnamese") == 1
    assert '<h3 class="search-hit__title" lang="vi">' in html
    stamps = re.findall(r'datetime="([^"]+)"', html)
    assert stamps and all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", s) for s in stamps
    )
    assert "In Vietnamese" not in client.get("/tim-kiem/", {"q": "gold"}).text
