"""The banner form in the admin: times in Vietnam time stored in UTC, refusals on their fields
with nothing saved, and only banner managers let in."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from infofinance.banners.models import Banner
from infofinance.banners.setup import MANAGERS, ensure_groups
from tests.banners_support import advertiser, images_for
from tests.test_markets_admin import make_staff, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(db, staff_login):
    ensure_groups()
    Group.objects.get(name=MANAGERS)
    return staff_login(Client(), make_staff("qc@infofinance.example", MANAGERS))


def form(**overrides) -> dict:
    desktop, mobile = images_for("sidebar")
    data = {
        "name": "Tháng mười hai",
        "advertiser": advertiser().pk,
        "placement": "sidebar",
        "language": "vi",
        "desktop_image": desktop.pk,
        "mobile_image": mobile.pk,
        "link": "https://example.org/khuyen-mai",
        "alt_text": "Ưu đãi tháng mười hai",
        "starts_at": "2030-12-10T08:00",
        "ends_at": "2030-12-20T23:59",
        "weight": "2",
        "after_paragraph": "3",
    }
    data.update(overrides)
    return data


def test_a_manager_schedules_a_banner_in_vietnam_time(manager_client):
    response = manager_client.post("/admin/banners/banners/new/", form())
    assert response.status_code == 302, response.content.decode()[:2000]
    banner = Banner.objects.get()
    assert banner.starts_at == datetime(2030, 12, 10, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
    assert banner.ends_at == datetime(2030, 12, 20, 16, 59, tzinfo=UTC)
    assert banner.status == "scheduled"
    page = manager_client.get(f"/admin/banners/banners/edit/{banner.pk}/").content.decode()
    assert 'value="2030-12-10T08:00"' in page  # shown again in Vietnam time


def test_a_refused_banner_shows_the_reason_by_its_field_and_saves_nothing(manager_client):
    response = manager_client.post(
        "/admin/banners/banners/new/", form(link="javascript:alert(1)", alt_text="")
    )
    assert response.status_code == 200
    assert Banner.objects.count() == 0
    page = response.content.decode()
    assert "Liên kết phải là một địa chỉ web" in page or "Nhập một URL hợp lệ" in page
    assert "alt_text" in page


def test_a_warned_brokers_domain_is_refused_in_the_form(manager_client):
    from tests.banners_support import make_broker

    make_broker(name="Shady FX", website="https://shady.example", domains="", licensed=False)
    response = manager_client.post(
        "/admin/banners/banners/new/", form(link="https://shady.example/")
    )
    assert response.status_code == 200 and Banner.objects.count() == 0
    assert "Shady FX" in response.content.decode()


def test_staff_without_the_banners_permissions_are_refused(db, staff_login):
    from django.contrib.auth.models import Permission

    user = make_staff("khac@infofinance.example")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = staff_login(Client(), user)
    assert refused(client.get("/admin/banners/banners/"))
    assert refused(client.post("/admin/banners/banners/new/", form()))
    assert Banner.objects.count() == 0
