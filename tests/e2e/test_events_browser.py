"""Events in headless Chromium on a served site (granian and the worker, mail to an SMTP sink in
this process), at phone width: a guest registers for the last seat and confirms it from the
e-mail, a second guest waits and takes the seat the first gives back; at the door, a second
Chromium whose camera is a video of the ticket's QR code checks the attendee in without typing,
and the same code typed is "already checked in" (docs/design/events.md §11.1).

Screenshots go to test-artifacts/screenshots/events/."""

import re
import socket
import time
from email import message_from_bytes, policy
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.accounts_support import TEST_SECRET, browser_login, create_account
from tests.e2e.conftest import CHROMIUM, Site
from tests.e2e.test_browser import SHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
EVENT_SHOTS = SHOTS / "events"
DOOR_EMAIL = "cua.soat.ve@infofinance.example"
DOOR_PASSWORD = "Soat-ve-cua-2026!"
MANAGER_EMAIL = "quan.ly.su.kien@infofinance.example"
MANAGER_PASSWORD = "Quan-ly-su-kien-2026!"
TICKET_LINK = re.compile(r"https?://[^\s]+/su-kien/ve/[A-Za-z0-9_-]{20,}/")


def shot(page, name: str) -> None:
    EVENT_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(EVENT_SHOTS / f"{name}.png"), full_page=True)


class Sink:
    def __init__(self):
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        return "250 OK"

    def to(self, address: str) -> list:
        messages = [message_from_bytes(raw, policy=policy.default) for raw in self.raw]
        return [m for m in messages if address in str(m["To"])]

    def wait_for(self, address: str, count: int, timeout: float = 60) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"{count} e-mail(s) to {address}: got {len(self.to(address))}")


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


@pytest.fixture(scope="module")
def sink():
    from aiosmtpd.controller import Controller

    handler = Sink()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, site_template, sink):
    site = Site(
        tmp_path_factory.mktemp("events-site"), "events", demo=False, template=site_template
    )
    site.env.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="false",
    )
    site.manage("setup_events")
    site.start_web()
    site.start_worker(period=0.5)
    create_account(site, DOOR_EMAIL, DOOR_PASSWORD, staff=True, groups=["Door staff"])
    yield site
    site.stop()


def make_event(site, *, capacity: int, taken: int, title: str) -> dict:
    """A published event (both languages) with `taken` seats already confirmed; its id, slug
    and the ticket codes of those seats."""
    out = site.python(
        f"""
import itertools
from tests import events_support as s
from infofinance.events import services
from infofinance.events.models import EventPage
# A new process counts from 1 again: numbers (slugs) after the events already on the site.
s._numbers = itertools.count(EventPage.objects.count() + 1)
event = s.make_event(
    title={title!r},
    capacity={capacity},
    questions=[
        {{"key": "level", "kind": "choice", "required": True,
          "choices": "new = Mới bắt đầu\\nexperienced = Đã có kinh nghiệm"}},
        {{"key": "consent", "kind": "consent", "required": True,
          "label": "Tôi đồng ý để Info Finance lưu thông tin đăng ký."}},
    ],
)
codes = [
    services.staff_add(event, name=f"Khách mời {{n}}", email=f"khach{{n}}.{{event.pk}}@example.com",
                       language="vi", by=None).registration.ticket_code
    for n in range({taken})
]
print(event.pk, event.pages["vi"].slug, *codes)
"""
    )
    pk, slug, *codes = out.split()
    return {"pk": int(pk), "slug": slug, "codes": codes}


