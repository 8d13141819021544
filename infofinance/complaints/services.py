"""Every write of the complaint centre, each in one transaction: drafts and sending, evidence,
status changes with their history, notes, public updates (e-mailed to the complainant in their
language), assignment, publication, cancellation, the security log, and data rights."""

import logging

from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infofinance.core.signals import content_changed
from infofinance.core.slugs import ascii_slug

from .models import (
    CONSENT_VERSION,
    RESERVED_SLUGS,
    TRANSITIONS,
    CancellationRequest,
    CloseReason,
    Complaint,
    Evidence,
    InternalNote,
    PublicUpdate,
    SecurityEvent,
    Status,
    StatusChange,
)
from .uploads import CleanFile

logger = logging.getLogger("infofinance.complaints")

COMPLAINT_FIELDS = (
    "broker",
    "broker_name",
    "broker_url",
    "category",
    "title",
    "description",
    "full_name",
    "email",
    "phone",
)


class RuleError(Exception):
    """An action the rules of the case do not allow; the message is for the person acting."""


def log_refusal(request, action: str, detail: str = "", complaint=None) -> SecurityEvent:
    user = getattr(request, "user", None)
    event = SecurityEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action[:64],
        path=request.path[:300],
        ip=request.META.get("REMOTE_ADDR") or None,
        detail=detail[:500],
        complaint=complaint,
    )
    logger.warning("refused %s %s user=%s %s", action, request.path, event.user_id, detail)
    return event


def _attach(complaint, files: list[CleanFile], user, note=None) -> list[Evidence]:
    saved = []
    for clean in files:
        evidence = Evidence(
            complaint=complaint,
            note=note,
            original_name=clean.name,
            content_type=clean.content_type,
            size=len(clean.content),
            uploaded_by=user,
        )
        evidence.file.save(clean.name, ContentFile(clean.content), save=False)
        evidence.save()
        saved.append(evidence)
    return saved


def _record(complaint, old: str, new: str, user, comment: str = "") -> StatusChange:
    return StatusChange.objects.create(
        complaint=complaint, old_status=old, new_status=new, changed_by=user, comment=comment
    )


@transaction.atomic
def save_complaint(
    *,
    user,
    data: dict,
    files: list[CleanFile],
    send: bool,
    token=None,
    complaint: Complaint | None = None,
    language: str = "vi",
) -> tuple[Complaint, bool]:
    """Create a complaint (or update the reader's draft), attach its evidence, and send it when
    asked. Returns (complaint, created). A form posted twice carries the same token: the second
    post finds the first complaint and changes nothing."""
    if complaint is None and token is not None:
        existing = Complaint.objects.filter(submit_token=token, user=user).first()
        if existing is not None:
            return existing, False
    if complaint is not None and complaint.status != Status.DRAFT:
        raise RuleError(_("This complaint has already been sent."))
    created = complaint is None
    complaint = complaint or Complaint(user=user, submit_token=token)
    for field in COMPLAINT_FIELDS:
        if field in data:
            setattr(complaint, field, data[field])
    if complaint.broker_id:
        complaint.broker_name, complaint.broker_url = "", ""
    complaint.language = language
    complaint.consent_at = timezone.now()
    complaint.consent_version = CONSENT_VERSION
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        # The same token raced in from a second request: the first one wins.
        existing = Complaint.objects.filter(submit_token=token, user=user).first()
        if existing is None:
            raise
        return existing, False
    if complaint.evidence.filter(note=None).count() + len(files) > _max_files():
        raise RuleError(
            _("A complaint may have at most %(count)s files.") % {"count": _max_files()}
        )
    _attach(complaint, files, user)
    if send:
        complaint.status = Status.NEW
        complaint.submitted_at = timezone.now()
        complaint.save(update_fields=["status", "submitted_at", "updated_at"])
        _record(complaint, Status.DRAFT, Status.NEW, user)
    return complaint, created


def _max_files() -> int:
    from .uploads import max_files

    return max_files()


@transaction.atomic
def add_evidence(complaint: Complaint, files: list[CleanFile], user) -> list[Evidence]:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.is_final:
        raise RuleError(_("This case is finished: no more evidence can be added."))
    if complaint.evidence.filter(note=None).count() + len(files) > _max_files():
        raise RuleError(
            _("A complaint may have at most %(count)s files.") % {"count": _max_files()}
        )
    return _attach(complaint, files, user)


