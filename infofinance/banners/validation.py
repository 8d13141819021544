"""What a banner must satisfy before it is saved (services.save_banner calls `check`): each
problem is reported on its field, in the staff member's language, and nothing is saved.

- the link: http or https only (no `javascript:`, `data:` or other schemes), a real host, no
  user name or password in it;
- investor protection: never a link to a broker with an active warning (its website, other
  official domains or the domains its licences name), and when the advertiser is a broker,
  only to a domain that a current licence of that broker approves;
- the images: JPEG, PNG or WebP by their content, at most BANNERS_IMAGE_MAX_BYTES, at least
  the placement's box and at most MAX_SCALE times it, the box's ratio within RATIO_TOLERANCE;
  the mobile image required wherever phones show the placement;
- alternative text present; the schedule ending after it starts; no more banners at the same
  moment than the placement's capacity; targeting within what the placement can show."""

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from infofinance.brokers.domains import domain_matches, normalize_domain
from infofinance.brokers.models import Broker, Licence
from infofinance.brokers.warnings import LABELS as WARNING_LABELS

from . import placements
from .placements import PLACEMENTS

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


class Problems:
    """Errors by field, raised together."""

    def __init__(self):
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, field: str, message: str) -> None:
        self.errors[field].append(message)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(dict(self.errors))


# -- the link ----------------------------------------------------------------------------------


def link_host(link: str) -> str:
    try:
        return normalize_domain(urlsplit(link).hostname or "")
    except ValueError:
        return ""


def _own_host(parts) -> bool:
    own = urlsplit(settings.SITE_URL)
    return bool(parts.hostname) and (parts.hostname, parts.port) == (own.hostname, own.port)


def check_link(link: str, problems: Problems) -> str:
    """The link's domain ("" when it is refused)."""
    link = (link or "").strip()
    try:
        parts = urlsplit(link)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        problems.add(
            "link", _("The link must be a web address starting with https:// (or http://).")
        )
        return ""
    if parts.username or parts.password or "@" in parts.netloc:
        problems.add("link", _("The link must not contain a user name or password."))
        return ""
    if _own_host(parts):
        return ""  # our own pages: nothing to protect readers from
    domain = link_host(link)
    if not domain:
        problems.add("link", _("The link has no valid domain."))
    return domain


def _warned_brokers_at(domain: str) -> list[Broker]:
    """Brokers with an active warning whose own or licensed domains hold `domain`."""
    found = []
    for broker in Broker.objects.filter(has_warnings=True).prefetch_related("licences"):
        if domain_matches(domain, domains_of(broker)):
            found.append(broker)
    return found


def approved_domains(broker: Broker) -> list[str]:
    """The domains a current licence of `broker` approves."""
    licences = Licence.objects.filter(broker=broker)
    return [d for lic in licences if lic.is_current() for d in lic.domains]


def warning_words(broker: Broker) -> str:
    return ", ".join(str(WARNING_LABELS.get(code, code)) for code in broker.warnings or [])


def check_protection(domain: str, advertiser, problems: Problems) -> None:
    if not domain:
        return
    for broker in _warned_brokers_at(domain):
        problems.add(
            "link",
            _(
                "%(domain)s belongs to %(broker)s, which has an active warning (%(warnings)s): "
                "a banner can never send readers there."
            )
            % {"domain": domain, "broker": broker.name, "warnings": warning_words(broker)},
        )
    advertised = getattr(advertiser, "broker", None) if advertiser is not None else None
    if advertised is None:
        return
    broker = advertised
    if broker.has_warnings:
        problems.add(
            "advertiser",
            _("%(broker)s has an active warning (%(warnings)s): its banners cannot run.")
            % {"broker": broker.name, "warnings": warning_words(broker)},
        )
        return
    approved = approved_domains(broker)
    if not domain_matches(domain, approved):
        problems.add(
            "link",
            _(
                "%(domain)s is not a domain that a current licence of %(broker)s approves "
                "(approved: %(approved)s)."
            )
            % {
                "domain": domain,
                "broker": broker.name,
                "approved": ", ".join(approved) or _("none"),
            },
        )


# -- the images --------------------------------------------------------------------------------


def _inspect(image) -> tuple[str | None, int]:
    """The format Pillow reads in the file's content, and its size in bytes."""
    try:
        with image.open_file() as handle:
            size = getattr(handle, "size", None) or image.file_size or 0
            with Image.open(handle) as opened:
                opened.verify()
                return opened.format, int(size)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return None, 0