def y4m_of(png: bytes, path: Path, frames: int = 30) -> Path:
    """A video Chromium's fake camera plays: the ticket's QR code, grayscale 640×480, 4:2:0
    (the chroma planes flat grey), `frames` identical frames."""
    code = Image.open(BytesIO(png)).convert("L")
    side = min(440, max(code.size))
    code = code.resize((side, side), Image.NEAREST)
    frame = Image.new("L", (640, 480), 255)
    frame.paste(code, ((640 - side) // 2, (480 - side) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with path.open("wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(frames):
            out.write(b"FRAME\n" + luma + chroma + chroma)
    return path


def register(page, site, slug: str, name: str, email: str) -> str:
    page.goto(f"{site.url}/su-kien/")
    page.locator(f"a[href$='/su-kien/{slug}/']").first.click()
    page.wait_for_load_state()
    page.locator(f"a[href$='/su-kien/{slug}/dang-ky/']").first.click()
    page.wait_for_load_state()
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.check("input[name=q_level][value=new]")
    page.check("input[name=q_consent]")
    page.locator("[data-testid=event-registration] button[type=submit]").click()
    page.wait_for_load_state()
    return page.locator("[data-testid=registration-outcome]").inner_text()


def status_of(site, event, email: str) -> str:
    return site.python(
        "from infofinance.events.models import Registration\n"
        f"print(Registration.objects.get(event_id={event['pk']}, email={email!r}).status)"
    )


def ticket_link(message) -> str:
    found = TICKET_LINK.search(body(message))
    assert found, body(message)
    return found.group(0)


def door_login(browser_type, site, tmp_path, video: Path):
    """A second Chromium whose camera plays `video`, logged in as door staff."""
    door_browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context = door_browser.new_context(viewport=PHONE, locale="vi-VN")
    context.grant_permissions(["camera"], origin=site.url)
    page = context.new_page()
    browser_login(page, site, DOOR_EMAIL, DOOR_PASSWORD, secret=TEST_SECRET, next_path="/admin/")
    return door_browser, page


def test_register_confirm_wait_take_the_seat_and_check_in_by_camera(browser, site, sink, tmp_path):
    event = make_event(site, capacity=2, taken=1, title="Hội thảo: đọc báo cáo tài chính")
    errors: list[str] = []

    # 1. A guest takes the last seat.
    first = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    first.on("pageerror", lambda error: errors.append(str(error)))
    register(first, site, event["slug"], "Nguyễn Thị Mai", "mai@example.com")
    assert status_of(site, event, "mai@example.com") == "pending"
    shot(first, "phone-1-registered-vi")

    # 2. The confirmation e-mail's link, "Xác nhận chỗ": the ticket arrives.
    (request,) = sink.wait_for("mai@example.com", 1)
    first.goto(ticket_link(request))
    first.locator("button[data-action=confirm]").click()
    first.wait_for_load_state()
    assert first.locator(".event-ticket").get_attribute("data-status") == "confirmed"
    assert first.locator(".event-ticket__qr svg").count() == 1
    shot(first, "phone-2-ticket-vi")
    ticket = sink.wait_for("mai@example.com", 2)[-1]
    files = attachments(ticket)
    assert "invite.ics" in files
    assert any(re.fullmatch(r"ticket-[0-9A-Z-]+\.png", name or "") for name in files)
    from icalendar import Calendar

    calendar = Calendar.from_ical(files["invite.ics"])
    assert [c.name for c in calendar.walk("VEVENT")] == ["VEVENT"]

    # 3. A second guest waits; the first gives the seat back; the second takes it.
    second = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    second.on("pageerror", lambda error: errors.append(str(error)))
    register(second, site, event["slug"], "Trần Văn Hùng", "hung@example.com")
    assert status_of(site, event, "hung@example.com") == "waiting"
    first.goto(ticket_link(ticket))
    first.locator("button[data-action=cancel]").click()
    first.wait_for_load_state()
    assert first.locator(".event-ticket").get_attribute("data-status") == "cancelled"
    offer = sink.wait_for("hung@example.com", 2)[-1]
    second.goto(ticket_link(offer))
    second.locator("button[data-action=accept]").click()
    second.wait_for_load_state()
    assert second.locator(".event-ticket").get_attribute("data-status") == "confirmed"
    shot(second, "phone-3-seat-taken-vi")
    hung_ticket = sink.wait_for("hung@example.com", 3)[-1]
    (png,) = [v for k, v in attachments(hung_ticket).items() if k and k.endswith(".png")]
    code = second.locator(".event-ticket__code").inner_text().strip()

    # 4. and 5. The door: checked in by the camera, then "already" when typed.
    door_checks_in(browser, site, tmp_path, event, png, code, "Trần Văn Hùng")

    # 5. The attendee list shows the one checked in.
    create_account(site, MANAGER_EMAIL, MANAGER_PASSWORD, staff=True, groups=["Event managers"])
    manager = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    browser_login(manager, site, MANAGER_EMAIL, MANAGER_PASSWORD, secret=TEST_SECRET)
    manager.goto(f"{site.url}/admin/events/{event['pk']}/attendees/?checked_in=yes")
    assert manager.locator("[data-testid=attendees] tr[data-registration]").count() == 1
    assert manager.locator("[data-count=checked_in]").inner_text() == "1"
    assert "Trần Văn Hùng" in manager.locator("[data-testid=attendees]").inner_text()
    shot(manager, "phone-6-attendees-vi")
    assert not errors, errors


def door_checks_in(browser, site, tmp_path, event, png: bytes, code: str, name: str):
    video = y4m_of(png, tmp_path / "ticket.y4m")
    door_browser, door = door_login(browser.browser_type, site, tmp_path, video)
    try:
        errors: list[str] = []
        door.on("pageerror", lambda error: errors.append(str(error)))
        door.on("console", lambda m: m.type == "error" and errors.append(m.text))
        door.goto(f"{site.url}/admin/events/{event['pk']}/check-in/")
        banner = door.locator("[data-testid=checkin-banner]")
        door.wait_for_selector("[data-testid=checkin-banner][data-result=ok]", timeout=30_000)
        assert name in banner.inner_text()
        assert door.locator("[data-count=checked_in]").inner_text() == "1"
        shot(door, "phone-4-door-camera-ok-vi")

        door.fill("input[name=code]", code)
        door.locator("form[data-typed] button[type=submit]").click()
        door.wait_for_selector("[data-testid=checkin-banner][data-result=already]", timeout=15_000)
        assert "checkin__banner--warning" in banner.get_attribute("class")
        assert re.search(r"\d\d:\d\d", banner.inner_text()), banner.inner_text()
        assert door.locator("[data-testid=checkin-recent] li").count() == 2
        shot(door, "phone-5-door-already-vi")
        assert not errors, errors
    finally:
        door_browser.close()

    out = site.python(
        "from infofinance.events import selectors\n"
        "from infofinance.events.models import Event\n"
        f"print(selectors.counts(event=Event.objects.get(pk={event['pk']}))['checked_in'])"
    )
    assert out == "1"


def test_door_check_in_by_camera(browser, site, tmp_path):
    """The door alone, with a ticket made on the site (its QR code as the e-mail attaches it)."""
    event = make_event(site, capacity=5, taken=1, title="Hội thảo: quản lý rủi ro")
    (code,) = event["codes"]
    png = site.python(
        "import base64\n"
        "from infofinance.events import tickets\n"
        f"print(base64.b64encode(tickets.qr_png({code!r})).decode())"
    )
    import base64

    formatted = site.python(
        f"from infofinance.events import tickets\nprint(tickets.format_code({code!r}))"
    )
    door_checks_in(browser, site, tmp_path, event, base64.b64decode(png), formatted, "Khách mời 0")
