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

from infofinance.audit.services import record_security_event
from infofinance.core.signals import content_changed
from infofinance.core.slugs import ascii_slug

from . import limits, redaction
from .models import (
    CONSENT_VERSION,
    PUBLICATION_CONSENT_TEXT,
    RESERVED_SLUGS,
    TRANSITIONS,
    CancellationRequest,
    CloseReason,
    Complaint,
    Evidence,
    InternalNote,
    PublicUpdate,
    RetiredSlug,
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


class TokenTaken(RuleError):
    """The one-time form token was already used by another account."""


def log_refusal(request, action: str, detail: str = "", complaint=None, *, aggregate=False):
    """A refused attempt in the security log (audit.services: the client address behind the
    proxy; `aggregate` counts repeats from one address in one row)."""
    return record_security_event(request, action, detail, complaint, aggregate=aggregate)


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
    publication_consent: bool | None = None,
) -> tuple[Complaint, bool]:
    """Create a complaint (or update the reader's draft), attach its evidence, and send it when
    asked. Returns (complaint, created). A form posted twice carries the same token: the second
    post finds the first complaint and changes nothing; a token already used by another account
    is refused. `publication_consent` (None: unchanged) records or clears the separate consent
    to publication. Sent by a new account while the site-wide cap is reached, the complaint is
    held and staff are alerted (limits.py)."""
    if complaint is None and token is not None:
        existing = Complaint.objects.filter(submit_token=token).first()
        if existing is not None:
            if existing.user_id != getattr(user, "pk", None):
                raise TokenTaken(_TOKEN_TAKEN)
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
    if publication_consent is not None:
        _set_publication_consent(complaint, publication_consent, language)
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        # The same token raced in from a second request: the first one wins.
        existing = Complaint.objects.filter(submit_token=token).first()
        if existing is None:
            raise
        if existing.user_id != getattr(user, "pk", None):
            raise TokenTaken(_TOKEN_TAKEN) from None
        return existing, False
    if complaint.evidence.filter(note=None).count() + len(files) > _max_files():
        raise RuleError(
            _("A complaint may have at most %(count)s files.") % {"count": _max_files()}
        )
    _attach(complaint, files, user)
    if send:
        complaint.status = Status.NEW
        complaint.submitted_at = timezone.now()
        complaint.held = _over_new_account_cap(user)
        complaint.save(update_fields=["status", "submitted_at", "held", "updated_at"])
        _record(complaint, Status.DRAFT, Status.NEW, user)
        if complaint.held:
            transaction.on_commit(alert_staff_of_held_complaints)
    return complaint, created


_TOKEN_TAKEN = gettext_lazy(
    "This form cannot be sent from your account: it was opened in another one. Open the form "
    "again and send it."
)


def _over_new_account_cap(user) -> bool:
    cap = limits.new_account_cap()
    if cap <= 0 or not limits.is_new_account(user):
        return False
    # Counted before this complaint is sent: the cap-th complaint of the hour goes through.
    return limits.new_account_complaints_last_hour() >= cap


def alert_staff_of_held_complaints() -> None:
    """E-mail the complaint managers, at most once an hour, that complaints are being held."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    hour = timezone.now().strftime("%Y%m%d%H")
    if not cache.add(f"limits:held-alert:{hour}", 1, timeout=2 * 3600):
        return
    held = Complaint.objects.filter(held=True).exclude(status=Status.DRAFT).count()
    managers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="Complaint managers")
        .exclude(email="")
        .distinct()
    )
    logger.warning("new-account cap reached: %s complaints held", held)
    for manager in managers:
        language = getattr(manager, "preferred_language", "") or "vi"
        with translation.override(language if language in ("vi", "en") else "vi"):
            subject = _("Complaints held: many new accounts are sending complaints")
            body = _(
                "More than %(cap)s complaints came in within an hour from accounts younger than "
                "a day. New ones are held until staff release them: %(count)s held now. Review "
                "them in the complaint queue: %(url)s"
            ) % {
                "cap": limits.new_account_cap(),
                "count": held,
                "url": settings.SITE_URL + "/admin/complaints/?held=1",
            }
        send_mail(subject, body, None, [manager.email], fail_silently=True)


@transaction.atomic
def release_held(complaint: Complaint, *, user) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.held:
        raise RuleError(_("This complaint is not held."))
    complaint.held = False
    complaint.save(update_fields=["held", "updated_at"])
    InternalNote.objects.create(
        complaint=complaint,
        author=user,
        text=str(_("Released: the complaint was held by the cap on complaints from new accounts.")),
    )
    return complaint


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


# Publication: only with the complainant's consent, only staff-written public texts, only once
# every personal detail the check finds is cleared or confirmed.


def _set_publication_consent(complaint: Complaint, given: bool, language: str) -> None:
    if given and not complaint.publication_consented:
        with translation.override(language):
            complaint.publication_consent_text = str(PUBLICATION_CONSENT_TEXT)
        complaint.publication_consent_at = timezone.now()
        complaint.publication_withdrawn_at = None
    elif not given and complaint.publication_consent_at is not None:
        complaint.publication_withdrawn_at = complaint.publication_withdrawn_at or timezone.now()
        complaint.published = False


@transaction.atomic
def give_publication_consent(complaint: Complaint, *, language: str = "vi") -> Complaint:
    original, complaint = complaint, Complaint.objects.select_for_update().get(pk=complaint.pk)
    _set_publication_consent(complaint, True, language)
    fields = ["publication_consent_at", "publication_consent_text", "publication_withdrawn_at"]
    complaint.save(update_fields=[*fields, "updated_at"])
    return _copy_back(complaint, original, fields)


def _copy_back(saved: Complaint, original: Complaint, fields) -> Complaint:
    """The caller's copy gets what was saved (the row was re-read under a lock)."""
    for field in (*fields, "updated_at"):
        setattr(original, field, getattr(saved, field))
    return saved


