"""The newsroom in the Wagtail admin: ASCII slugs, reserved and duplicate slugs, long titles,
groups and moderation, revisions and automatic redirects."""

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Workflow
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from infofinance.core.slugs import ascii_slug
from infofinance.news.models import ArticlePage
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đồng USD", "dong-usd"),
        ("Chính sách bảo mật", "chinh-sach-bao-mat"),
        ("VN-Index vượt 1.300 điểm", "vn-index-vuot-1300-diem"),
        ("ĐÀ NẴNG đón đầu tư", "da-nang-don-dau-tu"),
        ("  Giá vàng — hôm nay!  ", "gia-vang-hom-nay"),
    ],
)
def test_ascii_slug(text, slug):
    assert ascii_slug(text) == slug


@pytest.fixture
def admin_client(client, django_user_model, staff_login):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    staff_login(client, user)
    return client


def article_form(structure, author, **overrides):
    data = {
        "title": "Đồng USD tăng mạnh",
        "slug": "đồng-usd-tăng-mạnh",
        "lead": "Tóm tắt.",
        "hero_image": "",
        "hero_caption": "",
        "hero_credit": "",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
        "section": structure.sections[("vi", "market")].pk,
        "author_links": inline_formset([{"author": author.pk}]),
        "tag_links": inline_formset([]),
        "broker_links": inline_formset([]),
        "release_links": inline_formset([]),
        "indicator_links": inline_formset([]),
        "asset_links": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "published_at": "",
        "updated_at": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(structure):
    hub = structure.hubs[("vi", "news")]
    return f"/admin/pages/add/news/articlepage/{hub.pk}/"


def test_admin_turns_a_vietnamese_slug_into_ascii(admin_client, structure):
    author = make_author(structure)
    response = admin_client.post(add_url(structure), article_form(structure, author))
    assert response.status_code == 302, response.content[:2000]
    page = ArticlePage.objects.get(title="Đồng USD tăng mạnh")
    assert page.slug == "dong-usd-tang-manh"
    assert page.url == "/tin-tuc/dong-usd-tang-manh/"


@pytest.mark.parametrize("slug", ["chuyen-muc", "tin-thi-truong"])
def test_admin_refuses_a_reserved_slug(admin_client, structure, slug):
    author = make_author(structure)
    response = admin_client.post(add_url(structure), article_form(structure, author, slug=slug))
    assert response.status_code == 200
    assert "reserved" in response.text
    assert not ArticlePage.objects.exists()


def test_admin_refuses_a_duplicate_slug_and_keeps_the_input(admin_client, structure):
    author = make_author(structure)
    make_article(structure, title="Đồng USD tăng mạnh")
    response = admin_client.post(add_url(structure), article_form(structure, author))
    assert response.status_code == 200
    assert "already in use" in response.text
    assert "Đồng USD tăng mạnh" in response.text  # what the editor typed is still in the form
    assert ArticlePage.objects.count() == 1


def test_admin_refuses_an_overlong_title(admin_client, structure):
    author = make_author(structure)
    response = admin_client.post(
        add_url(structure), article_form(structure, author, title="x" * 300)
    )
    assert response.status_code == 200
    assert not ArticlePage.objects.exists()


def test_newsroom_groups_and_moderation_workflow(structure):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Writers", "Moderators", "Administrators"} <= names
    workflow = Workflow.objects.get(active=True)
    assert structure.hubs[("vi", "news")].get_workflow() == workflow


def test_writer_can_submit_but_not_publish(client, structure, django_user_model, staff_login):
    writer = django_user_model.objects.create_user("writer", "w@example.com", "pw")
    writer.groups.add(Group.objects.get(name="Writers"))
    author = make_author(structure)
    staff_login(client, writer)
    data = article_form(structure, author)
    data.pop("action-publish")
    data["action-submit"] = "submit"
    response = client.post(add_url(structure), data)
    assert response.status_code == 302, response.content[:3000]
    page = ArticlePage.objects.get(slug="dong-usd-tang-manh")
    assert not page.live
    assert page.current_workflow_state is not None
    perms = page.permissions_for_user(writer)
    assert not perms.can_publish()


def test_changing_a_published_slug_creates_a_redirect(
    client, structure, django_capture_on_commit_callbacks
):
    page = make_article(structure, title="Tên cũ của bài")
    old_url = page.url
    page.slug = "ten-moi-cua-bai"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert Redirect.objects.filter(old_path=old_url.rstrip("/")).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/tin-tuc/ten-moi-cua-bai/")


def test_revisions_can_be_compared_and_rolled_back(admin_client, structure):
    page = make_article(structure, title="Phiên bản một")
    first = page.latest_revision
    page.title = "Phiên bản hai"
    page.save_revision().publish()
    compare = admin_client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...live/")
    assert compare.status_code == 200
    first.publish()
    page.refresh_from_db()
    assert page.title == "Phiên bản một"


def test_editor_sees_broker_suggestions_and_can_preview(admin_client, structure):
    from infofinance.brokers.models import Broker

    Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    page = make_article(structure, title="Aurora Markets bị phản ánh chậm rút tiền")
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert "Aurora Markets</strong>" in edit.text  # suggested: named in the text, not linked
    # Preview an unsaved change: the form is posted, then the preview rendered.
    url = f"/admin/pages/{page.pk}/edit/preview/"
    data = article_form(structure, make_author(structure), title="Tiêu đề đang sửa", slug=page.slug)
    assert admin_client.post(url, data).json()["is_valid"] is True
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "Tiêu đề đang sửa" in preview.text
    page.refresh_from_db()
    assert page.title == "Aurora Markets bị phản ánh chậm rút tiền"  # nothing saved
