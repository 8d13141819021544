"""Sharing to Zalo in headless Chromium. Without the browser's share sheet (navigator.share)
the Zalo button copies the article's link, says so where it can be seen and heard, and says to
paste it into Zalo; with a share sheet it opens the sheet. Zalo's own button, its script and
the Content-Security-Policy's allowance for it exist only when the site has a Zalo Official
Account (ZALO_OA_ID), and the script loads only on a click."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from infofinance.core.models import SiteSettings
from tests.factories import make_article
from tests.test_phone_navigation_browser import PHONE, chromium, site_url, watch  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NO_SHARE_SHEET = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
FAKE_SHARE_SHEET = (
    "Navigator.prototype.share = function (data) { window.sharedWith = data; "
    "return Promise.resolve(); };"
)
LINK_COPIED = {"vi": "Đã sao chép liên kết", "en": "Link copied"}
ZALO_SDK = "https://sp.zalo.me/plugins/sdk.js"


def article_page(browser, url: str, init_script: str, zalo_requests: list):
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(init_script)
    page = context.new_page()
    # Nothing leaves the machine: Zalo's script, if asked for, is answered here.
    page.route(
        "https://sp.zalo.me/**",
        lambda route: (zalo_requests.append(route.request.url), route.fulfill(body="")),
    )
    errors = watch(page)
    response = page.goto(url)
    return context, page, response, errors


@pytest.mark.parametrize(
    ("language", "copied"),
    [("vi", "mở Zalo và dán"), ("en", "open Zalo and paste it")],
)
def test_without_a_share_sheet_zalo_copies_the_link(site_url, structure, language, copied):  # noqa: F811
    vi = make_article(structure, title="Giá vàng tăng mạnh")
    en = make_article(structure, title="Gold climbs", language="en", translation_of=vi)
    path = (vi if language == "vi" else en).url  # before the browser: no queries beside it
    zalo_requests: list[str] = []
    with chromium() as browser:
        context, page, response, errors = article_page(
            browser, site_url + path, NO_SHARE_SHEET, zalo_requests
        )
        assert page.evaluate("typeof navigator.share") == "undefined"
        share = page.locator("[data-share]").first
        shared_url = share.get_attribute("data-url")
        assert shared_url.endswith(path)
        button = share.locator("[data-share-native]")
        assert button.is_visible()
        assert "Zalo" in button.inner_text()
        status = share.locator(".share__status")
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text() == ""
        button.click()
        expect(status).to_contain_text(copied)
        assert status.is_visible()
        assert page.evaluate("navigator.clipboard.readText()") == shared_url
        # The plain copy button says only that the link was copied.
        page.evaluate("navigator.clipboard.writeText('')")
        share.locator("[data-copy-link]").click()
        expect(status).to_have_text(LINK_COPIED[language])
        assert page.evaluate("navigator.clipboard.readText()") == shared_url
        # No Zalo Official Account configured: no Zalo button, script or allowance for it.
        assert page.locator("[data-zalo-oaid], .zalo-share-button").count() == 0
        assert page.locator(f'script[src="{ZALO_SDK}"]').count() == 0
        assert "zalo" not in response.headers["content-security-policy"]
        assert not zalo_requests
        assert not errors
        context.close()


def test_with_a_share_sheet_zalo_opens_it(site_url, structure):  # noqa: F811
    path = make_article(structure, title="Tỷ giá ổn định").url
    with chromium() as browser:
        context, page, _response, errors = article_page(
            browser, site_url + path, FAKE_SHARE_SHEET, []
        )
        share = page.locator("[data-share]").first
        button = share.locator("[data-share-native]")
        assert button.inner_text() == "Ứng dụng khác (Zalo…)"
        button.click()
        shared = page.evaluate("window.sharedWith")
        assert shared["url"] == share.get_attribute("data-url")
        assert shared["title"] == "Tỷ giá ổn định"
        assert not errors
        context.close()


def test_zalo_button_and_script_only_when_configured(site_url, structure, settings):  # noqa: F811
    path = make_article(structure, title="Chứng khoán hồi phục").url
    row = SiteSettings.load()
    row.zalo_oa_id = "579745863508352884"
    row.save()
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    with_zalo = {
        "DIRECTIVES": {
            **policy,
            "script-src": [*policy["script-src"], "https://sp.zalo.me"],
            "frame-src": ["https://*.zalo.me"],
        }
    }
    zalo_requests: list[str] = []
    with override_settings(CONTENT_SECURITY_POLICY=with_zalo), chromium() as browser:
        context, page, response, errors = article_page(
            browser, site_url + path, NO_SHARE_SHEET, zalo_requests
        )
        assert "https://sp.zalo.me" in response.headers["content-security-policy"]
        zalo = page.locator("[data-share]").first.locator("[data-zalo-oaid]")
        assert zalo.get_attribute("data-zalo-oaid") == "579745863508352884"
        # Zalo's own button covers Zalo: no second, copying one.
        assert not page.locator("[data-share]").first.locator("[data-share-native]").is_visible()
        assert page.locator(f'script[src="{ZALO_SDK}"]').count() == 0 and not zalo_requests
        zalo.click()
        page.locator(f'script[src="{ZALO_SDK}"]').wait_for(state="attached")
        holder = page.locator(".zalo-share-button").first
        assert holder.get_attribute("data-oaid") == "579745863508352884"
        assert holder.get_attribute("data-href").endswith(path)
        page.wait_for_timeout(300)
        assert zalo_requests == [ZALO_SDK]
        assert not errors
        context.close()