@transaction.atomic
def request_cancellation(
    complaint: Complaint, *, reason: str, explanation: str = ""
) -> CancellationRequest:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status == Status.DRAFT:
        raise RuleError(_("A draft is not sent yet: you can simply leave it."))
    if complaint.is_final:
        raise RuleError(
            _("This case is already %(status)s: it cannot be cancelled.")
            % {"status": complaint.get_status_display().lower()}
        )
    if complaint.cancellations.filter(decision=CancellationRequest.Decision.PENDING).exists():
        raise RuleError(_("You have already asked to cancel this case; staff will answer soon."))
    return CancellationRequest.objects.create(
        complaint=complaint, reason=reason, explanation=explanation
    )


@transaction.atomic
def decide_cancellation(request_obj: CancellationRequest, *, accept: bool, user) -> None:
    request_obj = CancellationRequest.objects.select_for_update().get(pk=request_obj.pk)
    if request_obj.decision != CancellationRequest.Decision.PENDING:
        raise RuleError(_("This request has already been decided."))
    request_obj.decision = (
        CancellationRequest.Decision.ACCEPTED if accept else CancellationRequest.Decision.REFUSED
    )
    request_obj.decided_by, request_obj.decided_at = user, timezone.now()
    request_obj.save()
    complaint = request_obj.complaint
    if accept:
        if not complaint.is_final:
            change_status(
                complaint,
                Status.CLOSED,
                user=user,
                close_reason=CloseReason.CANCELLED,
                comment="cancellation accepted",
            )
        text = gettext_lazy("Your request to cancel this case was accepted; the case is closed.")
    else:
        text = gettext_lazy("Your request to cancel this case was refused; we keep working on it.")
    _public_update(complaint, user, text)


@transaction.atomic
def change_status(
    complaint: Complaint, new_status: str, *, user, close_reason: str = "", comment: str = ""
) -> StatusChange:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    old = complaint.status
    if new_status not in TRANSITIONS.get(old, set()):
        raise RuleError(
            _("A case cannot go from “%(old)s” to “%(new)s”.")
            % {"old": Status(old).label, "new": Status(new_status).label}
        )
    if new_status == Status.CLOSED and not close_reason:
        raise RuleError(_("Choose a reason for closing the case."))
    complaint.status = new_status
    complaint.close_reason = close_reason if new_status == Status.CLOSED else ""
    complaint.save(update_fields=["status", "close_reason", "updated_at"])
    return _record(complaint, old, new_status, user, comment)


@transaction.atomic
def assign(complaint: Complaint, *, team, assignee, user) -> Complaint:
    if (
        assignee is not None
        and team is not None
        and assignee != team.leader
        and not team.members.filter(pk=assignee.pk).exists()
    ):
        raise RuleError(_("The assignee is not a member of this team."))
    complaint.team, complaint.assignee = team, assignee
    complaint.save(update_fields=["team", "assignee", "updated_at"])
    return complaint


@transaction.atomic
def add_note(complaint: Complaint, *, text: str, files: list[CleanFile], user) -> InternalNote:
    note = InternalNote.objects.create(complaint=complaint, author=user, text=text)
    _attach(complaint, files, user, note=note)
    return note


def complainant_language(complaint: Complaint) -> str:
    """The complainant's preferred language (their profile), else the complaint's."""
    language = getattr(complaint.user, "preferred_language", "") or complaint.language
    return language if language in ("vi", "en") else "vi"


def _public_update(complaint, user, text) -> PublicUpdate:
    # A message written by the system (lazy) is stored in the complainant's language.
    with translation.override(complainant_language(complaint)):
        text = str(text)
    update = PublicUpdate.objects.create(complaint=complaint, author=user, text=text)
    transaction.on_commit(lambda: notify_complainant(update.pk))
    return update


@transaction.atomic
def add_public_update(complaint: Complaint, *, text: str, user) -> PublicUpdate:
    return _public_update(complaint, user, text)


