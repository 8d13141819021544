"""allauth's login is the only way in, staff rights need the second factor, the second factor's
own settings need the second factor, and unverified accounts publish nothing (issue 14, §1).

The URL patterns are walked in both languages: a view that signs in or takes a password outside
allauth and the admin (behind AdminRequiresMFAMiddleware) fails the test, and a password POSTed
to every concrete path signs nobody in."""

import functools
import inspect
import re
import time
import uuid

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

from infofinance.audit.models import SecurityEvent
from infofinance.complaints.models import Complaint, Status
from infofinance.reviews.models import Review
from tests import complaints_support as support
from tests.accounts_helpers import enrol_totp, mfa_verified_login, totp_code
from tests.complaints_support import PDF, complaint_data, make_complaint, make_user, upload

pytestmark = pytest.mark.django_db

private_root = support.private_root
reader, manager, broker = support.reader, support.manager, support.broker

PASSWORD = "x-Secret-123"  # make_user's


# --- Walking the URL patterns -------------------------------------------------------------------


def walk(resolver=None, segments=()):
    """Every URL pattern as (its pattern objects from the root, the pattern)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, (*segments, entry.pattern))
        else:
            yield (*segments, entry.pattern), entry


def route(segments) -> str:
    return "".join(str(segment) for segment in segments)


def view_of(entry: URLPattern):
    callback = entry.callback
    return getattr(callback, "view_class", None) or inspect.unwrap(callback)


def module_of(entry: URLPattern) -> str:
    return getattr(view_of(entry), "__module__", "") or ""


def source_of(entry: URLPattern) -> str:
    return _source(view_of(entry))


@functools.cache
def _source(view) -> str:
    """The code of a view: a function (unwrapped), or a view class with every class it inherits
    from outside Django's generic views."""
    if inspect.isclass(view):
        parts = []
        for klass in view.__mro__:
            module = klass.__module__ or ""
            if klass is object or module.startswith(("django.views.", "django.utils.")):
                continue
            try:
                parts.append(inspect.getsource(klass))
            except (OSError, TypeError):
                parts.append(klass.__qualname__)
        return "\n".join(parts)
    try:
        return inspect.getsource(view)
    except (OSError, TypeError):
        return repr(view)


# What a view that signs someone in, or checks a password, looks like in its code.
SIGNS_IN = re.compile(
    r"\b(auth_)?login\(|perform_login|complete_social_login|AuthenticationForm|\bauthenticate\("
    r"|LoginView|force_login|stage\.exit\("
)
TAKES_PASSWORD = re.compile(r"password", re.IGNORECASE)
# Outside allauth and the admin, the only views that take a password: the shared passwords of
# private pages and private document collections; they mark the restriction as passed in the
# session and sign nobody in (test_private_page_and_document_passwords_sign_nobody_in).
SHARED_PASSWORD_VIEWS = {
    "wagtailcore_authenticate_with_password",
    "wagtaildocs_authenticate_with_password",
}
ACCOUNT_PREFIXES = ("tai-khoan/", "en/account/")


def all_patterns():
    for language in ("vi", "en"):
        with translation.override(language):
            for segments, entry in walk():
                yield language, segments, entry, route(segments)


def test_no_view_outside_allauth_and_the_admin_signs_in_or_takes_a_password():
    flagged = []
    allauth_entries = set()
    for language, _segments, entry, path in all_patterns():
        if path.startswith("admin/"):
            continue  # behind AdminRequiresMFAMiddleware (its login sends to allauth's)
        module = module_of(entry)
        source = source_of(entry)
        signs_in = bool(SIGNS_IN.search(source))
        takes_password = bool(TAKES_PASSWORD.search(source))
        if not (signs_in or takes_password):
            continue
        if module.startswith("allauth."):
            # allauth's own views: mounted once, under the account paths, where its login (with
            # rate limits, e-mail verification and the MFA stage) is the only way to a session.
            assert path.startswith(ACCOUNT_PREFIXES), (language, path, module)
            if signs_in:
                allauth_entries.add(entry.name)
            continue
        if entry.name in SHARED_PASSWORD_VIEWS and not signs_in:
            continue
        flagged.append((language, path, entry.name, module))
    assert flagged == []
    # Of allauth's views, the ones that end in a session are its login and its MFA step (and the
    # flows that finish through allauth's login stages: social login and the sign-up).
    assert "account_login" in allauth_entries and "mfa_authenticate" in allauth_entries
    assert allauth_entries <= {
        "account_login",
        "mfa_authenticate",
        "account_signup",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "account_confirm_login_code",
        "socialaccount_signup",
        "google_login_by_token",
        "facebook_login_by_token",
        "google_login",
        "google_callback",
        "facebook_login",
        "facebook_callback",
    }, allauth_entries


