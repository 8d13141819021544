"""The Content-Security-Policy in headless Chromium against the served demo site: public pages
(with their JSON-LD) and Wagtail's admin (an inline panel's new row, a date picked in it, the
choosers, the editor's preview panel) run without one violation of the policy."""

import json
import re

import pytest

from tests.e2e.accounts_support import browser_login, create_account
from tests.e2e.test_browser import VIEWPORTS, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PASSWORD = "Bien-tap-CSP-2026!"

# Every frame reports its violations to the console, where the test collects them.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.warn("csp-violation " + JSON.stringify({
    directive: event.effectiveDirective, blocked: event.blockedURI,
    sample: event.sample, source: event.sourceFile, line: event.lineNumber,
    page: location.pathname,
  }));
});
"""


class Watch:
    """Violations, script errors and console errors of every frame of a page."""

    def __init__(self, page):
        self.violations, self.errors, self.console = [], [], []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if text.startswith("csp-violation "):
            self.violations.append(json.loads(text.removeprefix("csp-violation ")))
        elif message.type == "error" or "Content Security Policy" in text:
            self.console.append(text)

    def assert_clean(self):
        assert self.violations == []
        assert self.errors == []
        assert [text for text in self.console if "Policy" in text or "Refused" in text] == []


def new_page(browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    return context, page, Watch(page)


def test_public_pages_run_without_violation(browser, demo_site):
    context, page, watch = new_page(browser)
    response = page.goto(demo_site.url + "/")
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "unsafe" not in policy and "nonce" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert "camera=()" in response.headers["permissions-policy"]
    article = page.locator("main a[href*='/tin-tuc/']").first.get_attribute("href")
    assert page.goto(demo_site.url + article if article.startswith("/") else article).ok
    # Structured data is data, not a script: it is there and the policy has nothing to say.
    assert page.locator("script[type='application/ld+json']").count() >= 1
    # The broker directory narrows as one types (site.js fetches and inserts the results),
    # then a broker's page with its readers' reviews.
    assert page.goto(demo_site.url + "/tra-cuu-san/").ok
    with page.expect_response(lambda r: "partial=1" in r.url):
        page.fill("#broker-q", "a")
    page.locator(".broker-card__name a").first.click()
    page.wait_for_url(re.compile(r"/tra-cuu-san/[^/]+/$"))
    page.wait_for_load_state("networkidle")
    watch.assert_clean()
    context.close()


@pytest.fixture(scope="module")
def editor(demo_site):
    email = "csp.editor@infofinance.example"
    secret = create_account(demo_site, email, PASSWORD, superuser=True)
    ids = demo_site.python(
        "from infofinance.brokers.models import Broker, Regulator\n"
        "from infofinance.news.models import ArticlePage\n"
        "regulator = Regulator.objects.first() or Regulator.objects.create(\n"
        "    name='FCA', abbreviation='FCA', country='GB')\n"
        "broker = Broker.objects.create(name='CSP Markets', website='https://csp.example')\n"
        "article = ArticlePage.objects.live().order_by('pk').first()\n"
        "print(broker.pk, article.pk)\n"
    )
    broker, article = ids.split()
    return {"email": email, "secret": secret, "broker": broker, "article": article}


def log_in(page, demo_site, editor):
    browser_login(
        page, demo_site, editor["email"], PASSWORD, secret=editor["secret"], next_path="/admin/"
    )


def test_admin_inline_panel_and_date_picker_without_violation(browser, demo_site, editor):
    context, page, watch = new_page(browser)
    log_in(page, demo_site, editor)
    response = page.goto(f"{demo_site.url}/admin/snippets/brokers/broker/edit/{editor['broker']}/")
    policy = {
        name: values
        for name, *values in (
            part.split() for part in response.headers["content-security-policy"].split(";")
        )
    }
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no nonce
    page.wait_for_load_state("networkidle")
    watch.assert_clean()  # Wagtail's inline scripts would be refused here
    page.locator("a[role=tab]", has_text=re.compile("Licences|Giấy phép")).click()
    page.locator("#id_licences-ADD").click()
    row = page.locator("#id_licences-FORMS > [id^='inline_child_licences-']").last
    row.wait_for()
    date_input = row.locator("input[name$='-effective_date']")
    date_input.click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.wait_for(timeout=5_000)
    picker.locator(".xdsoft_date:not(.xdsoft_other_month)", has_text=re.compile(r"^15$")).click()
    assert re.fullmatch(r"\d{4}-\d{2}-15", date_input.input_value())
    # The licence's document chooser in the new row (initialized from data, not a script).
    row.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal-dialog").wait_for(timeout=10_000)
    shot(page, "desktop-admin-csp-inline-panel")
    watch.assert_clean()
    context.close()


def test_admin_article_editor_and_preview_without_violation(browser, demo_site, editor):
    context, page, watch = new_page(browser)
    log_in(page, demo_site, editor)
    page.goto(f"{demo_site.url}/admin/pages/{editor['article']}/edit/")
    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.frame_locator("#w-preview-iframe")
    frame.locator("h1").first.wait_for(timeout=20_000)
    assert frame.locator("h1").first.inner_text().strip()
    shot(page, "desktop-admin-csp-preview")
    # The accessibility checks run in the preview; the authors' multiple chooser opens its modal.
    page.locator("[data-side-panel-toggle='checks']").click()
    page.wait_for_function(
        "() => (document.querySelector('[data-content-word-count]')?.textContent || '-').trim()"
        " !== '-'",
        timeout=20_000,
    )
    page.locator("#id_author_links-OPEN_MODAL").click()
    page.locator(".modal-dialog").wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    watch.assert_clean()
    context.close()