def notify_complainant(update_id: int) -> None:
    """E-mail a public update to the complainant, in the language of their complaint."""
    update = PublicUpdate.objects.select_related("complaint__user").filter(pk=update_id).first()
    if update is None:
        return
    complaint = update.complaint
    address = complaint.email or getattr(complaint.user, "email", "")
    if not address:
        return
    from infofinance.core.urls import reverse_in

    language = complainant_language(complaint)
    from django.conf import settings

    with translation.override(language):
        url = settings.SITE_URL + reverse_in(
            language, "complaints:mine_detail", uuid=complaint.uuid
        )
        context = {"complaint": complaint, "update": update, "url": url}
        subject = _("Update on your complaint %(reference)s") % {"reference": complaint.reference}
        body = render_to_string("complaints/email/public_update.txt", context)
    send_mail(subject, body, None, [address], fail_silently=True)


def unique_public_slug(complaint: Complaint, wanted: str = "") -> str:
    base = ascii_slug(wanted or complaint.title, 100) or "khieu-nai"
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    slug, number = base, 2
    while Complaint.objects.filter(public_slug=slug).exclude(pk=complaint.pk).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def set_publication(
    complaint: Complaint, *, published: bool, slug: str = "", public_text: str = "", user=None
) -> Complaint:
    if published and complaint.status == Status.DRAFT:
        raise RuleError(_("A draft cannot be published."))
    if published:
        wanted = ascii_slug(slug, 100) if slug else ""
        if wanted in RESERVED_SLUGS:
            raise RuleError(_("This slug is reserved for a page of the site."))
        if (
            wanted
            and Complaint.objects.filter(public_slug=wanted).exclude(pk=complaint.pk).exists()
        ):
            raise RuleError(_("Another complaint already uses this slug."))
        complaint.public_slug = wanted or complaint.public_slug or unique_public_slug(complaint)
        complaint.public_text = public_text or complaint.public_text or complaint.description
        complaint.published_at = complaint.published_at or timezone.now()
    complaint.published = published
    # Only these fields: a stale copy must never overwrite the status changed meanwhile.
    complaint.save(
        update_fields=["published", "public_slug", "public_text", "published_at", "updated_at"]
    )
    return complaint


@transaction.atomic
def set_flag(complaint: Complaint, *, field: str, value: bool) -> Complaint:
    if field not in ("highlighted", "hidden"):
        raise ValueError(field)
    setattr(complaint, field, value)
    complaint.save(update_fields=[field, "updated_at"])
    return complaint


# Data rights (registered with infofinance.core.personal_data in apps.py).


def export_for(user) -> list[dict]:
    rows = []
    for c in Complaint.objects.filter(user=user).prefetch_related("evidence", "updates", "history"):
        rows.append(
            {
                "reference": c.reference,
                "id": str(c.uuid),
                "status": c.status,
                "category": c.category,
                "broker": c.broker_label,
                "broker_url": c.broker_url,
                "title": c.title,
                "description": c.description,
                "full_name": c.full_name,
                "email": c.email,
                "phone": c.phone,
                "consent_at": c.consent_at.isoformat() if c.consent_at else None,
                "consent_version": c.consent_version,
                "created_at": c.created_at.isoformat(),
                "submitted_at": c.submitted_at.isoformat() if c.submitted_at else None,
                "evidence": [
                    {"name": e.original_name, "type": e.content_type, "size": e.size}
                    for e in c.evidence.all()
                    if e.note_id is None
                ],
                "updates": [
                    {"at": u.created_at.isoformat(), "text": u.text} for u in c.updates.all()
                ],
                "history": [
                    {"at": h.changed_at.isoformat(), "from": h.old_status, "to": h.new_status}
                    for h in c.history.all()
                ],
            }
        )
    return rows


def anonymise_for(user) -> None:
    """Keep every case record, drop who sent it: name, e-mail, phone and the link to the user.
    Drafts were never sent, so they are deleted with their files."""
    for draft in Complaint.objects.filter(user=user, status=Status.DRAFT):
        for evidence in draft.evidence.all():
            evidence.file.delete(save=False)
        draft.delete()
    pks = list(Complaint.objects.filter(user=user).values_list("pk", flat=True))
    Complaint.objects.filter(pk__in=pks).update(
        user=None, full_name="", email="", phone="", submit_token=None
    )
    # Public pages show the complainant's initials: those pages change.
    content_changed.send(sender=Complaint, pks=pks)
    Evidence.objects.filter(uploaded_by=user).update(uploaded_by=None)
