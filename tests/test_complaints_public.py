"""Public complaint pages: only approved, not hidden complaints, without personal data; lists per
category (both languages) and per broker; counts and latest on broker and home pages; cacheable
for anonymous readers; query budgets that do not grow; sitemaps; localized 404s."""

import pytest

from infofinance.complaints import services
from infofinance.complaints.models import Status
from tests import complaints_support as support
from tests.complaints_support import make_complaint, make_user

pytestmark = pytest.mark.django_db

private_root = support.private_root
reader, manager, broker = support.reader, support.manager, support.broker


@pytest.fixture
def published(reader, broker):
    shown = make_complaint(
        reader, broker, title="Sàn giữ tiền ký quỹ", category="cannot_withdraw", published=True
    )
    other = make_complaint(
        reader, None, title="Lệnh bị đóng sai giá", category="price_manipulation"
    )
    support.publish(other, text="Giá bị kéo lên trong 2 giây.")
    hidden = make_complaint(reader, broker, title="Khiếu nại đã ẩn", published=True, hidden=True)
    make_complaint(reader, broker, title="Chưa duyệt công bố")
    make_complaint(reader, broker, title="Bản nháp", status=Status.DRAFT)
    return {"shown": shown, "other": other, "hidden": hidden}


def test_index_lists_only_published_visible_complaints(client, published):
    html = client.get("/khieu-nai/").text
    assert "Sàn giữ tiền ký quỹ" in html and "Lệnh bị đóng sai giá" in html
    for absent in ("Khiếu nại đã ẩn", "Chưa duyệt công bố", "Bản nháp"):
        assert absent not in html
    for personal in ("Nguyễn Văn An", "an@example.com", "0901234567"):
        assert personal not in html
    assert "N. V. A." in html
    assert "Complaints" in client.get("/en/complaints/").text


