"""allauth ships no Vietnamese: its pages, messages and e-mails come out Vietnamese here."""

import re

import pytest
from django.utils import translation

from tests.accounts_helpers import enrol_totp

pytestmark = pytest.mark.django_db

# English a reader would see on allauth's pages if a string were left untranslated.
ENGLISH = [
    "Sign In",
    "Sign Up",
    "Sign in",
    "sign up",
    "Password",
    "Forgot",
    "Remember Me",
    "Email",
    "email",
    "Reset My Password",
    "Two-Factor",
    "Authenticator",
    "authenticator",
    "Recovery",
    "Activate",
    "Confirm",
    "Please",
    "Continue",
    "Enter",
    "code",
    "Change",
]


def visible_text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", main)
    placeholders = " ".join(re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', main))
    return text + " " + placeholders


def assert_vietnamese(html: str, *, allowed=()):
    text = visible_text(html)
    for allowed_word in allowed:
        text = text.replace(allowed_word, "")
    found = [phrase for phrase in ENGLISH if re.search(rf"\b{re.escape(phrase)}\b", text)]
    assert found == [], f"untranslated English {found} in: {' '.join(text.split())[:800]}"


@pytest.mark.parametrize(
    "path",
    ["/tai-khoan/login/", "/tai-khoan/signup/", "/tai-khoan/password/reset/"],
)
def test_entrance_pages_have_no_english(client, structure, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_vietnamese(response.content.decode())


def test_mfa_pages_have_no_english(client, structure, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("lan", "lan@example.com", "Kh0ng-de-doan!")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/tai-khoan/login/", {"login": "lan@example.com", "password": "Kh0ng-de-doan!"})
    index = client.get("/tai-khoan/2fa/")
    assert index.status_code == 200
    assert_vietnamese(index.content.decode(), allowed=["e-mail", "E-mail"])
    reauth = client.get("/tai-khoan/2fa/totp/activate/", follow=True)
    assert reauth.redirect_chain[-1][0].startswith("/tai-khoan/reauthenticate/")
    assert "Xác nhận quyền truy cập" in reauth.content.decode()
    assert_vietnamese(reauth.content.decode())
    client.post(reauth.redirect_chain[-1][0], {"password": "Kh0ng-de-doan!"})
    activate = client.get("/tai-khoan/2fa/totp/activate/")
    assert activate.status_code == 200
    html = activate.content.decode()
    assert "Bật ứng dụng xác thực" in html and "quét mã QR" in html
    assert_vietnamese(html, allowed=["e-mail", "E-mail", "QR"])
    enrol_totp(user)
    client.post("/tai-khoan/logout/")
    client.post("/tai-khoan/login/", {"login": "lan@example.com", "password": "Kh0ng-de-doan!"})
    challenge = client.get("/tai-khoan/2fa/authenticate/")
    assert challenge.status_code == 200
    assert "Tài khoản của bạn được bảo vệ bằng xác thực hai lớp" in challenge.content.decode()
    assert_vietnamese(challenge.content.decode())


def test_english_pages_stay_english(client, structure):
    html = client.get("/en/account/login/").content.decode()
    assert "Sign In" in html and "Forgot your password?" in html and "Đăng nhập" not in html


def test_allauth_messages_we_use_are_translated():
    with translation.override("vi"):
        for msgid, expected in [
            ("Too many failed login attempts. Try again later.", "Bạn đã đăng nhập sai"),
            ("The email address and/or password you specified are not correct.", "không đúng"),
            ("Incorrect code.", "Mã không đúng."),
            ("Verify Your Email Address", "Xác minh địa chỉ e-mail"),
            ("You have signed out.", "Bạn đã đăng xuất."),
            ("Authenticator app activated.", "Đã bật ứng dụng xác thực."),
        ]:
            assert expected in translation.gettext(msgid), msgid
