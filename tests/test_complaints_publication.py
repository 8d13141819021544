"""Publishing a complaint: a separate, optional consent to publication (recorded, withdrawable,
which unpublishes at once); public titles and texts written by staff in both languages, the slug
from the Vietnamese one; slugs made from readers' titles answer 410; the personal-data check
before publishing; reviews under initials or a chosen pseudonym; another account's form token."""

import importlib
import re
import uuid

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from infofinance.complaints import redaction, services
from infofinance.complaints.models import PUBLICATION_CONSENT_TEXT, Complaint, RetiredSlug
from infofinance.reviews.models import Review
from infofinance.search import index
from tests import complaints_support as support
from tests.complaints_support import complaint_data, make_complaint
from tests.test_pagecache import call as _call

pytestmark = pytest.mark.django_db

private_root = support.private_root
reader, other_reader, manager, broker = (
    support.reader,
    support.other_reader,
    support.manager,
    support.broker,
)

SUBMIT = "/khieu-nai/gui/"
READER_TITLE = "Nguyen Van An 0912 345 678 bị sàn giữ tiền"


def call(app, path):
    """The WSGI stack with the page cache (tests/conftest.py `app`). Django's test client
    reconnects close_old_connections after each of its requests, which would close the test's
    connection (PostgreSQL) inside the stack: keep it disconnected."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    return _call(app, path)


def case_url(complaint, action=""):
    return f"/admin/complaints/case/{complaint.uuid}/" + (f"{action}/" if action else "")


def vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


# -- consent to publication ----------------------------------------------------------------------


def test_the_form_offers_a_separate_unticked_consent_to_publication(client, reader, broker):
    client.force_login(reader)
    html = client.get(SUBMIT).text
    assert 'name="publication_consent"' in html
    checkbox = html[html.index('name="publication_consent"') - 200 :].split(">", 2)[1]
    assert "checked" not in checkbox
    with translation.override("vi"):
        assert str(PUBLICATION_CONSENT_TEXT) in html
    assert "I also agree that Info Finance may publish" in client.get("/en/complaints/new/").text

    client.post(SUBMIT, complaint_data(broker))
    assert Complaint.objects.get().publication_consent_at is None

    data = complaint_data(broker, token=str(uuid.uuid4()), publication_consent="on")
    client.post(SUBMIT, data)
    consented = Complaint.objects.exclude(publication_consent_at=None).get()
    with translation.override("vi"):
        assert consented.publication_consent_text == str(PUBLICATION_CONSENT_TEXT)
    assert consented.publication_consented


def test_staff_cannot_publish_without_the_complainants_consent(
    client, staff_login, manager, reader
):
    complaint = make_complaint(reader)
    with pytest.raises(services.RuleError):
        services.set_publication(
            complaint,
            published=True,
            public={"public_title_vi": "Sàn giữ tiền", "public_text_vi": "Nội dung."},
        )
    staff_login(client, manager)
    response = client.post(
        case_url(complaint, "publication"),
        {"published": "on", "public_title_vi": "Sàn giữ tiền", "public_text_vi": "Nội dung."},
        follow=True,
    )
    assert vi("The complainant has not agreed to publication (or withdrew their consent).") in (
        response.text
    )
    complaint.refresh_from_db()
    assert not complaint.published and complaint.public_slug is None


def test_withdrawing_consent_unpublishes_at_once_everywhere(app, client, reader, broker):
    from tests.test_search import titles

    complaint = support.publish(
        make_complaint(reader, broker), title="Sàn giữ tiền ký quỹ", text="Không rút được."
    )
    url = f"/khieu-nai/{complaint.public_slug}/"
    call(app, url)
    assert call(app, url)[1]["X-Cache"] == "HIT"
    assert titles("san giu tien") == ["Sàn giữ tiền ký quỹ"]

    client.force_login(reader)
    page = client.get(f"/tai-khoan/khieu-nai/{complaint.uuid}/").text
    assert 'value="withdraw"' in page
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(reader)
    assert (
        forged.post(
            f"/tai-khoan/khieu-nai/{complaint.uuid}/", {"publication": "withdraw"}
        ).status_code
        == 403
    )
    response = client.post(f"/tai-khoan/khieu-nai/{complaint.uuid}/", {"publication": "withdraw"})
    assert response.status_code == 302

    complaint.refresh_from_db()
    assert not complaint.published and complaint.publication_withdrawn_at is not None
    assert call(app, url)[0] == 404  # the cached copy went with it
    assert titles("san giu tien") == []
    assert complaint.public_slug not in Client().get("/sitemap-vi-complaints.xml").text
    assert "Sàn giữ tiền ký quỹ" not in Client().get(f"/tra-cuu-san/{broker.slug}/").text
    # Staff cannot publish it again until the complainant agrees again.
    with pytest.raises(services.RuleError):
        services.set_publication(complaint, published=True)


def test_other_readers_cannot_withdraw_or_give_consent(client, reader, other_reader):
    complaint = make_complaint(reader)
    client.force_login(other_reader)
    response = client.post(f"/tai-khoan/khieu-nai/{complaint.uuid}/", {"publication": "give"})
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.publication_consent_at is None


def test_the_consent_line_tells_the_truth(client, reader):
    complaint = support.publish(make_complaint(reader), title="Sàn giữ tiền")
    html = Client().get(f"/en/complaints/{complaint.public_slug}/").text
    assert "Published with the complainant" in html
    # A row that is published without consent (written around the services) is not shown.
    Complaint.objects.filter(pk=complaint.pk).update(publication_consent_at=None)
    assert Client().get(f"/en/complaints/{complaint.public_slug}/").status_code == 404


# -- public title, text and slug -----------------------------------------------------------------


def test_public_pages_show_only_the_staff_written_title(client, reader, broker, structure):
    from tests.test_search import titles

    complaint = make_complaint(reader, broker, title=READER_TITLE)
    support.publish(
        complaint,
        title="Sàn giữ tiền ký quỹ của nhà đầu tư",
        text="Nhà đầu tư không rút được tiền ký quỹ.",
        public_title_en="Broker keeps an investor's margin",
        public_text_en="The investor cannot withdraw the margin.",
    )
    complaint.refresh_from_db()
    assert complaint.public_slug == "san-giu-tien-ky-quy-cua-nha-dau-tu"
    pages = {
        "vi": Client().get(f"/khieu-nai/{complaint.public_slug}/").text,
        "en": Client().get(f"/en/complaints/{complaint.public_slug}/").text,  # the same slug
        "index": Client().get("/khieu-nai/").text,
        "home": Client().get("/").text,
        "broker": Client().get(f"/tra-cuu-san/{broker.slug}/").text,
        "search": Client().get("/tim-kiem/", {"q": "ký quỹ", "type": "complaint"}).text,
        "sitemap_vi": Client().get("/sitemap-vi-complaints.xml").text,
        "sitemap_en": Client().get("/sitemap-en-complaints.xml").text,
    }
    for name, html in pages.items():
        for private in ("Nguyen Van An", "0912 345 678", "nguyen-van-an", "bị sàn giữ tiền"):
            assert private not in html, (name, private)
    vietnamese, english = pages["vi"], pages["en"]
    assert "<title>Sàn giữ tiền ký quỹ của nhà đầu tư" in vietnamese
    assert 'property="og:title" content="Sàn giữ tiền ký quỹ của nhà đầu tư' in vietnamese
    assert "<h1>Sàn giữ tiền ký quỹ của nhà đầu tư</h1>" in vietnamese
    assert "<h1>Broker keeps an investor&#x27;s margin</h1>" in english
    assert "The investor cannot withdraw the margin." in english
    assert "Sàn giữ tiền ký quỹ của nhà đầu tư" in pages["index"] and pages["home"]
    assert f"/en/complaints/{complaint.public_slug}/" in pages["sitemap_vi"]
    assert titles("ky quy") == ["Sàn giữ tiền ký quỹ của nhà đầu tư"]
    assert titles("margin", language="en") == ["Broker keeps an investor's margin"]
    assert titles("nguyen van an") == [] and titles("0912") == []


def test_public_text_starts_empty_not_with_the_private_description(
    client, staff_login, manager, reader
):
    complaint = make_complaint(reader, description="Số tài khoản của tôi là 1903 5555 1234 567.")
    assert complaint.public_text_vi == "" and complaint.public_title_vi == ""
    staff_login(client, manager)
    html = client.get(case_url(complaint)).text
    assert re.search(r'<textarea name="public_text_vi"[^>]*>\s*</textarea>', html)
    assert html.count("1903 5555 1234 567") == 1  # the private description only
    services.give_publication_consent(complaint)
    with pytest.raises(services.RuleError):
        services.set_publication(complaint, published=True)  # no public title or text yet


def _retire(apps_registry=apps):
    migration = importlib.import_module("infofinance.complaints.migrations.0002_publication")
    migration.retire_reader_slugs(apps_registry, None)


def test_slugs_made_from_readers_titles_answer_410_and_leave_caches(app, reader, broker):
    from tests.test_search import titles

    complaint = support.publish(
        make_complaint(reader, broker, title=READER_TITLE), confirm_all=True
    )
    # As every published complaint was before: its slug made from the reader's own title.
    old = services.ascii_slug(READER_TITLE, 100)
    Complaint.objects.filter(pk=complaint.pk).update(
        public_slug=old, public_text_vi=complaint.description
    )
    index.update("complaint", complaint.pk)
    assert titles("nguyen van an") == [READER_TITLE]
    call(app, f"/khieu-nai/{old}/")
    assert call(app, f"/khieu-nai/{old}/")[1]["X-Cache"] == "HIT"

    _retire()

    complaint.refresh_from_db()
    assert RetiredSlug.objects.filter(slug=old).exists()
    assert complaint.public_slug is None and not complaint.published
    assert complaint.public_text_vi == ""  # it was the private description
    status, headers, body = call(app, f"/khieu-nai/{old}/")
    assert status == 410 and "Location" not in headers
    assert "Khiếu nại này không còn ở đây" in body.decode()
    response = Client().get(f"/en/complaints/{old}/")
    assert response.status_code == 410 and "This complaint is no longer here" in response.text
    assert old not in Client().get("/sitemap-vi-complaints.xml").text
    assert old not in Client().get("/sitemap-en-complaints.xml").text
    assert titles("nguyen van an") == []
    # Never reused, even by a public title that would make the same slug.
    again = support.publish(make_complaint(reader), title=READER_TITLE, confirm_all=True)
    assert again.public_slug == f"{old}-2"


# -- the personal-data check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Liên hệ an.nguyen@gmail.com", "email"),
        ("Gọi 0912 345 678", "phone"),
        ("Gọi 0912.345.678", "phone"),
        ("Gọi +84 912 345 678", "phone"),
        ("Số tài khoản 1903 5555 1234 567", "account"),
        ("Tài khoản MT5 51234567", "account"),
        ("CCCD 001203004567", "id_number"),
        ("CMND 123456789", "id_number"),
        ("Chị Nguyễn Văn An cho biết", "name"),
        ("Chi NGUYEN VAN AN cho biet", "name"),
        ("anh Văn An cho biết", "name"),
    ],
)
def test_the_check_finds_each_kind_of_personal_detail(text, kind):
    findings = redaction.scan(text, names=["Nguyễn Văn An"])
    assert [f.kind for f in findings] == [kind]


def test_the_check_leaves_amounts_and_dates_alone():
    text = "Nhà đầu tư nạp 2.000.000 đồng ngày 3/1/2026 và không rút được 1.500 USD."
    assert redaction.scan(text, names=["Nguyễn Văn An"]) == []


def test_publishing_waits_until_every_finding_is_cleared_or_confirmed(
    client, staff_login, manager, reader
):
    complaint = make_complaint(reader, full_name="Nguyễn Văn An")
    services.give_publication_consent(complaint)
    staff_login(client, manager)
    data = {
        "published": "on",
        "public_title_vi": "Sàn giữ tiền của Nguyen Van An",
        "public_text_vi": "Gọi 0912 345 678 hoặc an@example.com; CCCD 001203004567.",
    }
    response = client.post(case_url(complaint, "publication"), data)
    assert response.status_code == 400
    html = response.text
    for shown in ("Nguyen Van An", "0912 345 678", "an@example.com", "001203004567"):
        assert shown in html
    assert html.count('name="confirmed"') == 4
    complaint.refresh_from_db()
    assert not complaint.published and complaint.public_title_vi == ""  # nothing saved

    findings = services.unconfirmed_findings(
        complaint, {k: v for k, v in data.items() if k != "published"}
    )
    keys = [f.key for f in findings]
    # Three ticked, one not: still refused.
    response = client.post(case_url(complaint, "publication"), {**data, "confirmed": keys[:3]})
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert not complaint.published
    # The phone number cleared from the text, the rest ticked: published.
    cleared = {**data, "public_text_vi": "Gọi sàn hoặc an@example.com; CCCD 001203004567."}
    client.post(
        case_url(complaint, "publication"),
        {**cleared, "confirmed": [k for k in keys if not k.startswith("phone")]},
    )
    complaint.refresh_from_db()
    assert complaint.published and complaint.public_title_vi == "Sàn giữ tiền của Nguyen Van An"


def test_the_case_page_lists_findings_in_the_saved_text(client, staff_login, manager, reader):
    complaint = make_complaint(reader)
    services.set_publication(
        complaint,
        published=False,
        public={"public_title_vi": "Sàn giữ tiền", "public_text_vi": "Email: an@example.com"},
    )
    staff_login(client, manager)
    html = client.get(case_url(complaint)).text
    assert 'data-testid="findings"' in html and 'value="email:an@example.com"' in html


# -- reviews' authors ----------------------------------------------------------------------------


def test_the_broker_page_never_shows_a_reviewers_full_name_by_default(client, reader, broker):
    Review.objects.create(broker=broker, user=reader, rating=4, comment="Rút tiền nhanh.")
    html = Client().get(f"/tra-cuu-san/{broker.slug}/").text
    assert "N. V. A." in html and "Nguyễn Văn An" not in html
    # A complaint of the same reader, under the same initials: nothing links them by name.
    support.publish(make_complaint(reader, broker, title="Sàn giữ tiền"))
    html = Client().get(f"/tra-cuu-san/{broker.slug}/").text
    assert "Nguyễn Văn An" not in html


def test_a_reader_may_choose_a_pseudonym_per_review_but_not_their_own_name(client, reader, broker):
    client.force_login(reader)
    url = f"/tra-cuu-san/{broker.slug}/danh-gia/"
    response = client.post(url, {"rating": "4", "comment": "Ổn.", "author_alias": "nguyen van an"})
    assert response.status_code == 400 and not Review.objects.exists()
    client.post(url, {"rating": "4", "comment": "Ổn.", "author_alias": "Nhà đầu tư Hà Nội"})
    html = Client().get(f"/tra-cuu-san/{broker.slug}/").text
    assert "Nhà đầu tư Hà Nội" in html and "N. V. A." not in html


# -- the one-time form token ---------------------------------------------------------------------


def test_another_accounts_form_token_is_a_clear_form_error(client, reader, other_reader, broker):
    client.force_login(reader)
    client.post(SUBMIT, complaint_data(broker))
    first = Complaint.objects.get()
    thief = Client()
    thief.force_login(other_reader)
    response = thief.post(SUBMIT, complaint_data(broker, title="Khiếu nại khác"))
    assert response.status_code == 400
    with translation.override("vi"):
        assert str(services._TOKEN_TAKEN) in response.text
    assert Complaint.objects.count() == 1 and Complaint.objects.get() == first
    assert complaint_data(broker)["token"] not in response.text  # a fresh token to send again


def test_staff_may_clear_a_reviews_pseudonym(client, staff_login, manager, reader, broker):
    review = Review.objects.create(
        broker=broker, user=reader, rating=4, comment="Ổn.", author_alias="Trần Văn Bình"
    )
    staff_login(client, manager)
    response = client.post(
        f"/admin/broker_reviews/edit/{review.pk}/", {"author_alias": "", "hidden_reason": ""}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.author_alias == "" and review.author_name == "N. V. A."
