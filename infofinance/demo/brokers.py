"""Demo data of the Brokers Hub: real regulators, fictional brokers (every name is invented) and
licences covering every status and warning (content/brokers.json). Dates are relative to the day
it is loaded."""

import json
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from infofinance.brokers.models import Broker, BrokerAlias, Licence, Platform, Product, Regulator
from infofinance.brokers.services import refresh_broker, save_broker

from .services import CONTENT_DIR

# Regulators, products, platforms and brokers, each broker with its licences (expiry in days
# from the day of the load, approved domains, a regulator's flag); one hidden broker.
DATA = json.loads((CONTENT_DIR / "brokers.json").read_text(encoding="utf-8"))


def has_brokers() -> bool:
    return Broker.objects.exists()


@transaction.atomic
def load_brokers(today=None) -> int:
    today = today or timezone.localdate()
    regulators = {}
    for row in DATA["regulators"]:
        name, country_vi, country_en = row["name"], row["country_vi"], row["country_en"]
        regulators[row["abbreviation"]], _ = Regulator.objects.get_or_create(
            abbreviation=row["abbreviation"],
            country=row["country"],
            defaults={
                "name": name,
                "country_name_vi": country_vi,
                "country_name_en": country_en,
                "tier": row["tier"],
                "website": row["website"],
                "description_vi": f"{name}: cơ quan quản lý tài chính ({country_vi}).",
                "description_en": f"{name}: financial regulator ({country_en}).",
            },
        )
    products = {
        row["slug"]: Product.objects.get_or_create(
            slug=row["slug"], defaults={"name_vi": row["vi"], "name_en": row["en"]}
        )[0]
        for row in DATA["products"]
    }
    platforms = {
        row["slug"]: Platform.objects.get_or_create(slug=row["slug"], defaults={"name": name})[0]
        for row in DATA["platforms"]
        for name in [row["name"]]
    }
    created = timezone.now()
    for number, row in enumerate(DATA["brokers"]):
        name, abbr, badge = row["name"], row["abbreviation"], row["badge"]
        licences, scores = row["licences"], row["scores"]
        broker = Broker(
            name=name,
            abbreviation=abbr,
            country=row["country"],
            website=row["website"],
            founded_year=2005 + number % 15,
            intro_vi=f"{name} là sàn giao dịch hư cấu dùng cho dữ liệu minh họa của Info Finance.",
            intro_en=f"{name} is a fictional broker used for Info Finance's demo data.",
            supervision_vi="Có giấy phép" if licences else "Không có giấy phép",
            supervision_en="Licensed" if licences else "Unlicensed",
            badge=badge,
            badge_rank=1 if badge else None,
            market_score=Decimal(str(scores[0])),
            business_score=Decimal(str(scores[1])),
            risk_score=Decimal(str(scores[2])),
            software_score=Decimal(str(scores[3])),
            market_note_vi="Đánh giá của nhóm phân tích (dữ liệu minh họa).",
            market_note_en="Analysts' assessment (demo data).",
            created_at=created - timedelta(days=number * 9),
        )
        broker.aliases = [BrokerAlias(name=alias) for alias in row["aliases"]]
        broker.save()
        broker.products.set([products[s] for s in row["products"]])
        broker.platforms.set([platforms[s] for s in row["platforms"]])
        for position, licence in enumerate(licences):
            abbr_reg, expiry_days = licence["regulator"], licence["expiry_days"]
            flagged = licence.get("flagged", False)
            expiry = today + timedelta(days=expiry_days) if expiry_days is not None else None
            Licence.objects.create(
                broker=broker,
                regulator=regulators[abbr_reg],
                status=licence["status"],
                sort_order=position,
                number=f"{abbr_reg}-{100000 + number * 37 + position}",
                licence_type_vi="Giấy phép môi giới",
                licence_type_en="Brokerage licence",
                licensee_name=f"{name} Ltd",
                approved_domains=licence["domains"],
                effective_date=(expiry or today) - timedelta(days=1800),
                expiry_date=expiry,
                regulator_flagged=flagged,
                flag_note="Cảnh báo của cơ quan quản lý" if flagged else "",
            )
        refresh_broker(broker.pk, today)
    hidden = Broker(**DATA["hidden"], hidden=True)
    save_broker(hidden)
    return len(DATA["brokers"]) + 1


@transaction.atomic
def link_articles_to_named_brokers() -> int:
    """Link every live article to the brokers its text names, as an editor would after the
    editor's suggestions."""
    from infofinance.brokers.models import ArticleBroker
    from infofinance.brokers.selectors import brokers_named_in
    from infofinance.news.models import ArticlePage

    links = 0
    for article in ArticlePage.objects.live():
        text = " ".join([article.title, article.lead, str(article.body)])
        for broker in brokers_named_in(text):
            _, created = ArticleBroker.objects.get_or_create(page=article, broker=broker)
            links += created
    return links