@pytest.mark.parametrize(
    "vi,en,category",
    [
        ("lua-dao", "scam", "scam"),
        ("khong-rut-duoc-tien", "cannot-withdraw", "cannot_withdraw"),
        ("thao-tung-gia", "price-manipulation", "price_manipulation"),
        ("ly-do-khac", "other", "other"),
    ],
)
def test_category_pages_in_both_languages(client, published, vi, en, category):
    for url in (f"/khieu-nai/danh-muc/{vi}/", f"/en/complaints/category/{en}/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.text
        assert ("Sàn giữ tiền ký quỹ" in html) == (category == "cannot_withdraw")
        assert ("Lệnh bị đóng sai giá" in html) == (category == "price_manipulation")
    html = client.get(f"/khieu-nai/danh-muc/{vi}/").text
    assert f'href="/en/complaints/category/{en}/"' in html  # the language switch


def test_unknown_category_or_slug_is_a_localized_404(client, published):
    response = client.get("/khieu-nai/danh-muc/scam/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.text
    response = client.get("/en/complaints/no-such-complaint/")
    assert response.status_code == 404 and "Page not found" in response.text
    assert client.get(f"/khieu-nai/{published['hidden'].public_slug}/").status_code == 404


def test_detail_page_has_no_personal_data_or_evidence(client, published):
    complaint = published["shown"]
    services.add_evidence(
        complaint, [services.CleanFile("a.pdf", support.PDF, "application/pdf")], None
    )
    html = client.get(f"/khieu-nai/{complaint.public_slug}/").text
    assert "Sàn giữ tiền ký quỹ" in html and "N. V. A." in html
    for personal in ("Nguyễn Văn An", "an@example.com", "0901234567", "a.pdf", "/tep/"):
        assert personal not in html
    html = client.get(f"/en/complaints/{complaint.public_slug}/").text
    assert (
        "Cannot withdraw funds" in html and "Personal details and evidence are not shown." in html
    )


def test_per_broker_list(client, published, broker):
    html = client.get("/khieu-nai/", {"broker": broker.slug}).text
    assert "Sàn giữ tiền ký quỹ" in html and "Lệnh bị đóng sai giá" not in html
    html = client.get("/khieu-nai/", {"broker": "no-such-broker"}).text
    assert "Sàn giữ tiền ký quỹ" not in html and "Lệnh bị đóng sai giá" not in html


def test_broker_and_home_pages_show_counts_and_latest(client, published, broker, structure):
    html = client.get(f"/tra-cuu-san/{broker.slug}/").text
    assert "1 khiếu nại đã công bố về sàn này." in html
    assert "Sàn giữ tiền ký quỹ" in html and "Khiếu nại đã ẩn" not in html
    assert f'href="/khieu-nai/gui/?broker={broker.slug}"' in html
    html = client.get(f"/en/broker/{broker.slug}/").text
    assert "1 published complaint about this broker." in html
    home = client.get("/").text
    assert "Khiếu nại mới nhất" in home and "Lệnh bị đóng sai giá" in home
    assert "Khiếu nại đã ẩn" not in home


def test_public_pages_are_cacheable_for_anonymous_readers(client, published, broker):
    for url in (
        "/khieu-nai/",
        "/en/complaints/category/scam/",
        f"/khieu-nai/{published['shown'].public_slug}/",
        f"/tra-cuu-san/{broker.slug}/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.text


def test_pagination(client, reader, broker):
    for number in range(25):
        make_complaint(reader, broker, title=f"Khiếu nại số {number:02d}", published=True)
    first = client.get("/khieu-nai/").text
    second = client.get("/khieu-nai/", {"page": 2}).text
    assert "Khiếu nại số 24" in first and "Khiếu nại số 00" not in first
    assert "Khiếu nại số 00" in second
    assert client.get("/khieu-nai/", {"page": "x"}).status_code == 200


def test_query_budgets_do_not_grow_with_complaints(
    client, reader, broker, structure, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    make_complaint(reader, broker, published=True)
    urls = [
        "/khieu-nai/",
        "/en/complaints/category/cannot-withdraw/",
        f"/tra-cuu-san/{broker.slug}/",
    ]
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        counts[url] = len(captured.captured_queries)
    for number in range(30):
        make_complaint(
            reader, broker, title=f"Khiếu nại {number}", published=True, highlighted=True
        )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_broker_page_budget_with_reviews_and_complaints(
    client, reader, broker, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    from infofinance.reviews.models import Review

    for number in range(15):
        user = make_user(f"r{number}@example.com")
        Review.objects.create(broker=broker, user=user, rating=1 + number % 5, comment="Ổn.")
        make_complaint(reader, broker, title=f"K {number}", published=True)
    client.get(f"/tra-cuu-san/{broker.slug}/")
    with django_assert_max_num_queries(12):
        assert client.get(f"/tra-cuu-san/{broker.slug}/").status_code == 200


def test_sitemap_lists_published_complaints_in_both_languages(client, published):
    index = client.get("/sitemap.xml").text
    assert "sitemap-vi-complaints.xml" in index and "sitemap-en-complaints.xml" in index
    vi = client.get("/sitemap-vi-complaints.xml").text
    assert f"/khieu-nai/{published['shown'].public_slug}/" in vi
    assert f"/en/complaints/{published['shown'].public_slug}/" in vi  # alternate
    assert published["hidden"].public_slug not in vi
    # Valid against the sitemaps.org schemas, like every other part and the index.
    from tests.test_discovery import INDEX_SCHEMA, SITEMAP_SCHEMA

    INDEX_SCHEMA.validate(index)
    for part in ("/sitemap-vi-complaints.xml", "/sitemap-en-complaints.xml"):
        SITEMAP_SCHEMA.validate(client.get(part).content.decode())


def test_old_complaint_address_redirects(client):
    response = client.get("/danh-gia-san")
    assert response.status_code == 301 and response["Location"] == "/khieu-nai/"


def test_header_links_to_complaints(client, structure):
    assert 'href="/khieu-nai/"' in client.get("/").text
    assert 'href="/en/complaints/"' in client.get("/en/").text


def test_pages_of_a_broker_list_keep_the_broker(client, reader, broker):
    for number in range(22):
        make_complaint(reader, broker, title=f"K {number}", published=True)
    html = client.get("/khieu-nai/", {"broker": broker.slug}).text
    assert f'href="?broker={broker.slug}&amp;page=2"' in html


def test_site_search_finds_published_complaints_only_without_personal_data(client, published):
    from tests.test_search import titles

    # Folded, in both languages, with their own tab; never the hidden, unpublished or draft ones.
    assert titles("san giu tien") == ["Sàn giữ tiền ký quỹ"]
    assert titles("lenh bi dong sai gia", language="en") == ["Lệnh bị đóng sai giá"]
    assert titles("da an") == [] and titles("chua duyet") == [] and titles("ban nhap") == []
    page = client.get("/tim-kiem/", {"q": "giữ tiền", "type": "complaint"}).text
    assert 'data-kind="complaint"' in page
    assert f'href="/khieu-nai/{published["shown"].public_slug}/"' in page
    # The complainant's name, e-mail and phone are not in the index.
    assert titles("nguyen van an") == [] and titles("0901234567") == []

    # Unpublishing or hiding takes it out at once.
    services.set_publication(published["shown"], published=False)
    assert titles("san giu tien") == []
    published["other"].hidden = True
    published["other"].save()
    assert titles("lenh bi dong sai gia", language="en") == []
