"""What deleting an account erases from the complaint centre: services.anonymise_for (the
complainant's contact details and link to the account), and first the names of the evidence
files, which often carry the sender's name ("CCCD Nguyen Van An.jpg"). Stored files already
have random names (storage.evidence_path)."""

from django.db.models import Q

from . import services
from .models import Evidence
from .uploads import EXTENSIONS


def erase_for(user) -> None:
    forget_evidence_names(user)
    services.anonymise_for(user)


def forget_evidence_names(user) -> None:
    """Every file of the user's complaints (staff attachments included) and every file they sent
    is renamed "evidence-<n>" with the extension of its type, numbered per complaint."""
    files = Evidence.objects.filter(Q(complaint__user=user) | Q(uploaded_by=user)).order_by(
        "complaint_id", "created_at", "pk"
    )
    renamed, numbers = [], {}
    for evidence in files.only("pk", "complaint_id", "content_type"):
        number = numbers[evidence.complaint_id] = numbers.get(evidence.complaint_id, 0) + 1
        evidence.original_name = f"evidence-{number}{EXTENSIONS.get(evidence.content_type, '')}"
        renamed.append(evidence)
    Evidence.objects.bulk_update(renamed, ["original_name"], batch_size=500)