@transaction.atomic
def withdraw_publication_consent(complaint: Complaint) -> Complaint:
    """The complainant takes back their consent: the complaint is unpublished at once (the save
    moves its cache tags and takes it out of the search index, in this transaction)."""
    original, complaint = complaint, Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.publication_consented:
        raise RuleError(_("You have not agreed to the publication of this complaint."))
    _set_publication_consent(complaint, False, complaint.language)
    fields = ["publication_withdrawn_at", "published"]
    complaint.save(update_fields=[*fields, "updated_at"])
    return _copy_back(complaint, original, fields)


def unique_public_slug(complaint: Complaint, wanted: str = "") -> str:
    """From the Vietnamese public title (staff-written), never the reader's own title; never a
    reserved or retired address."""
    base = ascii_slug(wanted or complaint.public_title_vi, 100) or "khieu-nai"
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    slug, number = base, 2
    while (
        Complaint.objects.filter(public_slug=slug).exclude(pk=complaint.pk).exists()
        or RetiredSlug.objects.filter(slug=slug).exists()
    ):
        slug = f"{base}-{number}"
        number += 1
    return slug


PUBLIC_FIELDS = ("public_title_vi", "public_title_en", "public_text_vi", "public_text_en")


class PersonalDataFound(RuleError):
    """Publishing refused: personal details found in the public texts, not yet confirmed."""

    def __init__(self, findings):
        super().__init__(
            _(
                "Personal details may remain in the public title or text. Remove each one, or "
                "tick it to confirm that it may be published."
            )
        )
        self.findings = findings


def unconfirmed_findings(complaint: Complaint, texts: dict[str, str], confirmed=()) -> list:
    confirmed = set(confirmed)
    return [f for f in redaction.findings_for(complaint, texts) if f.key not in confirmed]


@transaction.atomic
def set_publication(
    complaint: Complaint,
    *,
    published: bool,
    public: dict[str, str] | None = None,
    confirmed=(),
    user=None,
) -> Complaint:
    """Save the staff-written public title and text (`public`: any of PUBLIC_FIELDS) and publish
    or unpublish. Publishing needs the complainant's consent to publication, a Vietnamese
    public title and text, and every finding of the personal-data check (redaction.py) cleared
    or listed in `confirmed` (their keys); else nothing is saved and RuleError is raised
    (PersonalDataFound for the findings). The slug comes from the Vietnamese public title once,
    at the first publication, and is the same in both languages."""
    original = complaint
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    for field, value in (public or {}).items():
        if field not in PUBLIC_FIELDS:
            raise ValueError(field)
        setattr(complaint, field, (value or "").strip())
    if published:
        if complaint.status == Status.DRAFT:
            raise RuleError(_("A draft cannot be published."))
        if complaint.held:
            raise RuleError(_("This complaint is held: release it before publishing."))
        if not complaint.publication_consented:
            raise RuleError(
                _("The complainant has not agreed to publication (or withdrew their consent).")
            )
        if not complaint.public_title_vi or not complaint.public_text_vi:
            raise RuleError(_("Write the public title and text in Vietnamese before publishing."))
        texts = {field: getattr(complaint, field) for field in PUBLIC_FIELDS}
        if findings := unconfirmed_findings(complaint, texts, confirmed):
            raise PersonalDataFound(findings)
        complaint.public_slug = complaint.public_slug or unique_public_slug(complaint)
        complaint.published_at = complaint.published_at or timezone.now()
    complaint.published = published
    # Only these fields: a stale copy must never overwrite the status changed meanwhile.
    fields = ["published", "public_slug", "published_at", *PUBLIC_FIELDS]
    complaint.save(update_fields=[*fields, "updated_at"])
    return _copy_back(complaint, original, fields)


@transaction.atomic
def set_flag(complaint: Complaint, *, field: str, value: bool) -> Complaint:
    if field not in ("highlighted", "hidden"):
        raise ValueError(field)
    setattr(complaint, field, value)
    complaint.save(update_fields=[field, "updated_at"])
    return complaint


# Data rights (registered with infofinance.wiring.personal_data in apps.py).


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
                "publication_consent_at": c.publication_consent_at.isoformat()
                if c.publication_consent_at
                else None,
                "publication_consent_text": c.publication_consent_text,
                "publication_withdrawn_at": c.publication_withdrawn_at.isoformat()
                if c.publication_withdrawn_at
                else None,
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
