"""Reader accounts: sign-up with e-mail verification in both languages, login landing in the
preferred language, profile, data rights, CSRF, rate limiting, social buttons, page cache."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from infofinance.accounts.models import User
from infofinance.audit.models import AccountEvent
from infofinance.wiring import personal_data

pytestmark = pytest.mark.django_db

PASSWORD = "Kh0ng-de-doan!"


def make_reader(email="lan@example.com", language="vi", **extra):
    user = User.objects.create_user(
        email.split("@")[0], email, PASSWORD, preferred_language=language, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# Sign-up and verification


@pytest.mark.parametrize(
    ("prefix", "language", "subject", "phrase"),
    [
        ("/tai-khoan/", "vi", "Xác nhận địa chỉ e-mail", "Cảm ơn bạn đã đăng ký Info Finance"),
        ("/en/account/", "en", "Confirm your e-mail address", "Thank you for signing up"),
    ],
)
def test_signup_sends_verification_in_the_page_language(
    client, structure, prefix, language, subject, phrase
):
    response = client.post(
        prefix + "signup/",
        {
            "email": "new@example.com",
            "display_name": "Nguyễn Văn A",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == prefix + "confirm-email/"
    user = User.objects.get(email="new@example.com")
    assert user.preferred_language == language and user.display_name == "Nguyễn Văn A"
    assert user.privacy_consent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"[Info Finance] {subject}"
    assert phrase in message.body
    link = link_in(message)
    assert link.startswith(f"http://testserver{prefix}confirm-email/")
    # Not verified yet: logging in is refused until the link is followed.
    client.post(prefix + "logout/")
    response = client.post(prefix + "login/", {"login": "new@example.com", "password": PASSWORD})
    assert response["Location"] == prefix + "confirm-email/"
    assert "_auth_user_id" not in client.session
    path = link.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified


def test_signup_errors_are_shown_next_to_the_fields_and_keep_the_input(client, structure):
    response = client.post(
        "/tai-khoan/signup/",
        {
            "email": "someone@example.com",
            "display_name": "<script>x</script>",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hai lần nhập mật khẩu phải giống nhau." in html
    assert "Chúng tôi không thể tạo tài khoản khi bạn chưa đồng ý với chính sách bảo mật." in html
    assert 'href="/chinh-sach-bao-mat/"' in html
    assert "Tên không được chứa ký tự &lt; hoặc &gt;." in html
    assert 'value="someone@example.com"' in html
    assert "<script>x</script>" not in html
    assert not User.objects.exists() and not mail.outbox


def test_signup_with_a_taken_address_reveals_nothing_and_warns_the_owner(client, structure):
    make_reader("taken@example.com")
    response = client.post(
        "/tai-khoan/signup/",
        {
            "email": "taken@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "privacy_consent": "on",
        },
    )
    # The same answer as a real sign-up (no account enumeration); the owner gets an e-mail.
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/confirm-email/"
    assert User.objects.count() == 1
    assert mail.outbox[0].to == ["taken@example.com"]
    assert "đã có tài khoản dùng địa chỉ e-mail này" in mail.outbox[0].body


def test_password_reset_mail_is_in_the_readers_language(client, structure):
    make_reader("en-reader@example.com", language="en")
    response = client.post("/tai-khoan/password/reset/", {"email": "en-reader@example.com"})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "[Info Finance] Reset your password"
    link = link_in(message)
    assert link.startswith("http://testserver/en/account/password/reset/key/")
    path = link.removeprefix("http://testserver")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "Change Password" in response.content.decode()  # the English page
    new = "M0t-khau-moi-dai!"
    target = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(target, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert User.objects.get(email="en-reader@example.com").check_password(new)


# Login, landing language, header


@pytest.mark.parametrize(("language", "home"), [("vi", "/"), ("en", "/en/")])
def test_login_lands_in_the_preferred_language(client, structure, language, home):
    make_reader(language=language)
    response = client.post("/tai-khoan/login/", {"login": "lan@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == home


def test_header_shows_login_or_account_and_never_leaks_to_anonymous(structure):
    make_reader(display_name="Chị Lan Riêng Tư")
    anonymous = Client()
    first = anonymous.get("/").content.decode()
    assert 'data-testid="login"' in first and "/tai-khoan/login/" in first
    reader = Client()
    reader.post("/tai-khoan/login/", {"login": "lan@example.com", "password": PASSWORD})
    page = reader.get("/").content.decode()
    assert "Chị Lan Riêng Tư" in page and 'data-testid="logout"' in page
    assert "csrfmiddlewaretoken" in page
    for path in ("/", "/en/"):
        html = anonymous.get(path).content.decode()
        assert "Chị Lan Riêng Tư" not in html and 'data-testid="logout"' not in html
        assert "csrfmiddlewaretoken" not in html
    response = anonymous.get("/")
    assert not response.cookies  # the anonymous home page stays cacheable


def test_logout_needs_post_with_csrf(structure):
    make_reader()
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get())
    response = client.post("/tai-khoan/logout/")
    assert response.status_code == 403
    assert "_auth_user_id" in client.session


# Rate limiting


def test_repeated_bad_logins_are_refused_with_a_clear_message_and_logged(client, structure):
    make_reader()
    for _attempt in range(5):
        response = client.post(
            "/tai-khoan/login/", {"login": "lan@example.com", "password": "wrong"}
        )
        assert "Địa chỉ e-mail hoặc mật khẩu bạn nhập không đúng." in response.content.decode()
    response = client.post("/tai-khoan/login/", {"login": "lan@example.com", "password": PASSWORD})
    html = response.content.decode()
    assert "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau." in html
    assert "_auth_user_id" not in client.session  # even the right password is refused now
    assert AccountEvent.objects.filter(kind="login_failed").count() == 5
    refused = AccountEvent.objects.get(kind="login_refused")
    assert refused.identifier == "lan@example.com" and refused.ip_address == "127.0.0.1"


def test_the_limit_is_counted_in_the_shared_cache(client, structure):
    from django.core.cache import cache

    make_reader()
    for _attempt in range(5):
        client.post("/tai-khoan/login/", {"login": "lan@example.com", "password": "wrong"})
    cache_keys = [key for key in cache._cache if "login_failed" in str(key)]
    assert cache_keys  # allauth's counters live in Django's cache (diskcache/Redis in production)
    other_process = Client()  # a fresh client shares nothing with the first but the cache
    response = other_process.post(
        "/tai-khoan/login/", {"login": "lan@example.com", "password": PASSWORD}
    )
    assert "Bạn đã đăng nhập sai quá nhiều lần" in response.content.decode()


def test_signup_flood_gets_a_429_page_in_vietnamese(client, structure, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    for index in range(2):
        client.post(
            "/tai-khoan/signup/",
            {
                "email": f"bot{index}@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "privacy_consent": "on",
            },
        )
        client.post("/tai-khoan/logout/")
    response = client.post(
        "/tai-khoan/signup/",
        {
            "email": "bot9@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 429
    assert "Quá nhiều lần thử" in response.content.decode()
    assert not User.objects.filter(email="bot9@example.com").exists()
    assert AccountEvent.objects.filter(kind="rate_limited").exists()


# Profile


def test_profile_edits_and_shows_errors_next_to_fields(client, structure):
    user = make_reader()
    client.force_login(user)
    page = client.get("/tai-khoan/ho-so/").content.decode()
    assert "Hồ sơ của tôi" in page and 'name="phone"' in page
    response = client.post(
        "/tai-khoan/ho-so/",
        {"display_name": "Lan", "phone": "abc<script>", "preferred_language": "xx"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhập số điện thoại" in html
    assert 'id="id_phone_error"' in html or "field--error" in html
    assert "abc&lt;script&gt;" in html and "<script>" not in html.split("<main")[1]
    user.refresh_from_db()
    assert user.phone == ""
    response = client.post(
        "/tai-khoan/ho-so/",
        {"display_name": "Chị Lan", "phone": "+84 912 345 678", "preferred_language": "en"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/account/profile/"
    user.refresh_from_db()
    assert (user.display_name, user.phone, user.preferred_language) == (
        "Chị Lan",
        "+84 912 345 678",
        "en",
    )


def test_account_pages_need_a_login(client, structure):
    for path in ("/tai-khoan/ho-so/", "/en/account/personal-data/", "/tai-khoan/2fa/"):
        response = client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post("/tai-khoan/du-lieu-ca-nhan/tai-ve/")
    assert response.status_code == 302


def test_profile_post_without_csrf_is_refused(structure):
    user = make_reader()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        "/tai-khoan/ho-so/", {"display_name": "X", "phone": "", "preferred_language": "vi"}
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name == ""
    # Nor can a forged form delete the account or take its data away.
    response = client.post("/tai-khoan/du-lieu-ca-nhan/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 403 and User.objects.filter(pk=user.pk).exists()
    assert client.post("/tai-khoan/du-lieu-ca-nhan/tai-ve/").status_code == 403


# Data rights


def test_export_contains_the_account_and_every_registered_source(client, structure):
    user = make_reader(display_name="Lan", phone="0912345678")
    personal_data.register("zz_test", export=lambda u: {"note": f"about {u.pk}"})
    try:
        client.force_login(user)
        assert client.get("/tai-khoan/du-lieu-ca-nhan/tai-ve/").status_code == 405
        response = client.post("/tai-khoan/du-lieu-ca-nhan/tai-ve/")
    finally:
        personal_data._sources.pop("zz_test")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "lan@example.com"
    assert data["account"]["phone"] == "0912345678"
    assert data["account"]["email_addresses"][0]["verified"] is True
    assert data["zz_test"] == {"note": f"about {user.pk}"}
    assert "password" not in json.dumps(data).lower()


def test_delete_account_needs_the_password_and_erases_everything(client, structure):
    user = make_reader()
    erased = []
    personal_data.register("zz_test", export=lambda u: None, erase=lambda u: erased.append(u.pk))
    try:
        client.force_login(user)
        response = client.post(
            "/tai-khoan/du-lieu-ca-nhan/", {"password": "wrong", "confirm": "on"}
        )
        assert response.status_code == 400
        assert "Đây không phải mật khẩu hiện tại của bạn." in response.content.decode()
        assert User.objects.filter(pk=user.pk).exists() and erased == []
        response = client.post(
            "/tai-khoan/du-lieu-ca-nhan/", {"password": PASSWORD, "confirm": "on"}
        )
    finally:
        personal_data._sources.pop("zz_test")
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="lan@example.com").exists()
    assert erased == [user.pk]
    assert "_auth_user_id" not in client.session
    assert AccountEvent.objects.filter(kind="account_deleted").exists()


def test_delete_account_is_all_or_nothing(client, structure):
    user = make_reader()

    def broken(u):
        raise RuntimeError("erase failed")

    personal_data.register("zz_broken", export=lambda u: None, erase=broken)
    try:
        client.force_login(user)
        client.raise_request_exception = False
        response = client.post(
            "/tai-khoan/du-lieu-ca-nhan/", {"password": PASSWORD, "confirm": "on"}
        )
    finally:
        personal_data._sources.pop("zz_broken")
    assert response.status_code == 500
    assert User.objects.filter(pk=user.pk).exists()
    assert not AccountEvent.objects.filter(kind="account_deleted").exists()


# Social login buttons


def test_social_buttons_are_hidden_without_keys(client, structure, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    html = client.get("/tai-khoan/login/").content.decode()
    assert "data-provider=" not in html


def test_social_buttons_appear_when_keys_are_configured(client, structure, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APP": {"client_id": "gid", "secret": "gsecret"}, "SCOPE": ["email"]},
        "facebook": {"APP": {"client_id": "fid", "secret": "fsecret"}, "METHOD": "oauth2"},
    }
    html = client.get("/tai-khoan/login/").content.decode()
    assert 'data-provider="google"' in html and 'data-provider="facebook"' in html
    assert "Tiếp tục với Google" in html
    assert "/tai-khoan/google/login/" in html
    english = client.get("/en/account/login/").content.decode()
    assert "Continue with Facebook" in english and "/en/account/facebook/login/" in english


def test_logout_message_is_shown_on_the_next_page_not_hidden_by_the_cache(structure):
    make_reader()
    client = Client()
    client.post("/tai-khoan/login/", {"login": "lan@example.com", "password": PASSWORD})
    response = client.post("/tai-khoan/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    # The message lives in the session, whose cookie makes the page cache step aside.
    assert client.cookies["sessionid"].value
    assert "Bạn đã đăng xuất." in client.get("/").content.decode()
    assert "Bạn đã đăng xuất." not in client.get("/").content.decode()


def test_deleting_an_account_keeps_its_complaints_anonymised(client, structure):
    """The whole chain through the page: the complaint centre's registered erase runs in the
    same transaction, the case record stays, the personal data goes."""
    from tests.complaints_support import make_complaint

    user = make_reader("an@example.com")
    complaint = make_complaint(user, None, title="Sàn không cho rút tiền")
    client.force_login(user)
    exported = json.loads(client.post("/tai-khoan/du-lieu-ca-nhan/tai-ve/").content)
    assert exported["complaints"][0]["title"] == "Sàn không cho rút tiền"
    response = client.post("/tai-khoan/du-lieu-ca-nhan/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    complaint.refresh_from_db()
    assert complaint.user is None
    assert complaint.full_name == complaint.email == complaint.phone == ""
    assert complaint.title == "Sàn không cho rút tiền"


def test_messages_name_the_reader_by_display_name_not_username(client, structure):
    make_reader(display_name="Chị Lan")
    response = client.post(
        "/tai-khoan/login/", {"login": "lan@example.com", "password": PASSWORD}, follow=True
    )
    assert "Đăng nhập thành công với tên Chị Lan." in response.content.decode()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/tai-khoan/ho-so/", "Hồ sơ của tôi"),
        ("/en/account/profile/", "My profile"),
        ("/tai-khoan/du-lieu-ca-nhan/", "Dữ liệu của tôi"),
        ("/en/account/personal-data/", "My data"),
        ("/tai-khoan/2fa/", "Xác thực hai lớp"),
        ("/en/account/2fa/", "Two-Factor Authentication"),
        ("/tai-khoan/email/", "Địa chỉ e-mail"),
        ("/en/account/email/", "Email Addresses"),
        ("/tai-khoan/password/change/", "Đổi mật khẩu"),
        ("/en/account/password/change/", "Change Password"),
    ],
)
def test_account_pages_in_both_languages(
    client, structure, path, heading, django_assert_max_num_queries
):
    client.force_login(make_reader())
    with django_assert_max_num_queries(25):
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf"<h1[^>]*>\s*{re.escape(heading)}\s*</h1>", html), heading
    assert f'<html lang="{"en" if path.startswith("/en/") else "vi"}">' in html
    assert 'name="robots" content="noindex"' in html
    assert "no-cache" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    )
