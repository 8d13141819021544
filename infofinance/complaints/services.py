"""Every write of the complaint centre, each in one transaction: drafts and sending, evidence,
status changes with their history, notes, public updates, assignment, publication,
cancellation, the security log, and data rights.

What the complainant is told is announced as domain events after commit (wiring/events.py):
`complaints.sent`, `complaints.status_changed` and `complaints.public_update`; the e-mails
themselves are notifications.py's, sent by the worker (docs/notifications.md)."""

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infofinance.accounts.models import User
from infofinance.audit.models import SecurityEvent
from infofinance.audit.services import record_security_event
from infofinance.core.signals import content_changed
from infofinance.core.slugs import ascii_slug
from infofinance.wiring import events

from . import limits, redaction
from .models import (
    CONSENT_VERSION,
    FINAL_STATUSES,
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
    Team,
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


def log_refusal(
    request: HttpRequest,
    action: str,
    detail: str = "",
    complaint: Complaint | None = None,
    *,
    aggregate: bool = False,
) -> SecurityEvent | None:
    """A refused attempt in the security log (audit.services: the client address behind the
    proxy; `aggregate` counts repeats from one address in one row)."""
    return record_security_event(request, action, detail, complaint, aggregate=aggregate)


def _attach(
    complaint: Complaint, files: list[CleanFile], user: User, note: InternalNote | None = None
) -> list[Evidence]:
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


def _record(
    complaint: Complaint, old: str, new: str, user: User, comment: str = ""
) -> StatusChange:
    return StatusChange.objects.create(
        complaint=complaint, old_status=old, new_status=new, changed_by=user, comment=comment
    )


@transaction.atomic
def save_complaint(
    *,
    user: User,
    data: dict[str, Any],
    files: list[CleanFile],
    send: bool,
    token: UUID | None = None,
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
        events.publish("complaints.sent", complaint_id=complaint.pk)
        if complaint.held:
            # Staff are alerted by the worker, at most once an hour (notifications.py).
            events.publish(
                "complaints.held",
                complaint_id=complaint.pk,
                hour=timezone.now().strftime("%Y%m%d%H"),
            )
    return complaint, created


_TOKEN_TAKEN = gettext_lazy(
    "This form cannot be sent from your account: it was opened in another one. Open the form "
    "again and send it."
)


def _over_new_account_cap(user: User) -> bool:
    cap = limits.new_account_cap()
    if cap <= 0 or not limits.is_new_account(user):
        return False
    # Counted before this complaint is sent: the cap-th complaint of the hour goes through.
    return limits.new_account_complaints_last_hour() >= cap


@transaction.atomic
def release_held(complaint: Complaint, *, user: User) -> Complaint:
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
def add_evidence(complaint: Complaint, files: list[CleanFile], user: User) -> list[Evidence]:
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
def decide_cancellation(request_obj: CancellationRequest, *, accept: bool, user: User) -> None:
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
            change_status(  # the public update below tells the complainant, once
                complaint,
                Status.CLOSED,
                user=user,
                close_reason=CloseReason.CANCELLED,
                comment="cancellation accepted",
                tell_reader=False,
            )
        text = gettext_lazy("Your request to cancel this case was accepted; the case is closed.")
    else:
        text = gettext_lazy("Your request to cancel this case was refused; we keep working on it.")
    _public_update(complaint, user, text)


def matters_to_reader(old: str, new: str) -> bool:
    """Whether the complainant is e-mailed about this change of status (docs/notifications.md):
    every step of their case and its outcome, not the back-and-forth between staff steps nor
    the filing of a case already resolved or rejected."""
    if new == Status.UNDER_REVIEW:
        return old == Status.NEW or old in FINAL_STATUSES  # first look, or reopened
    if new == Status.CLOSED:
        return old not in (Status.RESOLVED, Status.REJECTED)
    return new in (Status.CONTACTING_BROKER, Status.RESOLVED, Status.REJECTED)


@transaction.atomic
def change_status(
    complaint: Complaint,
    new_status: str,
    *,
    user: User,
    close_reason: str = "",
    comment: str = "",
    tell_reader: bool = True,
) -> StatusChange:
    """`tell_reader=False` when another message already tells the complainant of this change
    (a cancellation decision); `comment` is staff's own and never sent."""
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
    change = _record(complaint, old, new_status, user, comment)
    events.publish(
        "complaints.status_changed",
        change_id=change.pk,
        tell_reader=tell_reader and matters_to_reader(old, new_status),
    )
    return change


@transaction.atomic
def assign(
    complaint: Complaint, *, team: Team | None, assignee: User | None, user: User
) -> Complaint:
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
def add_note(
    complaint: Complaint, *, text: str, files: list[CleanFile], user: User
) -> InternalNote:
    note = InternalNote.objects.create(complaint=complaint, author=user, text=text)
    _attach(complaint, files, user, note=note)
    return note


def complainant_language(complaint: Complaint) -> str:
    """The complainant's preferred language (their profile), else the complaint's."""
    language = getattr(complaint.user, "preferred_language", "") or complaint.language
    return language if language in ("vi", "en") else "vi"


def _public_update(complaint: Complaint, user: User, text: str | Promise) -> PublicUpdate:
    # A message written by the system (lazy) is stored in the complainant's language.
    with translation.override(complainant_language(complaint)):
        text = str(text)
    update = PublicUpdate.objects.create(complaint=complaint, author=user, text=text)
    events.publish("complaints.public_update", update_id=update.pk)
    return update


@transaction.atomic
def add_public_update(complaint: Complaint, *, text: str, user: User) -> PublicUpdate:
    return _public_update(complaint, user, text)


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


def _copy_back(saved: Complaint, original: Complaint, fields: Sequence[str]) -> Complaint:
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

    def __init__(self, findings: list[redaction.Finding]) -> None:
        super().__init__(
            _(
                "Personal details may remain in the public title or text. Remove each one, or "
                "tick it to confirm that it may be published."
            )
        )
        self.findings = findings


def unconfirmed_findings(
    complaint: Complaint, texts: dict[str, str], confirmed: Iterable[str] = ()
) -> list[redaction.Finding]:
    confirmed = set(confirmed)
    return [f for f in redaction.findings_for(complaint, texts) if f.key not in confirmed]


@transaction.atomic
def set_publication(
    complaint: Complaint,
    *,
    published: bool,
    public: dict[str, str] | None = None,
    confirmed: Iterable[str] = (),
    user: User | None = None,
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


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_for(user: User) -> list[dict[str, Any]]:
    """Everything the complaint centre holds that the reader gave or that is about them and
    shown to them: each complaint with its consents, evidence (names, types, sizes), status
    history, public updates and cancellation requests with their explanations and decisions.
    Internal notes, staff comments on status changes and who handled the case are staff's."""
    return _export_rows(Complaint.objects.filter(user=user))


def _of_address(address: str) -> QuerySet[Complaint]:
    """The complaints whose contact address is `address`, or sent from an account with it."""
    from django.db.models import Q

    return Complaint.objects.filter(Q(email__iexact=address) | Q(user__email__iexact=address))


def export_for_address(address: str) -> list[dict[str, Any]]:
    """What export_for holds, for every complaint that names `address` as its contact or was
    sent from an account with that address: its reader is told all of it by e-mail already."""
    return _export_rows(_of_address(address))


def erase_for_address(address: str) -> None:
    """The contact details of complaints that name `address` (an account's own complaints are
    anonymised with the account, anonymise_for): name, e-mail and phone, kept nowhere else; the
    case record stays. Sent from an account, the case stays the account's."""
    pks = list(Complaint.objects.filter(email__iexact=address).values_list("pk", flat=True))
    if not pks:
        return
    Complaint.objects.filter(pk__in=pks).update(full_name="", email="", phone="")
    content_changed.send(sender=Complaint, pks=pks)


def _export_rows(complaints: QuerySet[Complaint]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    complaints = complaints.select_related("broker")
    for c in complaints.prefetch_related("evidence", "updates", "history", "cancellations"):
        rows.append(
            {
                "reference": c.reference,
                "id": str(c.uuid),
                "status": c.status,
                "close_reason": c.close_reason,
                "category": c.category,
                "broker": c.broker_label,
                "broker_url": c.broker_url,
                "title": c.title,
                "description": c.description,
                "full_name": c.full_name,
                "email": c.email,
                "phone": c.phone,
                "language": c.language,
                "consent_at": _iso(c.consent_at),
                "consent_version": c.consent_version,
                "publication_consent_at": _iso(c.publication_consent_at),
                "publication_consent_text": c.publication_consent_text,
                "publication_withdrawn_at": _iso(c.publication_withdrawn_at),
                "published": bool(c.published and c.publication_consented and not c.hidden),
                "public_title": {"vi": c.public_title_vi, "en": c.public_title_en},
                "public_text": {"vi": c.public_text_vi, "en": c.public_text_en},
                "created_at": c.created_at.isoformat(),
                "submitted_at": _iso(c.submitted_at),
                "updated_at": c.updated_at.isoformat(),
                "evidence": [
                    {
                        "name": e.original_name,
                        "type": e.content_type,
                        "size": e.size,
                        "at": e.created_at.isoformat(),
                    }
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
                "cancellation_requests": [
                    {
                        "at": r.created_at.isoformat(),
                        "reason": r.reason,
                        "explanation": r.explanation,
                        "decision": r.decision,
                        "decided_at": _iso(r.decided_at),
                    }
                    for r in c.cancellations.all()
                ],
            }
        )
    return rows


def anonymise_for(user: User) -> None:
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