def test_wagtails_password_login_is_mounted_nowhere():
    """Django's LoginView (Wagtail's front-end login is one) only as the admin's login page,
    which the middleware sends to allauth's (tests/test_accounts_admin_mfa.py)."""
    for language, _segments, entry, path in all_patterns():
        if path == "admin/login/":
            continue
        view = view_of(entry)
        assert not (
            inspect.isclass(view)
            and any(
                k.__name__ == "LoginView" and k.__module__.startswith("django.")
                for k in view.__mro__
            )
        ), (language, path)
        if entry.name == "wagtailcore_login":
            assert module_of(entry) == "django.views.generic.base", (language, path)


def test_every_staff_view_is_mounted_under_the_admin():
    """The complaint queue, cases, actions, files and the broker import are only reachable under
    /admin/, where the middleware asks for the second factor."""
    found = set()
    for language, _segments, entry, path in all_patterns():
        module = module_of(entry)
        if module.endswith(".admin_views") or (entry.name or "").startswith(
            ("complaints_admin", "brokers_import", "brokers_export")
        ):
            assert path.startswith("admin/"), (language, path, module)
            found.add(entry.name)
    assert {
        "complaints_admin_queue",
        "complaints_admin_case",
        "complaints_admin_action",
        "complaints_admin_file",
        "complaints_admin_log",
        "brokers_import",
        "brokers_export",
    } <= found


SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x"}


def concrete(segments) -> str | None:
    """A path for a pattern, its parameters filled with sample values; None for patterns with
    regular expressions (legacy redirects, the page catch-all, documents)."""
    parts = []
    for segment in segments:
        if isinstance(segment, LocalePrefixPattern):
            parts.append(str(segment))
        elif isinstance(segment, RoutePattern):
            text = str(segment)

            def sample(match):
                converter = match.group(1) or "str"
                return str(uuid.uuid4()) if converter == "uuid" else SAMPLES.get(converter, "1")

            parts.append(re.sub(r"<(?:(\w+):)?\w+>", sample, text))
        else:
            return None
    return "/" + "".join(parts)


@pytest.fixture
def staff_with_totp(db):
    user = make_user("boss@infofinance.example", staff=True, groups=["Complaint managers"])
    user.is_superuser = True
    user.save()
    enrol_totp(user)
    return user


def test_a_password_posted_anywhere_signs_nobody_in(structure, staff_with_totp, settings):
    """The password (with every usual field name) POSTed to every concrete path of both
    languages, the admin's login included, never leaves a signed-in session: the one login
    (allauth's) stops at the MFA step."""
    settings.ACCOUNT_RATE_LIMITS = False
    credentials = {
        "login": staff_with_totp.email,
        "email": staff_with_totp.email,
        "username": staff_with_totp.username,
        "password": PASSWORD,
        "password1": PASSWORD,
    }
    paths = {"/admin/login/", "/_util/login/", "/en/_util/login/"}
    for _language, segments, _entry, path in all_patterns():
        if path.startswith("admin/"):
            continue  # anonymous requests there go to allauth's login (the middleware)
        url = concrete(segments)
        if url is not None:
            paths.add(url)
    assert len(paths) > 100
    for url in sorted(paths):
        client = Client(raise_request_exception=False)
        client.post(url, credentials)
        assert "_auth_user_id" not in client.session, url


