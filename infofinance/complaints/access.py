"""Who may see and act on which complaint. Managers (and superusers) see everything; a team
leader sees the cases of the teams they lead and those assigned to them; a member sees only the
cases assigned to them. Readers see only their own complaints (views.py)."""

from django.db.models import Q, QuerySet

from infofinance.accounts.mfa import staff_session_verified

from .models import Complaint

HANDLE = "complaints.handle_complaints"
MANAGE = "complaints.manage_all_complaints"


def is_manager(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(MANAGE)))


def is_handler(user) -> bool:
    return bool(user and user.is_active and (is_manager(user) or user.has_perm(HANDLE)))


def visible_to_staff(user, queryset: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    queryset = Complaint.objects.all() if queryset is None else queryset
    if is_manager(user):
        return queryset
    if not is_handler(user):
        return queryset.none()
    return queryset.filter(Q(assignee=user) | Q(team__leader=user))


def can_view(user, complaint: Complaint) -> bool:
    if is_manager(user):
        return True
    if not is_handler(user):
        return False
    return complaint.assignee_id == user.pk or (
        complaint.team_id is not None and complaint.team.leader_id == user.pk
    )


def leads_case(user, complaint: Complaint) -> bool:
    """Managers, and the leader of the case's team: assignment, publication, flags."""
    if is_manager(user):
        return True
    return (
        is_handler(user) and complaint.team_id is not None and complaint.team.leader_id == user.pk
    )


def can_download(request, evidence) -> bool:
    """The complainant (their own evidence, never staff notes' attachments), or staff who can see
    the case, in a session that passed the second factor (as the admin requires): a staff
    password alone, `is_staff` or a complaints permission without admin access opens no file."""
    user = request.user
    complaint = evidence.complaint
    if user.is_authenticated and complaint.user_id == user.pk and evidence.note_id is None:
        return True
    return (
        user.is_authenticated
        and user.is_staff
        and staff_session_verified(request)
        and can_view(user, complaint)
    )
