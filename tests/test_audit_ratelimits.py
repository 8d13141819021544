"""allauth's rate limits key on audit.clientip's address. Behind the documented nginx
(TRUSTED_PROXY_COUNT=1) every request comes from 127.0.0.1: ten wrong passwords from one reader
used to lock every other reader out for ten minutes, and the sign-up and password-reset limits
were site-wide. With no proxy trusted (the default), a forged X-Forwarded-For escapes nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from infofinance.accounts.models import User
from infofinance.audit.models import AccountEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Kh0ng-de-doan!"
PROXY = "127.0.0.1"  # nginx, as every request reaches the application
A, B, C = "198.51.100.1", "198.51.100.2", "203.0.113.3"
TOO_MANY = "Bạn đã đăng nhập sai quá nhiều lần"


def reader(email):
    user = User.objects.create_user(email.split("@")[0], email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def through_nginx(address):
    """A browser at `address`, its requests forwarded by nginx (it appends the peer)."""
    return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": address})


def login(client, email, password, **extra):
    return client.post("/tai-khoan/login/", {"login": email, "password": password}, **extra)


def signup(client, email, **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "privacy_consent": "on",
    }
    return client.post("/tai-khoan/signup/", data, **extra)


def reset(client, email, **extra):
    return client.post("/tai-khoan/password/reset/", {"email": email}, **extra)


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_CLIENT_IP_HEADER = ""


@pytest.fixture
def no_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_CLIENT_IP_HEADER = ""


def test_allauth_asks_our_client_address(rf, one_proxy):
    from allauth.account.adapter import get_adapter
    from allauth.core.internal.ratelimit import get_ip

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {A}")
    assert get_adapter(request).get_client_ip(request) == A
    assert get_ip(request) == A  # the key of every per-address rate limit of allauth


def test_wrong_passwords_behind_the_proxy_lock_out_only_their_sender(structure, one_proxy):
    reader("b@example.com")
    reader("c@example.com")
    attacker = through_nginx(A)
    for index in range(10):  # ten addresses guessed, each once: only the per-address limit
        assert TOO_MANY not in login(attacker, f"guess{index}@example.com", "wrong").text
    reader("a@example.com")
    assert TOO_MANY in login(attacker, "a@example.com", PASSWORD).text
    assert "_auth_user_id" not in attacker.session
    for address, email in ((B, "b@example.com"), (C, "c@example.com")):
        other = through_nginx(address)
        response = login(other, email, PASSWORD)
        assert response.status_code == 302, address
        assert "_auth_user_id" in other.session
    refused = AccountEvent.objects.get(kind="login_refused")
    assert refused.ip_address == A
    assert set(
        AccountEvent.objects.filter(kind="login_failed").values_list("ip_address", flat=True)
    ) == {A}


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout_without_a_trusted_proxy(
    structure, no_proxy
):
    reader("a@example.com")
    attacker = Client(REMOTE_ADDR=A)
    for index in range(10):
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.{index}.1"}
        login(attacker, f"guess{index}@example.com", "wrong", **forged)
    response = login(attacker, "a@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert TOO_MANY in response.text
    assert set(AccountEvent.objects.values_list("ip_address", flat=True)) == {A}


def test_the_signup_limit_is_per_client_behind_the_proxy(structure, one_proxy, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    for index in range(2):
        assert signup(through_nginx(A), f"a{index}@example.com").status_code == 302
    assert signup(through_nginx(A), "a9@example.com").status_code == 429
    assert signup(through_nginx(B), "b@example.com").status_code == 302
    assert signup(through_nginx(C), "c@example.com").status_code == 302
    assert not User.objects.filter(email="a9@example.com").exists()
    assert AccountEvent.objects.get(kind="rate_limited").ip_address == A


def test_a_forged_header_does_not_escape_the_signup_limit(structure, no_proxy, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    for index in range(2):
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.{index}.1"}
        assert signup(Client(REMOTE_ADDR=A), f"a{index}@example.com", **forged).status_code == 302
    forged = {"HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    assert signup(Client(REMOTE_ADDR=A), "a9@example.com", **forged).status_code == 429


def test_the_password_reset_limit_is_per_client_behind_the_proxy(structure, one_proxy, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/h/ip"}
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        reader(email)
    attacker = through_nginx(A)
    for _attempt in range(2):
        assert reset(attacker, "a@example.com").status_code == 302
    assert reset(attacker, "a@example.com").status_code == 429
    assert reset(through_nginx(B), "b@example.com").status_code == 302
    assert reset(through_nginx(C), "c@example.com").status_code == 302


def test_a_forged_header_does_not_escape_the_password_reset_limit(structure, no_proxy, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/h/ip"}
    reader("a@example.com")
    attacker = Client(REMOTE_ADDR=A)
    for index in range(2):
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.{index}.1"}
        assert reset(attacker, "a@example.com", **forged).status_code == 302
    assert reset(attacker, "a@example.com", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_a_request_without_a_usable_address_is_refused(rf, no_proxy):
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    request = rf.get("/", REMOTE_ADDR="")
    with pytest.raises(PermissionDenied):
        get_adapter(request).get_client_ip(request)
