"""A reader's walk through the complaint centre in headless Chromium at phone width: log in,
report a broker with a screenshot as evidence, find the complaint under "my complaints" with its
file, then the English side; public complaint pages without personal data. Screenshots are kept
in test-artifacts/screenshots/."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.accounts_support import fresh_totp
from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_browser import VIEWPORTS, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def demo_password(site) -> str:
    return (site.tmp / "var" / "demo_readers_password").read_text().strip()


def log_in(page, site, email, password):
    page.goto(site.url + "/tai-khoan/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.fixture
def screenshot_file(tmp_path) -> Path:
    path = tmp_path / "anh-chup-man-hinh.png"
    image = Image.new("RGB", (800, 500), (240, 244, 248))
    out = io.BytesIO()
    image.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def test_reader_reports_a_broker_with_an_image(browser, demo_site, screenshot_file):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, demo_site, "minh@demo.infofinance.example", demo_password(demo_site))

    page.goto(demo_site.url + "/khieu-nai/gui/")
    assert page.locator("h1").inner_text() == "Khiếu nại sàn"
    # Pre-filled from the account.
    assert page.locator("#id_full_name").input_value() == "Lê Quang Minh"
    page.locator("#id_broker_name").fill("Sàn Ảo Quốc Tế")
    page.locator("#id_broker_url").fill("https://san-ao.example")
    page.locator("input[name=category][value=cannot_withdraw]").check()
    page.locator("#id_title").fill("Sàn khóa tài khoản khi tôi rút lãi")
    page.locator("#id_description").fill(
        "Sau khi tôi yêu cầu rút 800 USD tiền lãi, sàn khóa tài khoản và không trả lời thư."
    )
    page.locator("#id_evidence").set_input_files(str(screenshot_file))
    page.locator("#id_consent").check()
    shot(page, "phone-complaint-1-form-vi")
    page.locator("button[name=send]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/khieu-nai/[0-9a-f-]{36}/$"))
    assert "đã được gửi" in page.locator(".messages").first.inner_text()
    assert page.locator("[data-testid=complaint-status]").inner_text().startswith("Mới")
    evidence = page.locator(".evidence-list a")
    assert evidence.count() == 1 and evidence.inner_text() == "anh-chup-man-hinh.png"
    shot(page, "phone-complaint-2-sent-vi")

    # The file opens for its owner.
    response = page.request.get(demo_site.url + evidence.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"

    page.goto(demo_site.url + "/tai-khoan/khieu-nai/")
    assert page.locator("table", has_text="Sàn khóa tài khoản khi tôi rút lãi").count() == 1
    shot(page, "phone-complaint-3-mine-vi")

    page.locator("[data-testid=language-switch]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/account/complaints/")
    assert page.locator("h1").inner_text() == "My complaints"
    page.locator("a", has_text="Sàn khóa tài khoản khi tôi rút lãi").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=complaint-status]").inner_text().startswith("New")
    assert "Complaint sent." in page.locator("[data-testid=timeline]").inner_text()
    shot(page, "phone-complaint-4-detail-en")

    # Another reader cannot open it.
    other = browser.new_context(viewport=VIEWPORTS["phone"])
    intruder = other.new_page()
    log_in(intruder, demo_site, "sarah@demo.infofinance.example", demo_password(demo_site))
    assert intruder.goto(page.url).status == 404
    other.close()
    assert not errors
    context.close()


def test_public_complaints_in_both_languages(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(demo_site.url + "/khieu-nai/")
    assert page.locator(".complaint-card").count() >= 2
    text = page.locator("main").inner_text()
    assert "@demo.infofinance.example" not in text and "Phạm Thị Lan" not in text
    shot(page, "phone-complaints-public-vi")
    page.locator(".complaint-card__title a").first.click()
    page.wait_for_load_state()
    assert "Phạm Thị Lan" not in page.locator("main").inner_text()
    page.locator("[data-testid=language-switch]").click()
    page.wait_for_load_state()
    assert "/en/complaints/" in page.url
    shot(page, "phone-complaints-public-en")
    context.close()


STAFF_PASSWORD = "Nhan-vien-CSKH-2026!"
STAFF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"


def test_staff_work_a_case_from_the_queue(browser, demo_site):
    demo_site.python(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "from allauth.account.models import EmailAddress\n"
        "from allauth.mfa.totp.internal.auth import TOTP\n"
        "user = get_user_model().objects.create_user(username='e2e.manager', "
        f"email='e2e.manager@infofinance.example', password='{STAFF_PASSWORD}', is_staff=True)\n"
        "user.groups.add(Group.objects.get(name='Complaint managers'))\n"
        "EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)\n"
        f"TOTP.activate(user, '{STAFF_SECRET}')\n"
    )
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    log_in(page, demo_site, "e2e.manager@infofinance.example", STAFF_PASSWORD)
    page.wait_for_url(re.compile(r"/tai-khoan/2fa/authenticate/$"))
    page.fill("input[name=code]", fresh_totp("e2e.manager@infofinance.example", STAFF_SECRET))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()

    page.goto(demo_site.url + "/admin/complaints/?q=" + "1.500 USD")
    page.locator("table.listing a", has_text="Lệnh rút 1.500 USD bị treo ba tuần").click()
    page.wait_for_url(re.compile(r"/admin/complaints/case/[0-9a-f-]{36}/$"))
    case_url = page.url
    shot(page, "desktop-complaint-admin-case")

    page.select_option("#assign_assignee", label="Vũ Anh Tuấn")
    page.locator("form[action$='/assign/'] button").click()
    page.wait_for_url(case_url)
    page.fill("#note_text", "Ghi chú nội bộ: đã gọi cho bộ phận rút tiền của sàn.")
    page.locator("form[action$='/note/'] button").click()
    page.wait_for_url(case_url)
    page.fill("#update_text", "Chúng tôi đã gửi yêu cầu giải trình tới sàn.")
    page.locator("form[action$='/update/'] button").click()
    page.wait_for_url(case_url)
    page.select_option("#status_status", "under_review")
    page.locator("form[action$='/status/'] button").click()
    page.wait_for_url(case_url)
    # The complainant agreed to publication (demo); staff write the public title and text.
    page.check("#publication_published")
    page.fill("#publication_public_title_vi", "Lệnh rút 1.500 USD bị treo ba tuần")
    page.fill("#publication_public_text_vi", "Một nhà đầu tư chờ ba tuần để rút 1.500 USD.")
    page.locator("form[action$='/publication/'] button").click()
    page.wait_for_url(case_url)
    assert page.locator("[data-testid=case-status]").inner_text().startswith("Đang xem xét")
    shot(page, "desktop-complaint-admin-after")
    context.close()

    # The complainant sees the public update, never the internal note.
    reader = browser.new_context(viewport=VIEWPORTS["phone"])
    page = reader.new_page()
    log_in(page, demo_site, "lan@demo.infofinance.example", demo_password(demo_site))
    page.goto(demo_site.url + "/tai-khoan/khieu-nai/")
    page.locator("a", has_text="Lệnh rút 1.500 USD bị treo ba tuần").click()
    page.wait_for_load_state()
    timeline = page.locator("[data-testid=timeline]").inner_text()
    assert "Chúng tôi đã gửi yêu cầu giải trình tới sàn." in timeline
    assert "Ghi chú nội bộ" not in page.locator("main").inner_text()
    shot(page, "phone-complaint-5-update-vi")
    reader.close()

    # Published without personal data.
    public = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    public.goto(demo_site.url + "/khieu-nai/")
    public.locator("a", has_text="Lệnh rút 1.500 USD bị treo ba tuần").click()
    public.wait_for_load_state()
    text = public.locator("main").inner_text()
    assert "Một nhà đầu tư chờ ba tuần để rút 1.500 USD." in text
    assert "Phạm Thị Lan" not in text and "P. T. L." in text and "lan@demo" not in text
    public.context.close()
