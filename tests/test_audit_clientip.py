"""audit.clientip: the one client address every log line and rate limit uses. Off by default (a
forged X-Forwarded-For is ignored); with TRUSTED_PROXY_COUNT=n only the n-th entry from the right
is believed; TRUSTED_CLIENT_IP_HEADER names a header a trusted proxy sets instead."""

import pytest
from django.test import RequestFactory

from infofinance.audit.clientip import client_ip, client_network, parse_address


def request(remote="127.0.0.1", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.fixture
def proxies(settings):
    def trust(count=0, header=""):
        settings.TRUSTED_PROXY_COUNT = count
        settings.TRUSTED_CLIENT_IP_HEADER = header

    return trust


def test_no_proxy_trusted_ignores_x_forwarded_for(proxies):
    proxies(0)
    assert client_ip(request("203.0.113.9", x_forwarded_for="198.51.100.1")) == "203.0.113.9"
    assert client_ip(request("203.0.113.9", x_real_ip="198.51.100.1")) == "203.0.113.9"


def test_the_default_settings_trust_no_proxy():
    from django.conf import settings

    assert settings.TRUSTED_PROXY_COUNT == 0 and not settings.TRUSTED_CLIENT_IP_HEADER
    assert client_ip(request("203.0.113.9", x_forwarded_for="198.51.100.1")) == "203.0.113.9"


def test_one_trusted_proxy_believes_only_the_rightmost_entry(proxies):
    proxies(1)
    assert client_ip(request(x_forwarded_for="198.51.100.7")) == "198.51.100.7"
    # What the client wrote is on the left; nginx appended the address it saw.
    forged = request(x_forwarded_for="10.0.0.1, 1.2.3.4,198.51.100.7")
    assert client_ip(forged) == "198.51.100.7"


def test_two_trusted_proxies_take_the_second_from_the_right(proxies):
    proxies(2)
    chain = request(x_forwarded_for="6.6.6.6, 198.51.100.7, 192.0.2.10")
    assert client_ip(chain) == "198.51.100.7"


def test_too_few_entries_fall_back_to_remote_addr(proxies):
    proxies(2)
    assert client_ip(request("192.0.2.1", x_forwarded_for="198.51.100.7")) == "192.0.2.1"
    proxies(1)
    assert client_ip(request("192.0.2.1")) == "192.0.2.1"
    assert client_ip(request("192.0.2.1", x_forwarded_for=" , ")) == "192.0.2.1"


@pytest.mark.parametrize(
    "garbage", ["unknown", "not-an-ip", "1.2.3", "999.1.1.1", "<script>", "x" * 300, "::g"]
)
def test_garbage_entries_fall_back_to_remote_addr(proxies, garbage):
    proxies(1)
    assert client_ip(request("192.0.2.1", x_forwarded_for=f"198.51.100.7, {garbage}")) == (
        "192.0.2.1"
    )
    proxies(0, "X-Real-IP")
    assert client_ip(request("192.0.2.1", x_real_ip=garbage)) == "192.0.2.1"


def test_garbage_remote_addr_gives_an_empty_address(proxies):
    proxies(0)
    assert client_ip(request("")) == ""
    assert client_ip(request("unix:/run/app.sock")) == ""


def test_ipv6_addresses_are_normalised(proxies):
    proxies(1)
    assert client_ip(request(x_forwarded_for="2001:DB8:0:0::1")) == "2001:db8::1"
    assert client_ip(request(x_forwarded_for="[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(request(x_forwarded_for="fe80::1%eth0")) == "fe80::1"
    assert client_ip(request(x_forwarded_for="::ffff:198.51.100.7")) == "198.51.100.7"
    assert client_ip(request(x_forwarded_for="198.51.100.7:5555")) == "198.51.100.7"
    proxies(0)
    assert client_ip(request("::1")) == "::1"


def test_the_rate_limit_key_of_ipv6_is_its_network(proxies):
    proxies(1)
    one = client_network(request(x_forwarded_for="2001:db8:1:2:aaaa::1"))
    other = client_network(request(x_forwarded_for="2001:db8:1:2:bbbb::9"))
    assert one == other == "2001:db8:1:2::"
    assert client_network(request(x_forwarded_for="198.51.100.7")) == "198.51.100.7"


def test_header_mode_reads_the_trusted_header(proxies):
    proxies(0, "X-Real-IP")
    assert client_ip(request(x_real_ip="198.51.100.7", x_forwarded_for="6.6.6.6")) == (
        "198.51.100.7"
    )
    # A proxy that appends rather than overwrites: its own entry is the last one.
    assert client_ip(request(x_real_ip="6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    # Missing (a request that did not pass the proxy): the peer's address.
    assert client_ip(request("192.0.2.1")) == "192.0.2.1"


def test_header_mode_falls_back_to_the_proxy_count(proxies):
    proxies(1, "X-Real-IP")
    assert client_ip(request(x_forwarded_for="6.6.6.6, 198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" 198.51.100.7 ", "198.51.100.7"),
        ("[::1]", "::1"),
        ("", None),
        (None, None),
        ("1.2.3.4:80:90", None),
    ],
)
def test_parse_address(value, expected):
    assert parse_address(value) == expected
