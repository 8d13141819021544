"""A reader's account walk in headless Chromium at phone width, in Vietnamese, against the real
server (granian, console e-mail): sign up → verification e-mail (read from the server's console
output) → verify → log out → log in → profile → log out. Screenshots in
test-artifacts/screenshots/."""

import re
import time
import uuid

import pytest

from tests.e2e.accounts_support import admin_url_pattern, browser_login, create_account, fresh_totp
from tests.e2e.test_browser import shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE = {"width": 360, "height": 780}
PASSWORD = "Kh0ng-de-doan-2026!"


def confirmation_link(site, email: str, timeout: float = 15) -> str:
    """The verification link of the console e-mail sent to `email`, from the server's output."""
    log = site.tmp / "web.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        for message in text.split("Subject: ")[1:]:
            if f"To: {email}" in message:
                match = re.search(r"(https?://\S+/tai-khoan/confirm-email/\S+/)", message)
                if match:
                    return match.group(1)
        time.sleep(0.3)
    raise AssertionError(f"no verification e-mail for {email} in the server output")


def test_reader_signs_up_verifies_logs_in_and_edits_profile(browser, demo_site):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    email = f"doc-gia-{uuid.uuid4().hex[:8]}@example.com"

    page.goto(demo_site.url + "/")
    page.locator("[data-testid=login]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/login/"))
    assert page.locator("h1").inner_text().strip() == "Đăng nhập"
    shot(page, "phone-accounts-1-login-vi")
    page.locator("main a", has_text="đăng ký").click()
    page.wait_for_url(re.compile(r"/tai-khoan/signup/$"))

    # A mistake first: the error appears next to the field and nothing typed is lost.
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", "Chị Hoa")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD + "x")
    page.locator("main button[type=submit]").click()
    assert page.locator(".field--error .errorlist").first.inner_text().strip() == (
        "Hai lần nhập mật khẩu phải giống nhau."
    )
    assert page.input_value("input[name=email]") == email
    shot(page, "phone-accounts-2-signup-error-vi")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=privacy_consent]")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/confirm-email/$"))
    assert "Xác minh địa chỉ e-mail" in page.locator("h1").inner_text()

    link = confirmation_link(demo_site, email)
    page.goto(link)
    assert "Xác nhận địa chỉ e-mail" in page.locator("h1").inner_text()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(demo_site.url + "/")
    assert page.locator("[data-testid=my-account]").is_visible()

    page.locator("[data-testid=logout]").click()
    page.wait_for_url(demo_site.url + "/")
    assert "Bạn đã đăng xuất." in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=login]").is_visible()

    page.goto(demo_site.url + "/tai-khoan/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(demo_site.url + "/")
    page.locator("[data-testid=my-account]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/ho-so/$"))
    assert page.locator("h1").inner_text().strip() == "Hồ sơ của tôi"
    assert page.input_value("input[name=display_name]") == "Chị Hoa"
    page.fill("input[name=phone]", "số điện thoại")
    page.locator("main button[type=submit]").click()
    assert "Nhập số điện thoại" in page.locator(".field--error").inner_text()
    page.fill("input[name=phone]", "0912 345 678")
    page.locator("main button[type=submit]").click()
    assert "Đã lưu hồ sơ của bạn." in page.locator(".messages").inner_text()
    assert page.input_value("input[name=phone]") == "0912 345 678"
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "phone-accounts-3-profile-vi")

    # The reader turns on two-factor authentication with an authenticator app.
    page.locator(".account-nav a", has_text="Xác thực hai lớp").click()
    page.wait_for_url(re.compile(r"/tai-khoan/2fa/$"))
    page.locator("main a", has_text="Bật").first.click()
    page.wait_for_url(re.compile(r"/tai-khoan/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/2fa/totp/activate/$"))
    assert "Bật ứng dụng xác thực" in page.locator("h1").inner_text()
    secret = page.input_value("#authenticator_secret")
    shot(page, "phone-accounts-4-totp-vi")
    page.fill("input[name=code]", "000000")
    page.locator("main button[type=submit]").click()
    assert "Mã không đúng." in page.locator("main").inner_text()
    page.fill("input[name=code]", fresh_totp(email, secret))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/2fa/recovery-codes/"))
    assert "Mã khôi phục" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "phone-accounts-5-recovery-codes-vi")

    page.locator("[data-testid=logout]").click()
    page.wait_for_url(demo_site.url + "/")
    assert page.locator("[data-testid=login]").is_visible()

    # From now on the password alone is not enough.
    page.goto(demo_site.url + "/tai-khoan/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/2fa/authenticate/$"))
    assert "xác thực hai lớp" in page.locator("main").inner_text()
    assert page.locator("[data-testid=login]").is_visible()  # not logged in yet
    assert errors == []
    context.close()


def test_staff_reach_the_admin_only_with_their_second_factor(browser, demo_site):
    email, password = "bien-tap@infofinance.example", "Bi3n-tap-vien-2026!"
    secret = create_account(demo_site, email, password, superuser=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(demo_site.url + "/admin/login/")  # Wagtail's own login is no way around it
    page.wait_for_url(re.compile(r"/tai-khoan/login/\?next=(/|%2F)admin"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tai-khoan/2fa/authenticate/"))
    page.goto(demo_site.url + "/admin/")  # the password alone opens nothing
    assert "/tai-khoan/" in page.url
    browser_login(page, demo_site, email, password, secret=secret, next_path="/admin/")
    page.wait_for_url(admin_url_pattern(demo_site))
    assert page.locator("#wagtail").count() or page.locator("main").count()
    assert "/admin/" in page.url and "login" not in page.url
    shot(page, "desktop-accounts-7-admin-after-totp")
    context.close()


def test_english_login_page_at_phone_width(browser, demo_site):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(demo_site.url + "/en/account/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().strip() == "Sign In"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "phone-accounts-6-login-en")
    context.close()


def test_login_brute_force_is_refused_across_web_processes(browser, demo_site):
    """The served site runs two web server processes sharing the diskcache: the failed attempts
    are counted together, whichever process answers, and the right password is refused too."""
    email, password = "nan-nhan@example.com", "Mat-khau-dung-2026!"
    create_account(demo_site, email, password, totp=False)
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    for _attempt in range(5):
        page.goto(demo_site.url + "/tai-khoan/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", "sai-mat-khau")
        page.locator("main button[type=submit]").click()
        assert "không đúng" in page.locator("main").inner_text()
    page.goto(demo_site.url + "/tai-khoan/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    assert "Bạn đã đăng nhập sai quá nhiều lần" in page.locator("main").inner_text()
    assert page.locator("[data-testid=login]").is_visible()
    shot(page, "phone-accounts-8-too-many-attempts-vi")
    refused = demo_site.python(
        "from infofinance.audit.models import AccountEvent\n"
        f"print(AccountEvent.objects.filter(kind='login_refused', identifier={email!r}).count())"
    )
    assert refused == "1"
    context.close()