def check_image(image, size, field: str, problems: Problems) -> None:
    if image is None:
        return
    fmt, nbytes = _inspect(image)
    if fmt not in IMAGE_FORMATS:
        problems.add(field, _("The image must be a JPEG, PNG or WebP file."))
        return
    limit = settings.BANNERS_IMAGE_MAX_BYTES
    if nbytes > limit:
        problems.add(
            field,
            _("The image weighs %(size)s; at most %(limit)s.")
            % {"size": filesizeformat(nbytes), "limit": filesizeformat(limit)},
        )
    width, height = image.width, image.height
    if width < size.width or height < size.height:
        problems.add(
            field,
            _("The image is %(got)s pixels; this placement needs at least %(need)s.")
            % {"got": f"{width} × {height}", "need": str(size)},
        )
    elif width > size.width * placements.MAX_SCALE or height > size.height * placements.MAX_SCALE:
        most = f"{size.width * placements.MAX_SCALE} × {size.height * placements.MAX_SCALE}"
        problems.add(
            field,
            _("The image is %(got)s pixels; at most %(most)s for this placement.")
            % {"got": f"{width} × {height}", "most": most},
        )
    if abs(width / height - size.ratio) / size.ratio > placements.RATIO_TOLERANCE:
        problems.add(
            field,
            _("The image's shape is %(got)s; this placement's box is %(need)s (the same ratio).")
            % {"got": f"{width} × {height}", "need": str(size)},
        )


# -- the schedule ------------------------------------------------------------------------------


def _moment(value) -> str:
    return date_format(localtime(value), "SHORT_DATETIME_FORMAT")


def busiest(banner, others) -> tuple[int, list]:
    """The most of `others` running at one moment within `banner`'s schedule, and them."""
    moments = sorted(
        {banner.starts_at, *(o.starts_at for o in others if o.starts_at > banner.starts_at)}
    )
    best, best_set = 0, []
    for moment in moments:
        if moment >= banner.ends_at:
            break
        running = [o for o in others if o.starts_at <= moment < o.ends_at]
        if len(running) > best:
            best, best_set = len(running), running
    return best, best_set


def check_schedule(banner, others, problems: Problems) -> None:
    if banner.starts_at is None or banner.ends_at is None:
        return
    if banner.ends_at <= banner.starts_at:
        problems.add("ends_at", _("The banner must end after it starts."))
        return
    placement = PLACEMENTS[banner.placement]
    count, running = busiest(banner, list(others))
    if count + 1 > placement.capacity:
        names = "; ".join(
            f"{o.name} ({_moment(o.starts_at)} – {_moment(o.ends_at)})" for o in running
        )
        problems.add(
            "starts_at",
            _(
                "%(placement)s in this language takes at most %(capacity)s banners at a time, "
                "and these already run then: %(names)s."
            )
            % {"placement": placement.label, "capacity": placement.capacity, "names": names},
        )


def check(banner, *, others, sections=(), tags=()) -> None:
    """Raise ValidationError with every problem of `banner` by field (`others`: the banners
    of its placement and language whose schedule meets its own)."""
    problems = Problems()
    if banner.placement not in PLACEMENTS:
        problems.add("placement", _("Choose a placement."))
        problems.raise_any()
    placement = PLACEMENTS[banner.placement]
    domain = check_link(banner.link, problems)
    check_protection(domain, getattr(banner, "advertiser", None), problems)
    if not (banner.alt_text or "").strip():
        problems.add("alt_text", _("Describe the banner for readers who cannot see it."))
    if banner.desktop_image_id is None:
        problems.add("desktop_image", _("Choose the desktop image."))
    else:
        check_image(banner.desktop_image, placement.desktop, "desktop_image", problems)
    if placement.mobile is not None:
        if banner.mobile_image_id is None:
            problems.add("mobile_image", _("Choose the image phones show."))
        else:
            check_image(banner.mobile_image, placement.mobile, "mobile_image", problems)
    wrong = [code for code in banner.page_types or [] if code not in placement.page_types]
    if wrong:
        problems.add(
            "page_types",
            _("%(placement)s does not appear on: %(types)s.")
            % {
                "placement": placement.label,
                "types": ", ".join(str(placements.PageType(c).label) for c in wrong),
            },
        )
    language_of = {code: code for code, _name in settings.LANGUAGES}
    for field, items in (("sections", sections), ("tags", tags)):
        foreign = [
            str(i) for i in items if language_of.get(i.locale.language_code) != banner.language
        ]
        if foreign:
            problems.add(
                field,
                _("Not in the banner's language: %(names)s.") % {"names": ", ".join(foreign)},
            )
    check_schedule(banner, others, problems)
    problems.raise_any()


def domains_of(broker: Broker) -> list[str]:
    """Every domain a broker is known by (its own and its licences')."""
    own = list(broker.official_domains)
    for licence in broker.licences.all():
        own += [d for d in licence.domains if d not in own]
    return own
