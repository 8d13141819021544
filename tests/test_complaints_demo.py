"""The demo of the complaint centre: readers, reviews and complaints in every status with their
histories, loaded once (a second run adds nothing)."""

import pytest
from django.test import Client

from infofinance.complaints.models import Complaint, Status
from infofinance.demo import complaints as demo
from infofinance.demo.brokers import load_brokers
from infofinance.reviews.models import Review
from tests import complaints_support as support

pytestmark = pytest.mark.django_db

private_root = support.private_root


def test_demo_covers_every_status_and_loads_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_brokers()
    message = demo.load_demo()
    assert "demo complaints loaded" in message
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Review.objects.count() == len(demo.REVIEWS)
    for complaint in Complaint.objects.exclude(status=Status.DRAFT):
        assert complaint.history.exists() and complaint.team is not None
    assert Complaint.objects.filter(cancellations__decision="pending").exists()
    assert Complaint.objects.filter(evidence__isnull=False).exists()
    public = Complaint.objects.published()
    assert public.count() == 2 and public.filter(highlighted=True).exists()
    counts = (Complaint.objects.count(), Review.objects.count())
    assert "nothing loaded" in demo.load_demo()
    assert (Complaint.objects.count(), Review.objects.count()) == counts
    html = Client().get("/khieu-nai/").text
    # Staff-written public titles, never the readers' own; consent to publication recorded.
    assert "Sàn đòi nộp trước 10% “thuế thu nhập” mới cho rút tiền" in html
    assert "Sàn yêu cầu nộp thuế trước khi cho rút tiền" not in html
    assert "Lệnh bị báo giá lại liên tục khi có tin" not in html  # hidden
    assert all(c.publication_consent_text for c in public)
    english = Client().get("/en/complaints/").text
    assert "Broker asks for a 10% “income tax” before a withdrawal" in english