# --- Wagtail's login: gone in both languages ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "login"),
    [("/_util/login/", "/tai-khoan/login/"), ("/en/_util/login/", "/en/account/login/")],
)
def test_wagtails_login_path_only_sends_to_allauths(
    client, structure, staff_with_totp, path, login
):
    response = client.get(path + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == login + "?next=/admin/"
    response = client.post(path, {"username": staff_with_totp.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == login
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_no_lockout_bypass_and_no_unverified_login(client, structure):
    """The issue's reproduction: allauth has locked an address out (logged); the right password at
    /_util/login/ then signed in. Now nothing signs in, and an address never verified signs in
    nowhere either."""
    from infofinance.audit.models import AccountEvent

    user = make_user("lan@example.com")  # no authenticator: the password alone would do
    for _attempt in range(30):
        client.post("/tai-khoan/login/", {"login": user.email, "password": "wrong"})
        client.post("/_util/login/", {"username": user.username, "password": "wrong"})
    for path in ("/_util/login/", "/en/_util/login/"):
        client.post(path, {"username": user.username, "password": PASSWORD})
        assert "_auth_user_id" not in client.session, path
    client.post("/tai-khoan/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # still locked out …
    assert AccountEvent.objects.filter(kind="login_refused", identifier=user.email).exists()
    assert AccountEvent.objects.filter(kind="login_failed").exists()  # … and logged
    unverified = make_user("moi@example.com", verified=False)
    other = Client()
    for path in ("/_util/login/", "/en/_util/login/"):
        other.post(path, {"username": unverified.username, "password": PASSWORD})
        assert "_auth_user_id" not in other.session, path
    # allauth's login refuses the unverified address too (mandatory verification).
    other.post("/tai-khoan/login/", {"login": unverified.email, "password": PASSWORD})
    assert "_auth_user_id" not in other.session


def test_login_restricted_pages_send_to_allauths_login(client, structure):
    from wagtail.models import PageViewRestriction

    from tests.factories import make_article

    for language, login in (("vi", "/tai-khoan/login/"), ("en", "/en/account/login/")):
        page = make_article(structure, title=f"Bài riêng {language}", language=language)
        PageViewRestriction.objects.create(page=page, restriction_type="login")
        response = client.get(page.url)
        assert response.status_code == 302, page.url
        assert response["Location"].startswith(login + "?next="), response["Location"]


def test_private_page_and_document_passwords_sign_nobody_in(client, structure, staff_with_totp):
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from tests.factories import make_article

    for prefix, language in (("", "vi"), ("/en", "en")):
        page = make_article(structure, title=f"Bài mật {language}", language=language)
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type="password", password=PASSWORD
        )
        url = f"{prefix}/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
        response = client.post(url, {"password": PASSWORD, "return_url": page.url})
        assert response.status_code == 302 and response["Location"] == page.url
        assert client.get(page.url).status_code == 200  # the page opens …
        assert "_auth_user_id" not in client.session  # … and nobody is signed in
    collection = Collection.get_first_root_node().add_child(name="Riêng")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password=PASSWORD
    )
    Document.objects.create(title="Giấy phép", collection=collection)
    response = client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": PASSWORD, "return_url": "/"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Staff rights need the second factor ----------------------------------------------------------


def password_only_login(client, user):
    """A session as a password alone leaves it (allauth's records of a password login)."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def evidence_of(complaint_owner, client):
    client.force_login(complaint_owner)
    response = client.post(
        "/khieu-nai/gui/",
        complaint_data(evidence=[upload("hop-dong.pdf", PDF)], email=complaint_owner.email),
    )
    assert response.status_code == 302, response.content[:500]
    complaint = Complaint.objects.get(user=complaint_owner)
    evidence = complaint.evidence.get()
    client.logout()
    return complaint, f"/tai-khoan/khieu-nai/{complaint.uuid}/tep/{evidence.uuid}/"


def test_staff_download_through_the_reader_url_needs_the_second_factor(client, reader, manager):
    complaint, url = evidence_of(reader, client)
    enrol_totp(manager)
    password_only_login(client, manager)
    assert client.get(url).status_code == 404
    assert SecurityEvent.objects.filter(action="evidence_download", user=manager).exists()
    superuser = make_user("root@infofinance.example", staff=True)
    superuser.is_superuser = True
    superuser.save()
    enrol_totp(superuser)
    assert password_only_login(Client(), superuser).get(url).status_code == 404
    # With the second factor, staff who see the case download it.
    assert mfa_verified_login(Client(), manager).get(url).status_code == 200
    # The complainant downloads their own evidence with their password session.
    owner = Client()
    owner.force_login(reader)
    assert owner.get(url).status_code == 200
    assert SecurityEvent.objects.filter(complaint=complaint, user=superuser).exists()


def test_permissions_without_admin_access_open_nothing(client, reader):
    """is_staff and every complaint or broker permission, a second factor, but not
    wagtailadmin.access_admin: no admin page and no evidence."""
    _complaint, url = evidence_of(reader, client)
    insider = make_user("insider@infofinance.example", staff=True)
    insider.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["complaints", "brokers"]).exclude(
            content_type__app_label="wagtailadmin"
        )
    )
    assert not insider.has_perm("wagtailadmin.access_admin")
    assert insider.has_perm("complaints.manage_all_complaints")
    session = mfa_verified_login(Client(), insider)
    assert session.get(url).status_code == 404
    assert session.get("/admin/complaints/").status_code == 403
    assert session.get("/admin/brokers/import/").status_code == 403
    assert session.get("/admin/brokers/export/").status_code == 403


def staff_actions(complaint):
    case = f"/admin/complaints/case/{complaint.uuid}/"
    file = complaint.evidence.first()
    return [
        ("get", "/admin/complaints/", {}),
        ("get", "/admin/complaints/refused/", {}),
        ("get", case, {}),
        ("get", f"{case}files/{file.uuid}/", {}),
        ("post", f"{case}status/", {"status": "under_review"}),
        ("post", f"{case}assign/", {"assignee": ""}),
        ("post", f"{case}note/", {"text": "ghi chú"}),
        ("post", f"{case}update/", {"text": "cập nhật"}),
        ("post", f"{case}publication/", {"published": "on"}),
        ("post", f"{case}accept/", {}),
        ("post", f"{case}refuse/", {}),
        ("get", "/admin/brokers/import/", {}),
        ("post", "/admin/brokers/import/", {"file": upload("a.csv", b"broker_name\nX\n")}),
        ("get", "/admin/brokers/export/", {}),
    ]


def test_every_staff_action_refuses_a_password_only_session(client, reader, manager):
    complaint, _url = evidence_of(reader, client)
    manager.is_superuser = True  # every permission: only the second factor is missing
    manager.save()
    enrol_totp(manager)
    staff = password_only_login(Client(), manager)
    notes = complaint.notes.count()
    for method, url, data in staff_actions(complaint):
        response = getattr(staff, method)(url, data)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"].startswith("/tai-khoan/2fa/reauthenticate/?next="), url
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.notes.count() == notes
    # The same actions with the second factor are answered (not sent to the MFA step).
    verified = mfa_verified_login(Client(), manager)
    for method, url, data in staff_actions(complaint)[:4]:
        response = getattr(verified, method)(url, data)
        assert response.status_code == 200, (method, url)


# --- The second factor's settings need the second factor --------------------------------------


MFA_PAGES = [
    "/tai-khoan/2fa/",
    "/tai-khoan/2fa/recovery-codes/",
    "/tai-khoan/2fa/recovery-codes/download/",
    "/tai-khoan/2fa/recovery-codes/generate/",
    "/tai-khoan/2fa/totp/deactivate/",
    "/tai-khoan/2fa/totp/activate/",
    "/en/account/2fa/",
    "/en/account/2fa/recovery-codes/",
    "/en/account/2fa/recovery-codes/download/",
    "/en/account/2fa/recovery-codes/generate/",
    "/en/account/2fa/totp/deactivate/",
]


@pytest.fixture
def protected(db):
    """A reader with an authenticator app and recovery codes."""
    user = make_user("lan@example.com")
    _authenticator, secret = enrol_totp(user)
    codes = RecoveryCodes.activate(user)
    user.secret = secret
    user.codes = codes.get_unused_codes()
    return user


def mfa_reauth_url(path: str) -> str:
    """allauth's MFA re-authentication in the language of `path`."""
    if path.startswith("/en/"):
        return "/en/account/2fa/reauthenticate/"
    return "/tai-khoan/2fa/reauthenticate/"


@pytest.mark.parametrize("path", MFA_PAGES)
def test_mfa_pages_refuse_a_password_session(client, structure, protected, path):
    password_only_login(client, protected)
    response = client.get(path)
    assert response.status_code == 302, path
    assert response["Location"].startswith(mfa_reauth_url(path) + "?next="), response["Location"]


def test_password_reauthentication_does_not_open_recovery_codes_or_deactivation(
    client, structure, protected
):
    password_only_login(client, protected)
    response = client.post(
        "/tai-khoan/reauthenticate/?next=/tai-khoan/2fa/recovery-codes/", {"password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.get("/tai-khoan/2fa/recovery-codes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/2fa/reauthenticate/?next=")
    assert all(code not in response.content.decode() for code in protected.codes)
    assert client.get("/tai-khoan/2fa/recovery-codes/download/").status_code == 302
    client.post("/tai-khoan/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=protected, type="totp").exists()
    assert client.post("/tai-khoan/2fa/recovery-codes/generate/", {}).status_code == 302
    assert (
        RecoveryCodes(
            Authenticator.objects.get(user=protected, type="recovery_codes")
        ).get_unused_codes()
        == protected.codes
    )


def test_a_session_that_passed_the_second_factor_still_confirms_it_for_secrets(
    client, structure, protected
):
    mfa_verified_login(client, protected)  # password and TOTP at login
    assert client.get("/tai-khoan/2fa/").status_code == 200
    response = client.get("/tai-khoan/2fa/recovery-codes/")
    assert response["Location"].startswith("/tai-khoan/2fa/reauthenticate/?next=")
    response = client.post(
        "/tai-khoan/2fa/reauthenticate/?next=/tai-khoan/2fa/recovery-codes/",
        {"code": totp_code(protected.secret)},
    )
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/2fa/recovery-codes/"
    html = client.get("/tai-khoan/2fa/recovery-codes/").content.decode()
    assert protected.codes[0] in html
    response = client.get("/en/account/2fa/recovery-codes/download/")
    assert response.status_code == 200 and protected.codes[0] in response.content.decode()
    response = client.post("/tai-khoan/2fa/totp/deactivate/", {})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=protected, type="totp").exists()


def test_a_recovery_code_confirms_the_second_factor_too(client, structure, protected):
    password_only_login(client, protected)
    response = client.post(
        "/en/account/2fa/reauthenticate/?next=/en/account/2fa/recovery-codes/",
        {"code": protected.codes[0]},
    )
    assert response.status_code == 302
    assert client.get("/en/account/2fa/recovery-codes/").status_code == 200


def test_an_account_without_authenticator_still_enrols_after_its_password(client, structure):
    user = make_user("moi@example.com")
    client.force_login(user)
    assert client.get("/tai-khoan/2fa/").status_code == 200
    response = client.get("/tai-khoan/2fa/totp/activate/")
    assert response["Location"].startswith("/tai-khoan/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/tai-khoan/2fa/totp/activate/")
    assert page.status_code == 200
    secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode())
    assert secret, "the activation page shows its secret"
    response = client.post("/tai-khoan/2fa/totp/activate/", {"code": totp_code(secret.group(1))})
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/2fa/recovery-codes/"
    # The valid code of the enrolment is this session's second factor: the new codes show.
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    html = client.get("/tai-khoan/2fa/recovery-codes/").content.decode()
    assert codes.get_unused_codes()[0] in html


# --- Unverified accounts publish nothing ---------------------------------------------------------


@pytest.fixture
def unverified(db):
    return make_user("chua@example.com", verified=False, display_name="Chưa Xác Minh")


def test_unverified_account_cannot_file_a_complaint(client, structure, unverified):
    client.force_login(unverified)
    response = client.get("/khieu-nai/gui/")
    assert response.status_code == 403
    html = response.content.decode()
    with translation.override("vi"):
        assert translation.gettext("Verify your e-mail address first") in html
    assert "Hãy xác minh địa chỉ e-mail" in html
    assert 'action="/tai-khoan/email/"' in html and 'name="action_send"' in html
    response = client.post("/khieu-nai/gui/", complaint_data(email=unverified.email))
    assert response.status_code == 403
    response = client.post("/en/complaints/new/", complaint_data(email=unverified.email))
    assert response.status_code == 403 and "Verify your e-mail address first" in response.text
    assert not Complaint.objects.exists()
    # The page's button sends the verification e-mail again.
    mail.outbox.clear()
    response = client.post("/tai-khoan/email/", {"email": unverified.email, "action_send": ""})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[unverified.email]]


def test_unverified_account_cannot_edit_a_draft(client, structure, unverified):
    draft = make_complaint(unverified, status=Status.DRAFT)
    client.force_login(unverified)
    url = f"/tai-khoan/khieu-nai/{draft.uuid}/sua/"
    response = client.post(url, complaint_data(email=unverified.email, title="Đổi tiêu đề"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.title != "Đổi tiêu đề"


def test_unverified_account_cannot_publish_a_review(client, structure, unverified, broker):
    client.force_login(unverified)
    for url in (f"/tra-cuu-san/{broker.slug}/danh-gia/", f"/en/broker/{broker.slug}/review/"):
        response = client.post(url, {"rating": "5", "comment": "Tuyệt vời"})
        assert response.status_code == 403, url
    assert not Review.objects.exists()
    # Once the address is verified, the same review is published.
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    response = client.post(
        f"/tra-cuu-san/{broker.slug}/danh-gia/", {"rating": "5", "comment": "Tuyệt vời"}
    )
    assert response.status_code == 302
    assert Review.objects.filter(user=unverified).exists()


def test_anonymous_visitors_still_go_to_the_login(client, structure, broker):
    response = client.get("/khieu-nai/gui/")
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
    response = client.get(f"/en/broker/{broker.slug}/review/")
    assert response.status_code == 302 and "/en/account/login/" in response["Location"]
