"""Staff reach the Wagtail admin only with an enrolled authenticator and an MFA-verified session;
Wagtail's own login and password reset are no way around it."""

import pytest
from allauth.mfa.models import Authenticator

from infofinance.audit.models import AccountEvent
from tests.accounts_helpers import enrol_totp, mfa_verified_login, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "S3cret-pass!")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_staff_without_an_authenticator_is_sent_to_enrol(client, structure, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/2fa/totp/activate/"
    assert not Authenticator.objects.filter(user=staff).exists()


def test_password_only_session_is_sent_to_the_mfa_step(client, structure, staff):
    enrol_totp(staff)
    client.force_login(staff)  # a session without a second factor
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/2fa/reauthenticate/?next=%2Fadmin%2Fpages%2F"


def test_mfa_verified_staff_reach_the_admin(client, structure, staff):
    mfa_verified_login(client, staff)
    assert client.get("/admin/").status_code == 200


def test_reader_with_mfa_gets_no_admin(client, structure, django_user_model):
    reader = django_user_model.objects.create_user("reader", "reader@example.com", "pw")
    mfa_verified_login(client, reader)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert AccountEvent.objects.filter(kind="admin_refused", user=reader).exists()
    assert client.get("/admin/pages/").status_code == 403


def test_wagtail_login_and_password_reset_do_not_bypass(client, structure, staff):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/login/?next=%2Fadmin%2Fpages%2F"
    # Posting a correct password to Wagtail's form logs nobody in.
    response = client.post("/admin/login/", {"username": "boss", "password": "S3cret-pass!"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert client.get("/admin/password_reset/").status_code == 302
    assert client.get("/admin/password_reset/")["Location"] == "/tai-khoan/password/reset/"
    # An open redirect through next is refused.
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/tai-khoan/login/?next=%2Fadmin%2F"


def test_anonymous_admin_goes_to_allauth_login(client, structure):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/?next=")


def test_full_login_with_password_and_totp_opens_the_admin(client, structure, staff):
    _authenticator, secret = enrol_totp(staff)
    response = client.post(
        "/tai-khoan/login/", {"login": "boss@example.com", "password": "S3cret-pass!"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/2fa/authenticate/"
    # The password alone did not log in.
    assert client.get("/admin/").status_code == 302
    response = client.post("/tai-khoan/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reauthentication_with_totp_lets_staff_in(client, structure, staff):
    _authenticator, secret = enrol_totp(staff)
    client.force_login(staff)
    response = client.get("/admin/pages/")
    response = client.post(response["Location"], {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again, no admin
    assert client.get("/admin/pages/").status_code == 302
    response = client.post(
        "/tai-khoan/2fa/reauthenticate/?next=/admin/pages/", {"code": totp_code(secret)}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_security_log_is_readable_in_the_admin_and_read_only(client, structure, staff):
    AccountEvent.objects.create(kind="login_refused", identifier="victim@example.com")
    mfa_verified_login(client, staff)
    response = client.get("/admin/account_events/")
    assert response.status_code == 200
    assert "victim@example.com" in response.content.decode()
    assert client.get("/admin/account_events/new/").status_code in (302, 403)
    event = AccountEvent.objects.get()
    assert client.post(f"/admin/account_events/delete/{event.pk}/").status_code in (302, 403)
    assert AccountEvent.objects.filter(pk=event.pk).exists()


def test_security_log_is_hidden_from_editors_without_permission(
    client, structure, django_user_model
):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("ed", "ed@example.com", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)  # editors (not only superusers) need the second factor too
    assert client.get("/admin/")["Location"] == "/tai-khoan/2fa/totp/activate/"
    mfa_verified_login(client, editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account_events/").status_code in (302, 403)
