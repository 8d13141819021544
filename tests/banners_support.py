"""Helpers of the banners' tests: images of a placement's size, a licensed and a warned
broker, advertisers and banners saved through the service."""

import io
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model

from infofinance.banners import services
from infofinance.banners.models import Advertiser, Banner
from infofinance.banners.placements import PLACEMENTS
from infofinance.brokers.models import Broker, Licence, Regulator
from infofinance.brokers.services import refresh_broker, save_broker


def make_image(
    width: int, height: int, *, fmt: str = "PNG", name: str = "banner", colour=(20, 80, 140)
):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, fmt)
    image = get_image_model()(title=name)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{name}.{fmt.lower()}")
    image.save()
    return image


def images_for(code: str, scale: int = 2):
    placement = PLACEMENTS[code]
    desktop = make_image(placement.desktop.width * scale, placement.desktop.height * scale)
    mobile = (
        make_image(placement.mobile.width * scale, placement.mobile.height * scale)
        if placement.mobile
        else None
    )
    return desktop, mobile


def regulator() -> Regulator:
    return Regulator.objects.get_or_create(
        abbreviation="FCA",
        defaults={"name": "Financial Conduct Authority", "country": "GB", "tier": 1},
    )[0]


def make_broker(
    *,
    name="Good Broker",
    website="https://good.example",
    domains="good.example",
    expiry_days=400,
    licensed=True,
) -> Broker:
    broker = Broker(
        name=name, website=website, market_score=8, business_score=8, risk_score=8, software_score=8
    )
    save_broker(broker)
    if licensed:
        Licence.objects.create(
            broker=broker,
            regulator=regulator(),
            number=f"N{Licence.objects.count() + 1}",
            status="active",
            approved_domains=domains,
            expiry_date=timezone.localdate() + timedelta(days=expiry_days),
        )
    refresh_broker(broker.pk)
    return Broker.objects.get(pk=broker.pk)


def advertiser(name="House", broker=None) -> Advertiser:
    return Advertiser.objects.get_or_create(name=name, defaults={"broker": broker})[0]


def banner(code="sidebar", *, language="vi", start=None, days=7, save=True, images=None, **fields):
    start = start or timezone.now() - timedelta(hours=1)
    desktop, mobile = images or images_for(code)
    values = {
        "name": f"{code} {language}",
        "advertiser": fields.pop("advertiser", None) or advertiser(),
        "placement": code,
        "language": language,
        "desktop_image": desktop,
        "mobile_image": mobile,
        "link": "https://example.org/offer",
        "alt_text": "A test offer",
        "starts_at": start,
        "ends_at": start + timedelta(days=days),
        **fields,
    }
    row = Banner(**values)
    if save:
        services.save_banner(row, sections=[], tags=[])
    return row
