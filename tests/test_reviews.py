"""Broker reviews: one per reader and broker, 1–5 points, at most 200 words, edited and deleted by
the author, hidden by staff with a reason; the broker page shows the average, the count and the
reviews newest first, paginated, with structured data, and stays cacheable."""

import json
import re

import pytest
from django.test import Client

from infofinance.reviews import services
from infofinance.reviews.models import Review
from tests import complaints_support as support
from tests.complaints_support import make_user

pytestmark = pytest.mark.django_db

private_root = support.private_root
reader, other_reader, manager, broker = (
    support.reader,
    support.other_reader,
    support.manager,
    support.broker,
)


def form_url(broker, language="vi"):
    return (
        f"/tra-cuu-san/{broker.slug}/danh-gia/"
        if language == "vi"
        else f"/en/broker/{broker.slug}/review/"
    )


def test_reader_reviews_a_broker_and_sees_it_on_the_page(client, reader, broker):
    client.force_login(reader)
    assert "Your rating (1 to 5)" in client.get(form_url(broker, "en")).text
    response = client.post(
        form_url(broker), {"rating": "4", "comment": "Rút tiền nhanh, phí hợp lý."}
    )
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu-san/{broker.slug}/"
    review = Review.objects.get()
    assert (review.user, review.rating) == (reader, 4)
    html = Client().get(f"/tra-cuu-san/{broker.slug}/").text
    # Shown under the author's initials (docs/complaints.md), never their full name.
    assert "Rút tiền nhanh, phí hợp lý." in html and "N. V. A." in html
    assert "Nguyễn Văn An" not in html
    assert "trên 5, từ 1 đánh giá" in html


def test_anonymous_readers_get_a_link_not_a_form(client, broker):
    response = client.get(f"/tra-cuu-san/{broker.slug}/")
    assert "csrfmiddlewaretoken" not in response.text and not response.cookies
    assert f'href="{form_url(broker)}"' in response.text
    login = client.get(form_url(broker))
    assert login.status_code == 302 and "next=" in login["Location"]


def test_comment_of_more_than_200_words_is_refused_clearly(client, reader, broker):
    client.force_login(reader)
    response = client.post(form_url(broker, "en"), {"rating": "3", "comment": "từ " * 201})
    assert response.status_code == 400
    assert "Your comment has 201 words; at most 200 are allowed." in response.text
    assert not Review.objects.exists()
    client.post(form_url(broker), {"rating": "3", "comment": "từ " * 200})
    assert Review.objects.count() == 1


@pytest.mark.parametrize("rating", ["0", "6", "x", ""])
def test_rating_must_be_1_to_5(client, reader, broker, rating):
    client.force_login(reader)
    response = client.post(form_url(broker), {"rating": rating, "comment": "Tạm được."})
    assert response.status_code == 400 and not Review.objects.exists()


def test_one_review_per_broker_the_second_post_edits_it(client, reader, broker):
    client.force_login(reader)
    client.post(form_url(broker), {"rating": "5", "comment": "Tốt."})
    client.post(form_url(broker), {"rating": "2", "comment": "Đổi ý."})
    review = Review.objects.get()
    assert (review.rating, review.comment) == (2, "Đổi ý.")
    with pytest.raises(services.AlreadyReviewed):
        services.save_review(user=reader, broker=broker, rating=1, comment="Lần nữa")


def test_race_to_a_second_review_gets_a_friendly_message(client, reader, broker, monkeypatch):
    Review.objects.create(broker=broker, user=reader, rating=5, comment="Đầu tiên")
    client.force_login(reader)
    # The form was opened before the first review existed: the view does not see it.
    monkeypatch.setattr("infofinance.reviews.selectors.own_review", lambda user, broker: None)
    response = client.post(
        form_url(broker, "en"), {"rating": "1", "comment": "Thứ hai"}, follow=True
    )
    assert "You have already reviewed this broker" in response.text
    assert Review.objects.get().comment == "Đầu tiên"


