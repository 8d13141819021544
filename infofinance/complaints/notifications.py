"""The e-mails the complainant receives, one per change that matters to them: the receipt of a
sent complaint, each status change that matters (services.matters_to_reader), and each public
update (cancellation decisions included). Each runs as a subscriber of the service's event
(apps.py): in the worker, after the change was committed, in the complainant's language, with a
link to their case page in that language. Never an internal note, a staff comment or a staff
member's name.

A task may run twice (its worker died after sending): the message keeps one `Message-ID`, made
of what it is about (the complaint, the status change, the update), so a second run sends the
same message again, never a different one (docs/notifications.md). The complaint managers'
alert about held complaints is sent the same way (send_held_alert)."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from infofinance.core.mail import send_stable
from infofinance.core.urls import reverse_in

from .models import Complaint, PublicUpdate, Status, StatusChange
from .services import complainant_language

logger = logging.getLogger("infofinance.complaints")


def _address(complaint: Complaint) -> str:
    return complaint.email or getattr(complaint.user, "email", "") or ""


RECEIPT_SUBJECT = _("We received your complaint %(reference)s")
STATUS_SUBJECT = _("Your complaint %(reference)s: %(status)s")
UPDATE_SUBJECT = _("Update on your complaint %(reference)s")


def _send(kind: str, key, complaint: Complaint, template: str, subject, **context) -> None:
    """Render and send in the complainant's language; nothing when there is nobody to tell (the
    account was deleted: the case keeps no address)."""
    address = _address(complaint)
    if not address:
        return
    language = complainant_language(complaint)
    with translation.override(language):
        context = {
            "complaint": complaint,
            "url": settings.SITE_URL
            + reverse_in(language, "complaints:mine_detail", uuid=complaint.uuid),
            **context,
        }
        body = render_to_string(template, context)
        status = Status(context["change"].new_status).label if "change" in context else ""
        subject = str(subject) % {"reference": complaint.reference, "status": status}
    send_stable(kind, key, subject=subject, body=body, to=[address], language=language)


def _complaints():
    return Complaint.objects.select_related("user", "broker")


def send_receipt(complaint_id: int) -> None:
    """`complaints.sent`: the reference and what happens next."""
    complaint = _complaints().filter(pk=complaint_id).first()
    if complaint is None or complaint.status == Status.DRAFT:
        return
    _send(
        "complaint-receipt",
        complaint.uuid,
        complaint,
        "complaints/email/receipt.txt",
        RECEIPT_SUBJECT,
    )


def send_status_change(change_id: int, tell_reader: bool = True) -> None:
    """`complaints.status_changed`: only the changes that matter to the complainant."""
    if not tell_reader:
        return
    change = StatusChange.objects.filter(pk=change_id).first()
    if change is None:
        return
    complaint = _complaints().get(pk=change.complaint_id)
    # The reason is the one of this closing, unless the case has moved on since.
    closed = change.new_status == Status.CLOSED and complaint.status == Status.CLOSED
    _send(
        "complaint-status",
        change.pk,
        complaint,
        "complaints/email/status_change.txt",
        STATUS_SUBJECT,
        change=change,
        reopened=change.new_status == Status.UNDER_REVIEW and change.old_status != Status.NEW,
        show_close_reason=closed and bool(complaint.close_reason),
    )


def send_public_update(update_id: int) -> None:
    """`complaints.public_update`: the update's text as staff wrote it for the complainant."""
    update = PublicUpdate.objects.filter(pk=update_id).first()
    if update is None:
        return
    complaint = _complaints().get(pk=update.complaint_id)
    _send(
        "complaint-update",
        update.pk,
        complaint,
        "complaints/email/public_update.txt",
        UPDATE_SUBJECT,
        update=update,
    )


HELD_SUBJECT = _("Complaints held: many new accounts are sending complaints")
HELD_BODY = _(
    "More than %(cap)s complaints came in within an hour from accounts younger than a day. New "
    "ones are held until staff release them: %(count)s held now. Review them in the complaint "
    "queue: %(url)s"
)


def send_held_alert(complaint_id: int, hour: str) -> None:
    """`complaints.held`: tell the complaint managers, at most once in the hour the complaint
    was held (`hour`, as published), that complaints are being held. The first held complaint
    of the hour claims the alert in the shared cache; its task run again sends the same
    messages again (Message-ID `complaints-held.<hour>.<manager id>`), the other complaints of
    that hour send nothing. Each manager in their language."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from . import limits

    key = f"limits:held-alert:{hour}"
    if not cache.add(key, complaint_id, timeout=2 * 3600) and cache.get(key) != complaint_id:
        return
    held = Complaint.objects.filter(held=True).exclude(status=Status.DRAFT).count()
    managers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="Complaint managers")
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    logger.warning("new-account cap reached: %s complaints held", held)
    for manager in managers:
        language = getattr(manager, "preferred_language", "") or "vi"
        language = language if language in ("vi", "en") else "vi"
        with translation.override(language):
            subject = str(HELD_SUBJECT)
            body = str(HELD_BODY) % {
                "cap": limits.new_account_cap(),
                "count": held,
                "url": settings.SITE_URL + "/admin/complaints/?held=1",
            }
        send_stable(
            "complaints-held",
            f"{hour}.{manager.pk}",
            subject=subject,
            body=body,
            to=[manager.email],
            language=language,
        )
