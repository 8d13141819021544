"""Demo data of the complaint centre and reviews, written for this project: three readers, a
customer-service team, broker reviews, and complaints in every status with their histories,
public updates, internal notes, a pending cancellation, published, highlighted and hidden cases.
Loaded by `manage.py load_demo` only when no demo reader exists yet."""

import io
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from PIL import Image, ImageDraw

from infofinance.brokers.models import Broker
from infofinance.reviews.models import Review

from . import services
from .models import InternalNote, PublicUpdate, Status, Team
from .uploads import CleanFile

DOMAIN = "demo.infofinance.example"
READERS = [
    ("lan", "Phạm Thị Lan", "vi", "0912000111"),
    ("minh", "Lê Quang Minh", "vi", "0987000222"),
    ("sarah", "Sarah Nguyen", "en", "+84 90 300 0333"),
]
STAFF = [
    ("hoa.cskh", "Đỗ Thu Hòa", "Complaint managers"),
    ("tuan.cskh", "Vũ Anh Tuấn", "Complaint handlers"),
    ("linh.cskh", "Ngô Mai Linh", "Complaint handlers"),
]
REVIEWS = [
    (0, 0, 5, "Nạp rút qua ngân hàng nội địa trong ngày, hỗ trợ trả lời bằng tiếng Việt."),
    (1, 0, 4, "Phí qua đêm hơi cao với vàng, còn lại ổn định, chưa bị trượt giá lớn."),
    (2, 0, 4, "Clear fee table and the platform rarely disconnects during the US session."),
    (0, 1, 2, "Lệnh rút tiền thứ hai chờ hơn hai tuần mới được duyệt, phải gửi thư nhiều lần."),
    (1, 1, 1, "Nhân viên tư vấn hứa lợi nhuận cố định mỗi tháng; tôi đã rút hết vốn."),
    (2, 2, 3, "Spreads widen sharply around news releases; otherwise an average experience."),
]
# (reader, broker index or None, category, status, title, description, extras)
COMPLAINTS = [
    (
        0,
        1,
        "cannot_withdraw",
        Status.NEW,
        "Lệnh rút 1.500 USD bị treo ba tuần",
        "Ngày 5/10 tôi đặt lệnh rút 1.500 USD về tài khoản ngân hàng. Sàn báo đang xử lý, sau đó "
        "yêu cầu nộp thêm phí xác minh 200 USD. Tôi chưa nộp và lệnh vẫn treo.",
        {"evidence": True, "consent": True},  # agreed to publication; staff have not written it
    ),
    (
        1,
        1,
        "scam",
        Status.UNDER_REVIEW,
        "Tài khoản bị giao dịch khi tôi không đăng nhập",
        "Sáng 12/9 tài khoản của tôi có 14 lệnh vàng mở liên tiếp trong 10 phút, tôi không đặt "
        "lệnh nào. Sàn trả lời đó là lệnh của chuyên gia được ủy quyền, nhưng tôi chưa ký "
        "ủy quyền.",
        {"note": "Đã đối chiếu nhật ký đăng nhập người dùng gửi: không có phiên nào lúc 8h."},
    ),
    (
        2,
        2,
        "price_manipulation",
        Status.CONTACTING_BROKER,
        "Stop loss triggered at a price the market never reached",
        "My EUR/USD stop at 1.0712 was filled at 1.0689 during a quiet Asian session. Other "
        "brokers' charts show a low of 1.0721 for that minute.",
        {"update": "We sent the broker your trade report and asked for their price feed log."},
    ),
    (
        0,
        None,
        "scam",
        Status.RESOLVED,
        "Sàn tự xưng được cấp phép nhưng không có trong danh sách cơ quan quản lý",
        "Trang Fast Gold Pro ghi giấy phép số 778899 nhưng tra cứu trên trang cơ quan quản lý "
        "không thấy. Tôi đã nạp 300 USD và không rút được.",
        {
            "update": "Sàn đã hoàn lại 300 USD vào tài khoản ngân hàng của bạn ngày 20/10.",
            "publish": {
                "public_title_vi": "Sàn tự xưng có giấy phép hoàn lại 300 USD",
                "public_title_en": "Self-declared licensed broker refunds 300 USD",
                "public_text_vi": "Nhà đầu tư nạp 300 USD vào một sàn tự xưng có giấy phép nhưng "
                "không có trong danh sách của cơ quan quản lý. Sau khi Info Finance liên hệ, khoản "
                "tiền đã được hoàn lại.",
                "public_text_en": "An investor paid 300 USD to a broker claiming a licence that "
                "the regulator's register does not list. After Info Finance contacted the broker, "
                "the money was refunded.",
            },
        },
    ),
    (
        1,
        1,
        "cannot_withdraw",
        Status.REJECTED,
        "Không rút được tiền thưởng khuyến mãi",
        "Tôi nhận 100 USD thưởng khi nạp tiền nhưng không rút được khoản thưởng này.",
        {
            "update": "Điều khoản khuyến mãi bạn đã đồng ý ghi rõ tiền thưởng không được rút; "
            "chúng tôi không thể hỗ trợ trường hợp này."
        },
    ),
    (
        2,
        2,
        "other",
        Status.CLOSED,
        "Account closed without notice",
        "The broker closed my account and returned my balance without any explanation.",
        {"close_reason": "settled"},
    ),
    (
        0,
        1,
        "cannot_withdraw",
        Status.CONTACTING_BROKER,
        "Sàn yêu cầu nộp thuế trước khi cho rút tiền",
        "Khi tôi rút 5.000 USD, sàn yêu cầu chuyển trước 10% gọi là thuế thu nhập. Đây là dấu "
        "hiệu lừa đảo phổ biến: thuế không bao giờ được thu trước theo cách này.",
        {
            "publish": {
                "public_title_vi": "Sàn đòi nộp trước 10% “thuế thu nhập” mới cho rút tiền",
                "public_title_en": "Broker asks for a 10% “income tax” before a withdrawal",
                "public_text_vi": "Sàn yêu cầu nhà đầu tư chuyển trước 10% số tiền muốn rút, gọi "
                "là thuế thu nhập. Info Finance đang liên hệ với sàn.",
                "public_text_en": "The broker asks the investor to transfer 10% of the amount to "
                "be withdrawn first, calling it income tax. Info Finance is contacting the broker.",
            },
            "highlight": True,
        },
    ),
    (
        1,
        None,
        "scam",
        Status.UNDER_REVIEW,
        "Nhóm Zalo hứa lợi nhuận 30% mỗi tháng",
        "Một nhóm Zalo giới thiệu sàn và hứa lợi nhuận cố định 30% mỗi tháng.",
        {"cancel": "wrong_broker"},
    ),
    (
        2,
        2,
        "price_manipulation",
        Status.UNDER_REVIEW,
        "Requotes on every order during news",
        "Every order I place around news releases is requoted several times.",
        {
            "publish": {
                "public_title_vi": "Lệnh bị báo giá lại liên tục khi có tin",
                "public_title_en": "Orders requoted again and again around news releases",
                "public_text_vi": "Các lệnh đặt quanh thời điểm công bố tin bị báo giá lại "
                "nhiều lần.",
                "public_text_en": "Orders placed around news releases are requoted repeatedly.",
            },
            "hide": True,
        },
    ),
    (0, 0, "other", Status.DRAFT, "Bản nháp: phí chuyển đổi tiền tệ", "Chưa viết xong.", {}),
]
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
        _user(u, name, email_language=lang, phone=phone, password=password)
        for u, name, lang, phone in READERS
    ]
    staff = []
    for username, name, group in STAFF:
        user = _user(username, name, staff=True)
        user.groups.add(Group.objects.get_or_create(name=group)[0])
        staff.append(user)
    manager, leader, member = staff
    team = Team.objects.create(name="CSKH Hà Nội", leader=leader)
    team.members.add(member)
    brokers = list(Broker.objects.filter(hidden=False).order_by("-total_score", "name")[:3])
    for reader_index, broker_index, rating, comment in REVIEWS:
        if broker_index < len(brokers):
            Review.objects.create(
                broker=brokers[broker_index],
                user=readers[reader_index],
                rating=rating,
                comment=comment,
            )
    for number, (reader_index, broker_index, category, status, title, text, extras) in enumerate(
        COMPLAINTS
    ):
        reader = readers[reader_index]
        broker = brokers[broker_index] if broker_index is not None and brokers else None
        complaint, _ = services.save_complaint(
            user=reader,
            data={
                "broker": broker,
                "broker_name": "" if broker else "Fast Gold Pro",
                "broker_url": "" if broker else "https://fastgoldpro.example",
                "category": category,
                "title": title,
                "description": text,
                "full_name": reader.display_name,
                "email": reader.email,
                "phone": getattr(reader, "phone", ""),
            },
            files=[_evidence_image()] if extras.get("evidence") else [],
            send=status != Status.DRAFT,
            language=READERS[reader_index][2],
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
            services.give_publication_consent(complaint, language=READERS[reader_index][2])
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
