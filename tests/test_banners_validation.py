"""A banner is refused, on its field and with nothing saved, when its link, images, text,
schedule or advertiser would mislead readers or break the page (issue 19, "Bad input" and
"Investor protection")."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation

from infofinance.banners import services
from infofinance.banners.models import Banner
from tests.banners_support import advertiser, banner, images_for, make_broker, make_image

pytestmark = pytest.mark.django_db


def refused(row, **kwargs) -> dict:
    before = Banner.objects.count()
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.save_banner(row, sections=[], tags=[], **kwargs)
    assert Banner.objects.count() == before
    return caught.value.message_dict


def test_a_sound_banner_is_saved_and_running():
    row = banner()
    row.refresh_from_db()
    assert row.status == "live"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/file",
        "https://user:secret@example.org/",
        "https://",
    ],
)
def test_links_other_than_web_addresses_are_refused(link):
    errors = refused(banner(save=False, link=link))
    assert list(errors) == ["link"]


def test_a_link_to_a_warned_broker_is_refused_whoever_advertises():
    warned = make_broker(
        name="Shady FX", website="https://shady.example", domains="", licensed=False
    )
    assert warned.has_warnings
    errors = refused(banner(save=False, link="https://promo.shady.example/join"))
    assert "Shady FX" in errors["link"][0] and "warning" in errors["link"][0]


def test_a_broker_advertiser_may_link_only_to_its_approved_domains():
    good = make_broker(name="Good Broker", domains="good.example")
    ours = advertiser("Good Broker Ltd", broker=good)
    errors = refused(banner(save=False, advertiser=ours, link="https://good-bonus.example/"))
    assert "good-bonus.example" in errors["link"][0] and "good.example" in errors["link"][0]
    banner(advertiser=ours, link="https://www.good.example/vi/")  # approved: saved


def test_a_warned_broker_cannot_advertise_at_all():
    expired = make_broker(name="Lapsed", domains="lapsed.example", expiry_days=-3)
    assert expired.has_warnings
    errors = refused(
        banner(
            save=False,
            advertiser=advertiser("Lapsed", broker=expired),
            link="https://lapsed.example/",
        )
    )
    assert "advertiser" in errors


def test_wrong_images_are_refused_with_the_reason():
    _desktop, mobile = images_for("sidebar")
    small = make_image(150, 125)
    errors = refused(banner(save=False, images=(small, mobile)))
    assert "at least 300 × 250" in errors["desktop_image"][0]
    wide = make_image(600, 300)
    errors = refused(banner(save=False, images=(wide, mobile)))
    assert "shape" in " ".join(errors["desktop_image"])
    huge = make_image(1200, 1000)
    errors = refused(banner(save=False, images=(huge, mobile)))
    assert "at most 900 × 750" in errors["desktop_image"][0]
    gif = make_image(600, 500, fmt="GIF")
    errors = refused(banner(save=False, images=(gif, mobile)))
    assert "JPEG, PNG or WebP" in errors["desktop_image"][0]


@override_settings(BANNERS_IMAGE_MAX_BYTES=1000)
def test_heavy_images_are_refused():
    errors = refused(banner(save=False))
    assert "at most" in errors["desktop_image"][0]


def test_the_mobile_image_is_required_where_phones_show_the_placement():
    desktop, _mobile = images_for("sidebar")
    errors = refused(banner(save=False, images=(desktop, None)))
    assert "mobile_image" in errors
    rails_desktop, _none = images_for("rails")
    banner("rails", images=(rails_desktop, None))  # phones omit the rails: saved


def test_alt_text_is_required():
    assert "alt_text" in refused(banner(save=False, alt_text="   "))


def test_targeting_outside_the_placement_is_refused():
    errors = refused(banner(save=False, page_types=["home"]))
    assert "page_types" in errors


def test_overlapping_schedules_beyond_the_placements_capacity_are_refused():
    start = timezone.now() + timedelta(days=1)
    banner("popup", start=start, days=5, name="First pop-up")
    errors = refused(banner("popup", save=False, start=start + timedelta(days=2), days=5))
    assert "First pop-up" in errors["starts_at"][0]
    # Another language, or after the first one ends: saved.
    banner("popup", language="en", start=start, days=5)
    banner("popup", start=start + timedelta(days=5), days=2, name="Next pop-up")


def test_the_sidebar_rotates_three_at_most():
    start = timezone.now() + timedelta(days=1)
    for n in range(3):
        banner(start=start, days=3, name=f"Side {n}")
    assert "starts_at" in refused(banner(save=False, start=start + timedelta(hours=5)))


def test_the_reasons_are_in_the_staff_members_language():
    with pytest.raises(ValidationError) as caught, translation.override("vi"):
        services.save_banner(banner(save=False, link="javascript:alert(1)"), sections=[], tags=[])
    assert "Liên kết phải là một địa chỉ web" in caught.value.message_dict["link"][0]


def test_ending_before_starting_is_refused():
    row = banner(save=False)
    row.ends_at = row.starts_at - timedelta(minutes=1)
    assert "ends_at" in refused(row)


def test_a_link_to_our_own_pages_is_accepted(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    banner(link="http://127.0.0.1:8000/tra-cuu-san/")
    assert "link" in refused(banner(save=False, name="other", link="http://127.0.0.1:9999/x"))
