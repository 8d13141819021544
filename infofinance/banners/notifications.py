"""The banner managers' e-mail when banners stop because a broker got a warning: which
banners, why, and the link to each in the admin. Sent to every active member of the "Banner
managers" group, each in their language; the same stop sends the same message (Message-ID
`banners-stopped.<first banner>.<digest of the ids>.<manager>`)."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from infofinance.core.mail import send_stable

from .models import Banner
from .setup import MANAGERS

SUBJECT = _("Banners stopped: %(reason)s")
BODY = _(
    "These banners were stopped at once and no longer appear on the site:\n\n%(banners)s\n\n"
    "Why: %(reason)s\n\nA stopped banner does not start again by itself. Check the "
    "advertiser before you schedule anything new for them."
)


def managers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MANAGERS)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def tell_managers_stopped(banner_ids: list[int], reason: str) -> int:
    banners = list(Banner.objects.filter(pk__in=banner_ids).order_by("pk"))
    if not banners:
        return 0
    digest = hashlib.sha256(",".join(str(b.pk) for b in banners).encode()).hexdigest()[:12]
    sent = 0
    for manager in managers():
        language = getattr(manager, "preferred_language", "") or settings.LANGUAGE_CODE
        language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            lines = "\n".join(
                f"- {banner.name} ({banner.get_placement_display()}, {banner.language}): "
                f"{settings.SITE_URL}{reverse('banners_banner:edit', args=[banner.pk])}"
                for banner in banners
            )
            subject = str(SUBJECT) % {"reason": reason}
            body = str(BODY) % {"banners": lines, "reason": reason}
        send_stable(
            "banners-stopped",
            f"{banners[0].pk}.{digest}.{manager.pk}",
            subject=subject[:200],
            body=body,
            to=[manager.email],
            language=language,
        )
        sent += 1
    return sent
