"""The site search's published complaints, in both languages, with their public title and
text only. Registered from ComplaintsConfig.ready()."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from infofinance.core.urls import reverse_in
from infofinance.search import index
from infofinance.search.index import Document
from infofinance.search.sources import LANGUAGES

from .models import Complaint


def complaints():
    """Complaints staff approved for publication and did not hide: their public title and text,
    never the complainant's data."""
    return Complaint.objects.published().select_related("broker")


def complaint_documents(complaint):
    for language in LANGUAGES:
        with translation.override(language):
            category = str(complaint.get_category_display())
        broker = complaint.broker.name if complaint.broker_id else complaint.broker_name
        english = language == "en"
        # Published in Vietnamese only: listed in English too, marked as Vietnamese.
        written_in = "en" if english and complaint.public_title_en else "vi"
        yield Document(
            kind="complaint",
            object_id=complaint.pk,
            language=language,
            # Staff-written only: the reader's own title may hold their name or phone number.
            title=(english and complaint.public_title_en) or complaint.public_title_vi,
            keywords=f"{broker} {category}",
            summary=(english and complaint.public_text_en) or complaint.public_text_vi,
            published_at=complaint.published_at,
            text_language=written_in,
        )


def complaint_url(complaint, language):
    return reverse_in(language, "complaints:detail", slug=complaint.public_slug)


def register() -> None:
    index.register(
        "complaint",
        complaints,
        complaint_documents,
        url=complaint_url,
        label=_("Complaints"),
        per_language=False,
        order_by=("published_at", "id"),
    )
    # Publishing, editing the public text, hiding, unpublishing or deleting: the index follows.
    index.follow(Complaint, "complaint")