def test_author_deletes_own_review(client, reader, other_reader, broker):
    Review.objects.create(broker=broker, user=other_reader, rating=1, comment="Của người khác")
    client.force_login(reader)
    client.post(form_url(broker), {"rating": "4", "comment": "Của tôi"})
    client.post(f"/tra-cuu-san/{broker.slug}/danh-gia/xoa/")
    assert list(Review.objects.values_list("comment", flat=True)) == ["Của người khác"]


def test_csrf_is_enforced(reader, broker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(form_url(broker), {"rating": "4", "comment": "x"}).status_code == 403
    assert not Review.objects.exists()


def test_html_in_comments_is_escaped(client, reader, broker):
    Review.objects.create(broker=broker, user=reader, rating=3, comment="<script>alert(1)</script>")
    html = client.get(f"/tra-cuu-san/{broker.slug}/").text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_average_count_newest_first_and_pagination(client, broker):
    for number in range(12):
        user = make_user(f"u{number}@example.com", display_name=f"Bạn đọc {number:02d}")
        Review.objects.create(
            broker=broker,
            user=user,
            rating=5 if number % 2 else 2,
            comment=f"Nhận xét {number:02d}",
        )
    html = client.get(f"/en/broker/{broker.slug}/").text
    assert "out of 5, from 12 reviews" in html and ">3.5<" in html
    assert html.index("Nhận xét 11") < html.index("Nhận xét 10")
    assert "Nhận xét 01" not in html
    assert "Nhận xét 01" in client.get(f"/en/broker/{broker.slug}/", {"page": 2}).text


def test_staff_hide_a_review_with_a_reason(client, staff_login, manager, reader, broker):
    review = Review.objects.create(
        broker=broker, user=reader, rating=1, comment="Quảng cáo lừa đảo"
    )
    Review.objects.create(broker=broker, user=make_user("b@example.com"), rating=5, comment="Tốt")
    staff_login(client, manager)
    url = f"/admin/broker_reviews/edit/{review.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"hidden": "on", "hidden_reason": ""})
    assert response.status_code == 200  # the form again, with the error
    review.refresh_from_db()
    assert not review.hidden
    client.post(url, {"hidden": "on", "hidden_reason": "Spam"})
    review.refresh_from_db()
    assert review.hidden and review.hidden_reason == "Spam"
    html = Client().get(f"/en/broker/{broker.slug}/").text
    assert "Quảng cáo lừa đảo" not in html and "out of 5, from 1 review" in html and ">5<" in html


def test_structured_data_has_aggregate_rating_only_with_reviews(client, reader, broker):
    def organization():
        html = client.get(f"/en/broker/{broker.slug}/").text
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        nodes = {n["@type"]: n for b in blocks for n in json.loads(b)["@graph"]}
        return nodes["Organization"]

    assert "aggregateRating" not in organization()
    Review.objects.create(broker=broker, user=reader, rating=4, comment="Ổn")
    rating = organization()["aggregateRating"]
    assert rating == {
        "@type": "AggregateRating",
        "ratingValue": "4.0",
        "ratingCount": 1,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_review_query_budget_does_not_grow(client, broker, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    Review.objects.create(
        broker=broker, user=make_user("first@example.com"), rating=4, comment="Ổn"
    )
    client.get(f"/tra-cuu-san/{broker.slug}/")
    with django_assert_max_num_queries(12) as captured:
        client.get(f"/tra-cuu-san/{broker.slug}/")
    budget = len(captured.captured_queries)
    for number in range(40):
        user = make_user(f"q{number}@example.com")
        Review.objects.create(broker=broker, user=user, rating=4, comment="Ổn")
    client.get(f"/tra-cuu-san/{broker.slug}/")
    with django_assert_max_num_queries(budget):
        assert client.get(f"/tra-cuu-san/{broker.slug}/", {"page": 3}).status_code == 200


def test_data_rights_export_and_erase(reader, broker):
    from infofinance.wiring import personal_data

    Review.objects.create(broker=broker, user=reader, rating=4, comment="Ổn")
    assert personal_data.export_all(reader)["reviews"][0]["comment"] == "Ổn"
    personal_data.erase_all(reader)
    assert not Review.objects.exists()
