"""The registration limits (infofinance/events/limits.py): fixed one-hour windows in the shared
cache per client network, per account and per target address, and the daily cap of events
e-mails to one recipient. (The 429 page of the registration view: the views' tests.)"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from freezegun import freeze_time

from infofinance.events import limits

NOW = "2026-12-01 03:10:00+00:00"


def request(address="203.0.113.7", forwarded=None, user=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    built = RequestFactory().post("/su-kien/x/dang-ky/", **extra)
    built.user = user or AnonymousUser()
    return built


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.EVENTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 5
    settings.EVENTS_REGISTRATIONS_PER_ACCOUNT_PER_HOUR = 3
    settings.EVENTS_MAILS_PER_RECIPIENT_PER_DAY = 2
    settings.TRUSTED_PROXY_COUNT = 0


def test_a_flood_from_one_address_is_stopped_with_a_localized_message():
    with freeze_time(NOW):
        for n in range(5):
            limits.consume(request(), email=f"g{n}@example.com")
        with pytest.raises(limits.LimitExceeded) as refused:
            limits.consume(request(), email="g9@example.com")
    assert refused.value.scope == "address"
    with translation.override("en"):
        assert "Nothing was saved" in str(refused.value.message)


def test_the_window_is_an_hour():
    with freeze_time(NOW) as clock:
        for n in range(5):
            limits.consume(request(), email=f"g{n}@example.com")
        with pytest.raises(limits.LimitExceeded):
            limits.consume(request(), email="late@example.com")
        clock.tick(timedelta(hours=1))
        limits.consume(request(), email="late@example.com")


def test_ipv6_neighbours_count_as_one_network():
    with freeze_time(NOW):
        for n in range(5):
            limits.consume(request(f"2001:db8::{n + 1}"), email=f"g{n}@example.com")
        with pytest.raises(limits.LimitExceeded):
            limits.consume(request("2001:db8::ffff"), email="x@example.com")


def test_many_clients_behind_the_trusted_proxy_each_have_their_own_count(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    with freeze_time(NOW):
        for client in range(40):
            for n in range(5):
                limits.consume(
                    request("10.0.0.1", forwarded=f"198.51.100.{client}"),
                    email=f"c{client}-{n}@example.com",
                )
        with pytest.raises(limits.LimitExceeded):
            limits.consume(request("10.0.0.1", forwarded="198.51.100.3"), email="z@example.com")


def test_a_forged_forwarded_header_without_a_trusted_proxy_changes_nothing():
    with freeze_time(NOW):
        for n in range(5):
            limits.consume(request(forwarded=f"192.0.2.{n}"), email=f"g{n}@example.com")
        with pytest.raises(limits.LimitExceeded):
            limits.consume(request(forwarded="192.0.2.99"), email="x@example.com")


def test_one_target_address_cannot_be_flooded_from_many_clients():
    with freeze_time(NOW):
        for client in range(3):
            limits.consume(request(f"198.51.100.{client}"), email="Victim@Example.com")
        with pytest.raises(limits.LimitExceeded) as refused:
            limits.consume(request("198.51.100.200"), email="victim@example.com ")
    assert refused.value.scope == "recipient"


@pytest.mark.django_db
def test_an_account_has_its_own_count(django_user_model):
    user = django_user_model.objects.create_user(username="an", email="an@example.com")
    with freeze_time(NOW):
        for n in range(3):
            limits.consume(request(f"198.51.100.{n}", user=user), email=f"e{n}@example.com")
        with pytest.raises(limits.LimitExceeded) as refused:
            limits.consume(request("198.51.100.50", user=user), email="e9@example.com")
    assert refused.value.scope == "account"


def test_a_refused_attempt_is_not_counted():
    with freeze_time(NOW):
        for n in range(4):
            limits.consume(request(), email=f"g{n}@example.com")
        for _ in range(3):
            limits.consume(request("198.51.100.1"), email="busy@example.com")
        with pytest.raises(limits.LimitExceeded):
            limits.consume(request(), email="busy@example.com")  # the recipient's 4th
        limits.consume(request(), email="free@example.com")  # the address's 5th still passes


def test_the_per_recipient_mail_cap_is_per_day():
    with freeze_time(NOW) as clock:
        assert limits.allow_mail("An@Example.com")
        assert limits.allow_mail("an@example.com")
        assert not limits.allow_mail("an@example.com")
        assert not limits.allow_mail("an@example.com")
        assert limits.allow_mail("binh@example.com")
        clock.tick(timedelta(days=1))
        assert limits.allow_mail("an@example.com")


def test_no_cap_when_set_to_zero(settings):
    settings.EVENTS_MAILS_PER_RECIPIENT_PER_DAY = 0
    assert all(limits.allow_mail("an@example.com") for _ in range(20))
