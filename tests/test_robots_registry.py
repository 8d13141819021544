"""robots.txt from registrations: the apps' route prefixes in every language and the project's
own paths, in the order registered (infofinance/discovery/robots.py)."""

import pytest
from django.conf import settings

from infofinance.discovery import robots
from infofinance.wiring import routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """The registrations as the apps and the URLconf made them, restored after the test."""
    monkeypatch.setattr(robots, "_disallowed", dict(robots._disallowed))
    monkeypatch.setattr(routes, "_prefixes", dict(routes._prefixes))


def disallowed(client) -> list[str]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    return [
        line.removeprefix("Disallow: ")
        for line in response.text.splitlines()
        if line.startswith("Disallow:")
    ]


def test_the_apps_and_the_urlconf_register_their_paths(client):
    assert disallowed(client) == [
        "/tai-khoan/",
        "/en/account/",
        "/qc/",  # the banners' click redirect
        "/tim-kiem/",
        "/en/search/",
        "/admin/",
    ]


def test_the_whole_file(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.endswith(
        "Disallow: /admin/\n"
        "\n"
        f"Sitemap: {settings.SITE_URL}/sitemap.xml\n"
        f"Sitemap: {settings.SITE_URL}/news-sitemap.xml\n"
    )
    assert response.text.startswith("User-agent: *\nDisallow: ")


def test_a_registered_path_appears(client, registry):
    robots.disallow("/_test-private/")
    assert disallowed(client)[-1] == "/_test-private/"


def test_a_registered_route_appears_in_every_language(client, registry):
    routes.prefix("robots-test", vi="kiem-thu", en="testing")
    robots.disallow_route("robots-test")
    assert disallowed(client)[-2:] == ["/kiem-thu/", "/en/testing/"]


def test_each_path_once(client, registry):
    before = disallowed(client)
    robots.disallow("/admin/")
    robots.disallow_route("search")
    assert disallowed(client) == before


def test_a_route_follows_the_registry(registry):
    routes.prefix("search", vi="tim-kiem-moi", en="find")
    assert {"/tim-kiem-moi/", "/en/find/"} <= set(robots.disallowed())
    assert "/tim-kiem/" not in robots.disallowed()


def test_refuses_what_it_cannot_list(registry):
    with pytest.raises(ValueError, match="absolute path"):
        robots.disallow("admin/")
    robots.disallow_route("no-such-prefix")
    with pytest.raises(LookupError, match="no-such-prefix"):
        robots.disallowed()
