"""Demo data of the complaint centre and reviews, written for this project: three readers, a
customer-service team, broker reviews, and complaints in every status with their histories,
public updates, internal notes, a pending cancellation, published, highlighted and hidden cases
(content/complaints.json). Loaded by `manage.py load_demo` only when no demo reader exists yet."""

import io
import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from PIL import Image, ImageDraw

from infofinance.brokers.models import Broker
from infofinance.complaints import services
from infofinance.complaints.models import InternalNote, PublicUpdate, Status, Team
from infofinance.complaints.uploads import CleanFile
from infofinance.reviews.models import Review

from .services import CONTENT_DIR

DOMAIN = "demo.infofinance.example"
# Readers, staff, reviews (reader, broker by rank) and complaints (reader, broker by rank or
# none, category, status, title, description, extras: what happens to it after sending).
DATA = json.loads((CONTENT_DIR / "complaints.json").read_text(encoding="utf-8"))
REVIEWS = DATA["reviews"]
COMPLAINTS = DATA["complaints"]
PATHS = {
    Status.NEW: [],
    Status.UNDER_REVIEW: [Status.UNDER_REVIEW],
    Status.CONTACTING_BROKER: [Status.UNDER_REVIEW, Status.CONTACTING_BROKER],
    Status.RESOLVED: [Status.UNDER_REVIEW, Status.CONTACTING_BROKER, Status.RESOLVED],
    Status.REJECTED: [Status.UNDER_REVIEW, Status.REJECTED],
    Status.CLOSED: [Status.UNDER_REVIEW, Status.CONTACTING_BROKER, Status.CLOSED],
}


def has_demo() -> bool:
    return get_user_model().objects.filter(email__endswith=f"@{DOMAIN}").exists()


def _password() -> str:
    path = settings.VAR_DIR / "demo_readers_password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def _user(username, name, *, email_language="vi", phone="", staff=False, password=None):
    User = get_user_model()
    user = User(
        username=username,
        email=f"{username}@{DOMAIN}",
        display_name=name,
        is_staff=staff,
    )
    if hasattr(user, "phone"):
        user.phone = phone
    if hasattr(user, "preferred_language"):
        user.preferred_language = email_language
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    try:  # allauth: the address is verified, so the demo reader can log in at once
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    except (ImportError, RuntimeError):
        pass
    return user


def _evidence_image() -> CleanFile:
    image = Image.new("RGB", (640, 360), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 620, 80), fill=(11, 59, 92))
    draw.text((36, 42), "Withdrawal #20931 - status: PENDING (21 days)", fill=(255, 255, 255))
    draw.text((36, 120), "Amount: 1,500.00 USD", fill=(26, 29, 33))
    draw.text((36, 150), "Requested fee before release: 200.00 USD", fill=(179, 38, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    return CleanFile("lenh-rut-tien.png", out.getvalue(), "image/png")


@transaction.atomic
def load_demo() -> str:
    if has_demo():
        return f"demo complaints: demo readers exist; nothing loaded (password: {_password()})"
    password = _password()
    readers = [
        _user(
            row["username"],
            row["name"],
            email_language=row["language"],
            phone=row["phone"],
            password=password,
        )
        for row in DATA["readers"]
    ]
    staff = []
    for row in DATA["staff"]:
        user = _user(row["username"], row["name"], staff=True)
        user.groups.add(Group.objects.get_or_create(name=row["group"])[0])
        staff.append(user)
    manager, leader, member = staff
    team = Team.objects.create(name="CSKH Hà Nội", leader=leader)
    team.members.add(member)
    brokers = list(Broker.objects.filter(hidden=False).order_by("-total_score", "name")[:3])
    for row in REVIEWS:
        if row["broker"] < len(brokers):
            Review.objects.create(
                broker=brokers[row["broker"]],
                user=readers[row["reader"]],
                rating=row["rating"],
                comment=row["comment"],
            )
    for number, row in enumerate(COMPLAINTS):
        reader_index, broker_index, extras = row["reader"], row["broker"], row["extras"]
        status = Status(row["status"])
        language = DATA["readers"][reader_index]["language"]
        reader = readers[reader_index]
        broker = brokers[broker_index] if broker_index is not None and brokers else None
        complaint, _ = services.save_complaint(
            user=reader,
            data={
                "broker": broker,
                "broker_name": "" if broker else "Fast Gold Pro",
                "broker_url": "" if broker else "https://fastgoldpro.example",
                "category": row["category"],
                "title": row["title"],
                "description": row["description"],
                "full_name": reader.display_name,
                "email": reader.email,
                "phone": getattr(reader, "phone", ""),
            },
            files=[_evidence_image()] if extras.get("evidence") else [],
            send=status != Status.DRAFT,
            language=language,
        )
        if status == Status.DRAFT:
            continue
        services.assign(
            complaint,
            team=team,
            assignee=member if number % 2 else leader,
            user=manager,
        )
        for step in PATHS[status]:
            services.change_status(
                complaint,
                step,
                user=member if number % 2 else leader,
                close_reason=extras.get("close_reason", "") if step == Status.CLOSED else "",
            )
        if extras.get("note"):
            InternalNote.objects.create(complaint=complaint, author=leader, text=extras["note"])
        if extras.get("update"):
            # Written directly: loading the demo sends no e-mail.
            PublicUpdate.objects.create(complaint=complaint, author=leader, text=extras["update"])
        if extras.get("cancel"):
            services.request_cancellation(
                complaint, reason=extras["cancel"], explanation="Tôi nhầm tên sàn khi gửi."
            )
        if extras.get("consent") or extras.get("publish"):
            services.give_publication_consent(complaint, language=language)
        if extras.get("publish"):
            # Staff wrote the public title and text (never the reader's own).
            services.set_publication(complaint, published=True, public=extras["publish"])
            if extras.get("highlight"):
                services.set_flag(complaint, field="highlighted", value=True)
            if extras.get("hide"):
                services.set_flag(complaint, field="hidden", value=True)
    emails = ", ".join(r.email for r in readers)
    return (
        f"demo complaints loaded: {len(COMPLAINTS)} complaints, {Review.objects.count()} reviews; "
        f"readers {emails} (password: {password})"
    )
