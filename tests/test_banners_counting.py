"""Clicks and viewable impressions counted without trackers (issue 19, "Counting without
trackers"): a signed redirect that is no open redirect, once per reader, banner and day, with
a salt that changes daily; robots and prefetches not counted; floods cut off."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from infofinance.banners import counting, services, tokens
from infofinance.banners.dates import vietnam_today
from infofinance.banners.models import BannerDay
from tests.banners_support import banner

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130 Safari/537.36"
)
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def click_url(row) -> str:
    return f"/qc/{tokens.make(row.pk, tokens.CLICK)}/"


def click(client, row, agent=BROWSER, address="203.0.113.7", **headers):
    return client.get(click_url(row), HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers)


def totals(row) -> tuple[int, int]:
    services.fold_counts()
    day = BannerDay.objects.filter(banner=row, day=vietnam_today()).first()
    return (day.impressions, day.clicks) if day else (0, 0)


def test_a_click_goes_to_the_banners_own_link_and_counts_once_per_reader(client):
    row = banner(link="https://example.org/offer?x=1")
    response = click(client, row)
    assert response.status_code == 302 and response["Location"] == "https://example.org/offer?x=1"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    for _ in range(3):
        click(client, row)  # replays
    assert totals(row) == (0, 1)
    click(client, row, agent=PHONE)  # another browser at the same address
    click(client, row, address="198.51.100.4")  # another reader
    assert totals(row) == (0, 3)


def test_the_fold_is_safe_to_run_twice():
    row = banner()
    from django.test import Client

    click(Client(), row)
    services.fold_counts()
    services.fold_counts()
    assert BannerDay.objects.get(banner=row).clicks == 1


@pytest.mark.parametrize(
    "token",
    [
        "1-AAAAAAAAAAAAAAAAAAAAAA",  # a banner id with a made-up signature
        "not-a-token",
        "1",
        "%2F%2Fevil.example",
    ],
)
def test_a_tampered_token_goes_home_and_counts_nothing(client, token):
    row = banner()
    response = client.get(f"/qc/{token}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == "/"
    assert totals(row) == (0, 0)


def test_a_token_of_one_kind_is_not_the_other(client):
    row = banner()
    view_token = tokens.make(row.pk, tokens.VIEW)
    assert tokens.read(view_token, tokens.CLICK) is None
    assert client.get(f"/qc/{view_token}/", HTTP_USER_AGENT=BROWSER)["Location"] == "/"


def test_an_ended_or_stopped_banner_sends_readers_home(client):
    row = banner(start=timezone.now() - timedelta(days=3), days=2)
    assert click(client, row)["Location"] == "/"
    live = banner(name="live one")
    services.stop_banners([live.pk], "test")
    assert click(client, live)["Location"] == "/"
    assert totals(live) == (0, 0)


@pytest.mark.parametrize(
    "agent,headers",
    [
        ("", {}),
        ("Googlebot/2.1 (+http://www.google.com/bot.html)", {}),
        ("curl/8.5.0", {}),
        ("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/130.0", {}),
        (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch"}),
        (BROWSER, {"HTTP_PURPOSE": "prefetch"}),
        (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
    ],
)
def test_robots_and_prefetches_are_not_counted(client, agent, headers):
    row = banner()
    response = click(client, row, agent=agent, **headers)
    assert response.status_code == 302 and response["Location"] == row.link
    assert totals(row) == (0, 0)


def test_a_head_request_is_not_a_click(client):
    row = banner()
    assert client.head(click_url(row), HTTP_USER_AGENT=BROWSER).status_code == 302
    assert totals(row) == (0, 0)


def post_views(client, values, agent=BROWSER, address="203.0.113.9", **headers):
    return client.post(
        "/qc/xem/", {"v": values}, HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers
    )


def test_viewable_impressions_count_once_per_reader_and_day(client):
    row, other = banner(), banner(name="second")
    tokens_ = [tokens.make(row.pk, tokens.VIEW), tokens.make(other.pk, tokens.VIEW)]
    response = post_views(client, tokens_)
    assert response.status_code == 204 and not response.cookies
    post_views(client, tokens_)  # a replay
    post_views(client, [tokens_[0], "1-AAAAAAAAAAAAAAAAAAAAAA", tokens.make(row.pk, tokens.CLICK)])
    assert totals(row) == (1, 0) and totals(other) == (1, 0)


def test_impressions_of_banners_not_running_are_not_counted(client):
    ended = banner(start=timezone.now() - timedelta(days=3), days=2)
    post_views(client, [tokens.make(ended.pk, tokens.VIEW)])
    assert totals(ended) == (0, 0)


def test_views_from_another_site_are_refused(client):
    row = banner()
    response = post_views(
        client, [tokens.make(row.pk, tokens.VIEW)], HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    assert totals(row) == (0, 0)


@override_settings(BANNERS_VIEW_POSTS_PER_ADDRESS_PER_HOUR=5)
def test_a_flood_of_impression_posts_is_cut_off(client):
    row = banner()
    token = tokens.make(row.pk, tokens.VIEW)
    answers = [post_views(client, [token], agent=f"{BROWSER} {n}").status_code for n in range(8)]
    assert answers == [204] * 5 + [429] * 3
    assert totals(row) == (5, 0)
    assert post_views(client, [token], address="198.51.100.77").status_code == 204


def test_the_salt_changes_daily_and_the_hashes_expire_with_the_day(rf):
    request = rf.get("/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
    today = vietnam_today()
    first = counting.visitor(request, today)
    assert first == counting.visitor(request, today)
    assert first != counting.visitor(request, today + timedelta(days=1))
    assert "203.0.113.7" not in first
    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        counting.count(request, counting.CLICK, [42])
    timeouts = [call.kwargs.get("timeout") for call in add.call_args_list]
    assert timeouts and all(t <= 24 * 3600 for t in timeouts[:2])
    assert counting.seconds_left_today() <= 24 * 3600


def test_counts_of_yesterday_are_kept_after_midnight():
    row = banner(start=timezone.now() - timedelta(days=2), days=5)
    yesterday = vietnam_today() - timedelta(days=1)
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.8")
    counting.count(request, counting.IMPRESSION, [row.pk], day=yesterday)
    services.fold_counts()
    assert BannerDay.objects.get(banner=row, day=yesterday).impressions == 1
