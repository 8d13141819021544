"""Issue 16: the Brokers Hub never contradicts itself. One Vietnamese term for a clone on the
same page, a revoked or suspended licence listed in the warnings box like an expired one, and the
investment disclaimer shown once per Hub page."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from infofinance.brokers.models import Broker, Licence, Regulator
from infofinance.brokers.services import refresh_broker
from infofinance.brokers.warnings import LicenceState, WarningCode, compute_warnings
from infofinance.core.models import SiteSettings

pytestmark = pytest.mark.django_db

PREFIX = {"vi": "/tra-cuu-san/", "en": "/en/broker/"}
LEAVE = {"vi": "roi-trang", "en": "leave"}


@pytest.fixture
def fca():
    return Regulator.objects.create(
        name="Financial Conduct Authority", abbreviation="FCA", country="GB", tier=1
    )


def make(fca, status, name="Solid Markets"):
    broker = Broker.objects.create(
        name=name, website="https://solid.example", country="GB", market_note_vi="Ổn định."
    )
    Licence.objects.create(
        broker=broker,
        regulator=fca,
        number=f"N-{name}",
        status=status,
        expiry_date=timezone.localdate() + timedelta(days=400),
        approved_domains="solid.example",
    )
    return refresh_broker(broker.pk)


def page(client, language, broker, name=""):
    url = PREFIX[language] + broker.slug + "/" + (f"{name}/" if name else "")
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.text)


def between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def test_a_clone_has_one_vietnamese_name_on_its_page(client, structure, fca):
    html = page(client, "vi", make(fca, "clone"))
    table = between(html, 'id="licences-heading"', "</table>")
    line = between(html, 'class="supervision-line"', "</p>")
    assert "Cảnh báo mạo danh" in table
    assert "Cảnh báo mạo danh" in line
    assert "giả mạo" not in html.lower()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_clone_domain_warning_uses_the_same_term(client, structure, fca, language):
    broker = Broker.objects.create(
        name="Jade Clone", website="https://jade-vn.example", country="GB"
    )
    Licence.objects.create(
        broker=broker, regulator=fca, number="J-1", approved_domains="jade.example"
    )
    broker = refresh_broker(broker.pk)
    assert WarningCode.CLONE_DOMAIN in broker.warnings
    html = page(client, language, broker)
    box = between(html, 'class="broker-warnings"', "</section>")
    if language == "vi":
        assert "mạo danh" in box and "giả mạo" not in html.lower()
    else:
        assert "Possible clone: check the domain" in box


LABEL = {
    "revoked": {"vi": "Giấy phép bị thu hồi", "en": "Licence revoked"},
    "suspended": {"vi": "Giấy phép bị đình chỉ", "en": "Licence suspended"},
}
EXPLANATION = {
    "revoked": {
        "vi": "Cơ quan quản lý đã thu hồi ít nhất một giấy phép của sàn này.",
        "en": "A regulator has revoked at least one of this broker's licences.",
    },
    "suspended": {
        "vi": "Cơ quan quản lý đã đình chỉ ít nhất một giấy phép của sàn này.",
        "en": "A regulator has suspended at least one of this broker's licences.",
    },
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("status", ["revoked", "suspended"])
def test_a_revoked_or_suspended_licence_is_in_the_warnings_box(
    client, structure, fca, status, language
):
    broker = make(fca, status)
    assert f"licence_{status}" in broker.warnings and broker.has_warnings
    for name in ("", LEAVE[language]):  # the broker page and the page before its website
        html = page(client, language, broker, name)
        box = between(html, 'class="broker-warnings"', "</section>")
        item = between(box, f'class="broker-warning broker-warning--licence_{status}"', "</li>")
        assert LABEL[status][language] in item
        assert EXPLANATION[status][language] in item
        line = between(html, 'class="supervision-line"', "</p>")
        assert LABEL[status][language] in line  # the line and the box say the same


def test_warnings_follow_every_licence_state():
    def warnings(*statuses):
        licences = [LicenceState(s, False, ("solid.example",)) for s in statuses]
        return compute_warnings(website_domain="solid.example", licences=licences)

    assert warnings("revoked") == [WarningCode.UNLICENSED, WarningCode.REVOKED]
    assert warnings("suspended") == [WarningCode.UNLICENSED, WarningCode.SUSPENDED]
    assert warnings("expired") == [WarningCode.UNLICENSED, WarningCode.EXPIRED]
    assert warnings("active", "revoked") == [WarningCode.REVOKED]
    assert warnings("active") == []


def hub_pages(language, broker):
    compare = {"vi": "/so-sanh-san/?san=", "en": "/en/compare-brokers/?brokers="}[language]
    methodology = {
        "vi": "/tra-cuu-san/phuong-phap-cham-diem/",
        "en": "/en/broker/methodology/",
    }[language]
    return [
        PREFIX[language] + broker.slug + "/",
        PREFIX[language] + broker.slug + f"/{LEAVE[language]}/",
        compare + broker.slug,
        methodology,
        PREFIX[language],
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_disclaimer_is_shown_once_per_hub_page(client, structure, fca, language):
    broker = make(fca, "active")
    text = SiteSettings.load().disclaimer(language)
    assert text
    for url in hub_pages(language, broker):
        response = client.get(url)
        assert response.status_code == 200, url
        assert unescape(response.text).count(text) == 1, url
