"""Demo banners, written for this project: a licensed demo broker (Aurora Markets, linking to
the domain its FCA licence approves) and Info Finance's own promotions (the broker check, the
events, the calendar), in every placement, in Vietnamese and a few in English. The images are
drawn here (a gradient, a motif and the banner's words) at twice each placement's box. Each
banner runs from the day before the load for 60 days and is saved through the service, which
checks it like any other. Loaded by `manage.py load_demo` only when no banner exists yet."""

import io
import random
from datetime import timedelta

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from PIL import ImageDraw
from wagtail.models import Collection

from infofinance.banners import services, setup
from infofinance.banners.models import Advertiser, Banner
from infofinance.banners.placements import PLACEMENTS, Code
from infofinance.brokers.models import Broker
from infofinance.images.models import CustomImage

from .images import PALETTES, _draw_text, _gradient

HOUSE = "Info Finance"
# (placement, language, advertiser: "broker" or "house", route name or URL, words, weight, motif)
BANNERS = [
    (
        Code.TOP,
        "vi",
        "broker",
        "https://auroramarkets.example/vi/",
        "Aurora Markets · Giấy phép FCA · Mở tài khoản demo",
        2,
        "currency",
    ),
    (
        Code.TOP,
        "vi",
        "house",
        "brokers:directory",
        "Kiểm tra sàn trước khi nạp tiền",
        1,
        "shield",
    ),
    (
        Code.TOP,
        "en",
        "house",
        "brokers:directory",
        "Check a broker before you deposit",
        1,
        "shield",
    ),
    (
        Code.HERO,
        "vi",
        "house",
        "brokers:directory",
        "Sàn của bạn có giấy phép thật không? Tra cứu miễn phí",
        2,
        "shield",
    ),
    (
        Code.HERO,
        "vi",
        "broker",
        "https://auroramarkets.example/vi/khuyen-mai/",
        "Aurora Markets · Tài khoản demo 10.000 USD ảo",
        1,
        "chart-up",
    ),
    (
        Code.HERO,
        "en",
        "house",
        "brokers:directory",
        "Is your broker really licensed? Check for free",
        1,
        "shield",
    ),
    (
        Code.RAILS,
        "vi",
        "house",
        "brokers:directory",
        "Tra cứu sàn",
        1,
        "shield",
    ),
    (
        Code.RAILS,
        "vi",
        "broker",
        "https://auroramarkets.example/vi/",
        "Aurora Markets",
        1,
        "currency",
    ),
    (
        Code.IN_ARTICLE,
        "vi",
        "house",
        "brokers:directory",
        "Trước khi nạp tiền: kiểm tra giấy phép của sàn",
        1,
        "warning",
    ),
    (
        Code.IN_ARTICLE,
        "en",
        "house",
        "brokers:directory",
        "Before you deposit: check the broker's licence",
        1,
        "warning",
    ),
    (
        Code.SIDEBAR,
        "vi",
        "broker",
        "https://auroramarkets.example/vi/",
        "Aurora Markets · Được FCA cấp phép",
        1,
        "currency",
    ),
    (
        Code.SIDEBAR,
        "en",
        "broker",
        "https://auroramarkets.example/en/",
        "Aurora Markets · FCA licensed",
        1,
        "currency",
    ),
    (
        Code.LISTING,
        "vi",
        "house",
        "brokers:directory",
        "Bị sàn lừa? Gửi khiếu nại có bằng chứng",
        1,
        "warning",
    ),
    (
        Code.POPUP,
        "vi",
        "house",
        "brokers:directory",
        "Mới: kiểm tra sàn trước khi nạp tiền",
        1,
        "shield",
    ),
]
DAYS = 60


def has_banners() -> bool:
    return Banner.objects.exists()


def draw(width: int, height: int, words: str, motif: str, seed: str) -> bytes:
    """A banner image of exactly `width` × `height`: a gradient, a few shapes and the words."""
    rnd = random.Random(seed)
    dark, mid, light = PALETTES.get(motif, PALETTES["shield"])
    image = _gradient(dark, mid).resize((width, height))
    canvas = ImageDraw.Draw(image, "RGBA")
    for _ in range(6):
        r = rnd.uniform(0.2, 0.6) * min(width, height)
        x, y = rnd.uniform(0, width), rnd.uniform(0, height)
        canvas.ellipse([x - r, y - r, x + r, y + r], fill=(*light, 40))
    size = max(14, min(height // 4, int(width / max(8, len(words)) * 1.6)))
    words_lines = [words] if width / height > 2.5 else _wrap(words, 16)
    top = (height - size * 1.3 * len(words_lines)) / 2
    for i, line in enumerate(words_lines):
        _draw_text(canvas, (width * 0.05, top + i * size * 1.3), line, size, (255, 255, 255, 240))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _image(words: str, size, motif: str, seed: str, collection) -> CustomImage:
    data = draw(size.width * 2, size.height * 2, words, motif, seed)
    image = CustomImage(title=words[:255], alt_text=words[:255], collection=collection)
    image.file = ImageFile(io.BytesIO(data), name=f"banner-{seed}.png")
    image.save()
    return image


def _link(target: str, language: str) -> str:
    if target.startswith("https://"):
        return target
    with override(language):
        return settings.SITE_URL + reverse(target)


def load_banners(*, now=None) -> str:
    if has_banners():
        return "demo banners: the site already has banners; nothing loaded"
    broker = Broker.objects.filter(name="Aurora Markets").first()
    if broker is None:
        return "demo banners: the demo broker is missing; nothing loaded"
    setup.ensure_groups()
    now = now or timezone.now()
    collection = Collection.get_first_root_node()
    with transaction.atomic():
        advertisers = {
            "broker": Advertiser.objects.get_or_create(
                name=broker.name, defaults={"broker": broker}
            )[0],
            "house": Advertiser.objects.get_or_create(name=HOUSE)[0],
        }
        for n, (code, language, who, target, words, weight, motif) in enumerate(BANNERS):
            placement = PLACEMENTS[code]
            seed = f"{code}-{language}-{n}"
            banner = Banner(
                name=f"{words[:80]} ({language})",
                advertiser=advertisers[who],
                placement=code,
                language=language,
                desktop_image=_image(words, placement.desktop, motif, f"{seed}-d", collection),
                mobile_image=(
                    _image(words, placement.mobile, motif, f"{seed}-m", collection)
                    if placement.mobile
                    else None
                ),
                link=_link(target, language),
                alt_text=words,
                starts_at=now - timedelta(days=1),
                ends_at=now + timedelta(days=DAYS),
                weight=weight,
            )
            services.save_banner(banner, sections=[], tags=[])
    return f"demo banners loaded: {len(BANNERS)} banners"
