"""A broker that gets a warning has its banners stopped at once, its pages purged, and the
banner managers told, once, through the worker and a real SMTP server (issue 19, "Investor
protection")."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from infofinance.banners import cache as banner_cache
from infofinance.banners.models import Banner
from infofinance.banners.setup import MANAGERS, ensure_groups
from infofinance.brokers.models import Licence
from infofinance.brokers.services import refresh_broker
from infofinance.pagecache import store
from tests.banners_support import advertiser, banner, make_broker
from tests.mail_support import body, run_queue, smtp, subject, worker_died_after_sending  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    from django.contrib.auth import get_user_model

    ensure_groups()
    user = get_user_model().objects.create_user(
        username="qc", email="qc@infofinance.example", password="x-Secret-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=MANAGERS))
    return user


def test_a_warning_stops_the_brokers_banners_and_tells_the_managers(
    smtp,  # noqa: F811
    manager,
    django_capture_on_commit_callbacks,
):
    good = make_broker(
        name="Aurora Test", website="https://aurora.example", domains="aurora.example"
    )
    own = banner(
        "sidebar",
        advertiser=advertiser("Aurora Test", broker=good),
        link="https://aurora.example/vi/",
    )
    elsewhere = banner("top", name="Affiliate", link="https://go.aurora.example/ref")
    unrelated = banner("top", name="Unrelated", link="https://example.org/")
    tag = banner_cache.placement("sidebar", "vi")
    before = store.versions([tag])[tag]
    with django_capture_on_commit_callbacks(execute=True):
        Licence.objects.filter(broker=good).update(
            expiry_date=timezone.localdate().replace(year=2000)
        )
        refresh_broker(good.pk)  # the licence lapsed: a warning, published after commit
    with django_capture_on_commit_callbacks(execute=True):
        run_queue()  # the banners' handler stops them; the stop's event is queued at commit
    run_queue()  # the managers' e-mail
    statuses = dict(Banner.objects.values_list("name", "status"))
    assert statuses[own.name] == "stopped" and statuses["Affiliate"] == "stopped"
    assert statuses["Unrelated"] == "live"
    assert "Aurora Test" in Banner.objects.get(pk=own.pk).stopped_reason
    assert store.versions([tag])[tag] != before
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert "Aurora Test" in subject(message)
    assert own.name in body(message) and "Affiliate" in body(message)
    assert "Unrelated" not in body(message)
    # The worker died after sending: the same message again, never a different one.
    assert worker_died_after_sending() >= 1
    run_queue()
    assert smtp.duplicates() == len(smtp.raw) - 1
    del unrelated, elsewhere


def test_saving_a_stopped_banner_again_does_not_restart_it():
    from infofinance.banners import services

    row = banner()
    services.stop_banners([row.pk], "test reason")
    row = Banner.objects.get(pk=row.pk)
    row.alt_text = "Changed"
    services.save_banner(row, sections=[], tags=[])
    row.refresh_from_db()
    assert row.status == "stopped" and row.stopped_reason == "test reason"
