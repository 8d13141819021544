"""Demo data of the Brokers Hub: real regulators, fictional brokers (every name is invented) and
licences covering every status and warning. Dates are relative to the day it is loaded."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import Broker, BrokerAlias, Licence, Platform, Product, Regulator
from .services import refresh_broker, save_broker

# (abbreviation, name, country, vi country, en country, tier, website)
REGULATORS = [
    (
        "FCA",
        "Financial Conduct Authority",
        "GB",
        "Vương quốc Anh",
        "United Kingdom",
        1,
        "https://www.fca.org.uk",
    ),
    (
        "ASIC",
        "Australian Securities and Investments Commission",
        "AU",
        "Úc",
        "Australia",
        1,
        "https://asic.gov.au",
    ),
    (
        "NFA",
        "National Futures Association",
        "US",
        "Hoa Kỳ",
        "United States",
        1,
        "https://www.nfa.futures.org",
    ),
    (
        "MAS",
        "Monetary Authority of Singapore",
        "SG",
        "Singapore",
        "Singapore",
        1,
        "https://www.mas.gov.sg",
    ),
    (
        "CySEC",
        "Cyprus Securities and Exchange Commission",
        "CY",
        "Síp",
        "Cyprus",
        2,
        "https://www.cysec.gov.cy",
    ),
    ("DFSA", "Dubai Financial Services Authority", "AE", "UAE", "UAE", 2, "https://www.dfsa.ae"),
    (
        "SSC",
        "Ủy ban Chứng khoán Nhà nước (State Securities Commission of Vietnam)",
        "VN",
        "Việt Nam",
        "Vietnam",
        2,
        "https://www.ssc.gov.vn",
    ),
    (
        "FSCA",
        "Financial Sector Conduct Authority",
        "ZA",
        "Nam Phi",
        "South Africa",
        3,
        "https://www.fsca.co.za",
    ),
    (
        "FSA",
        "Financial Services Authority Seychelles",
        "SC",
        "Seychelles",
        "Seychelles",
        4,
        "https://fsaseychelles.sc",
    ),
    (
        "VFSC",
        "Vanuatu Financial Services Commission",
        "VU",
        "Vanuatu",
        "Vanuatu",
        4,
        "https://www.vfsc.vu",
    ),
]
PRODUCTS = [
    ("forex", "Ngoại hối", "Forex"),
    ("indices", "Chỉ số CFD", "Index CFDs"),
    ("commodities", "Hàng hóa", "Commodities"),
    ("crypto", "Tiền số", "Crypto CFDs"),
    ("stocks", "Cổ phiếu CFD", "Share CFDs"),
]
PLATFORMS = [
    ("mt4", "MetaTrader 4"),
    ("mt5", "MetaTrader 5"),
    ("ctrader", "cTrader"),
    ("web", "WebTrader"),
    ("app", "Mobile app"),
]

# Each licence: (regulator, status, expiry in days from today or None, approved domains, flagged)
ACTIVE = "active"
BROKERS = [
    # name, abbreviation, aliases, country, website, scores (market, business, risk, software),
    # badge, licences, products, platforms
    (
        "Aurora Markets",
        "AUM",
        ["Aurora FX"],
        "GB",
        "https://auroramarkets.example",
        (9, 8.5, 9, 8.5),
        "recommended",
        [
            ("FCA", ACTIVE, 700, "auroramarkets.example"),
            ("ASIC", ACTIVE, 500, "auroramarkets.example"),
            ("CySEC", ACTIVE, 300, "auroramarkets.example"),
        ],
        "forex indices commodities stocks",
        "mt4 mt5 web app",
    ),
    (
        "BlueHarbor FX",
        "BHX",
        ["Blue Harbor", "BlueHarbour"],
        "AU",
        "https://blueharborfx.example",
        (8, 8, 8.5, 9),
        "favourite",
        [("ASIC", ACTIVE, 400, "blueharborfx.example")],
        "forex indices crypto",
        "mt4 mt5 ctrader",
    ),
    (
        "Cobalt Trade",
        "CBT",
        [],
        "CY",
        "https://cobalttrade.example",
        (7, 7.5, 7, 7),
        "",
        [
            ("CySEC", ACTIVE, 900, "cobalttrade.example"),
            ("FSA", ACTIVE, 900, "cobalttrade.example"),
        ],
        "forex commodities",
        "mt5 web",
    ),
    (
        "Delta Peak Capital",
        "DPC",
        ["DeltaPeak"],
        "SG",
        "https://deltapeak.example",
        (8, 9, 8, 7.5),
        "recommended",
        [("MAS", ACTIVE, 600, "deltapeak.example")],
        "forex indices stocks",
        "mt5 app",
    ),
    (
        "Emberline Securities",
        "EML",
        [],
        "US",
        "https://emberline.example",
        (7.5, 8, 9, 8),
        "",
        [("NFA", ACTIVE, 45, "emberline.example")],
        "forex",
        "web app",
    ),
    (
        "Falconridge Brokers",
        "FRB",
        [],
        "ZA",
        "https://falconridge.example",
        (6, 6.5, 6, 6),
        "",
        [("FSCA", ACTIVE, 365, "falconridge.example")],
        "forex indices",
        "mt4",
    ),
    (
        "GreenLotus FX",
        "GLF",
        ["Green Lotus", "Sen Xanh FX"],
        "VN",
        "https://greenlotusfx.example",
        (6.5, 7, 6, 7.5),
        "favourite",
        [("SSC", ACTIVE, 800, "greenlotusfx.example")],
        "stocks indices",
        "web app",
    ),
    (
        "Horizon Quay Markets",
        "HQM",
        [],
        "AE",
        "https://horizonquay.example",
        (7, 7, 7.5, 8),
        "",
        [
            ("DFSA", ACTIVE, 500, "horizonquay.example"),
            ("VFSC", ACTIVE, 200, "horizonquay.example"),
        ],
        "forex commodities crypto",
        "mt4 mt5",
    ),
    # Only licence expired: expired + unlicensed.
    (
        "Ironbridge Trading",
        "IBT",
        ["Iron Bridge"],
        "CY",
        "https://ironbridge.example",
        (5, 5, 4.5, 6),
        "",
        [("CySEC", ACTIVE, -20, "ironbridge.example")],
        "forex",
        "mt4",
    ),
    # Website outside the approved domains: possible clone.
    (
        "Jadewave Capital",
        "JWC",
        ["Jade Wave"],
        "GB",
        "https://jadewave-vn.example",
        (6, 6, 6, 6),
        "",
        [("FCA", ACTIVE, 600, "jadewave.example")],
        "forex indices",
        "mt5",
    ),
    # Flagged by the regulator.
    (
        "Kestrel Point FX",
        "KPF",
        [],
        "SC",
        "https://kestrelpoint.example",
        (4, 4, 3, 5),
        "",
        [("FSA", ACTIVE, 300, "kestrelpoint.example", True)],
        "forex crypto",
        "mt4",
    ),
    (
        "Lumen Bay Markets",
        "LBM",
        [],
        "AU",
        "https://lumenbay.example",
        (7.5, 7, 8, 7),
        "",
        [("ASIC", ACTIVE, 250, "lumenbay.example")],
        "forex indices",
        "ctrader web",
    ),
    # Suspended licence: unlicensed.
    (
        "Meridian Reef Trade",
        "MRT",
        [],
        "CY",
        "https://meridianreef.example",
        (5, 4, 3.5, 5),
        "",
        [("CySEC", "suspended", 400, "meridianreef.example")],
        "forex",
        "mt4",
    ),
    (
        "Northstar Lantern",
        "NSL",
        ["North Star"],
        "US",
        "https://northstarlantern.example",
        (8, 8, 8.5, 8),
        "",
        [("NFA", ACTIVE, 700, "northstarlantern.example")],
        "forex",
        "web app",
    ),
    # Revoked licence.
    (
        "Opal Crest FX",
        "OCF",
        [],
        "VU",
        "https://opalcrest.example",
        (3, 3, 2, 4),
        "",
        [("VFSC", "revoked", 100, "opalcrest.example")],
        "forex crypto",
        "mt4",
    ),
    (
        "Pinecrest Global",
        "PCG",
        [],
        "SG",
        "https://pinecrest.example",
        (7, 7.5, 7, 6.5),
        "",
        [("MAS", ACTIVE, 900, "pinecrest.example"), ("ASIC", ACTIVE, 900, "pinecrest.example")],
        "forex indices stocks",
        "mt5 web app",
    ),
    # A clone of a licensed firm: the licence itself carries the clone status.
    (
        "Quartz Harbour",
        "QZH",
        ["Quartz Harbor"],
        "GB",
        "https://quartzharbour-trade.example",
        (2, 2, 1, 3),
        "",
        [("FCA", "clone", None, "quartzharbour.example")],
        "forex crypto",
        "web",
    ),
    (
        "Riverstone Prime",
        "RSP",
        [],
        "AE",
        "https://riverstoneprime.example",
        (7, 8, 7.5, 7),
        "",
        [("DFSA", ACTIVE, 400, "riverstoneprime.example")],
        "forex commodities",
        "mt5",
    ),
    (
        "Saffron Gate Markets",
        "SGM",
        [],
        "ZA",
        "https://saffrongate.example",
        (6, 6, 6.5, 6),
        "",
        [("FSCA", ACTIVE, 30, "saffrongate.example")],
        "forex",
        "mt4 app",
    ),
    (
        "Tidewater Nova",
        "TWN",
        [],
        "SC",
        "https://tidewaternova.example",
        (5, 5.5, 5, 6),
        "",
        [("FSA", ACTIVE, 500, "tidewaternova.example")],
        "forex crypto",
        "mt4 mt5",
    ),
    # No licence at all.
    (
        "FXProMax24",
        "FPM",
        ["FX Pro Max 24", "ProMax24"],
        "",
        "https://fxpromax24.example",
        (1, 1, 0.5, 3),
        "",
        [],
        "forex crypto",
        "app",
    ),
    (
        "ZenithTrade Global",
        "ZTG",
        ["Zenith Trade"],
        "",
        "https://zenithtrade-global.example",
        (1, 1.5, 1, 2),
        "",
        [],
        "forex crypto",
        "web",
    ),
    (
        "Sàn Đông Á Invest",
        "DAI",
        ["Dong A Invest", "Đông Á FX"],
        "VN",
        "https://dongainvest.example",
        (2, 2, 1.5, 3),
        "",
        [],
        "forex",
        "app",
    ),
    (
        "Violet Ridge Capital",
        "VRC",
        [],
        "CY",
        "https://violetridge.example",
        (6.5, 6, 6.5, 6),
        "",
        [
            ("CySEC", ACTIVE, 600, "violetridge.example"),
            ("FCA", ACTIVE, -60, "violetridge.example"),
        ],
        "forex indices",
        "mt5",
    ),
    (
        "Willowmere Trade",
        "WMT",
        [],
        "AU",
        "https://willowmere.example",
        (7, 6.5, 7, 7),
        "",
        [("ASIC", ACTIVE, 800, "willowmere.example")],
        "forex indices commodities",
        "mt4 mt5",
    ),
    (
        "Yellowfin Brokers",
        "YFB",
        [],
        "VN",
        "https://yellowfin.example",
        (6, 6, 6, 6),
        "",
        [("SSC", ACTIVE, 500, "yellowfin.example")],
        "stocks",
        "web app",
    ),
]
HIDDEN = ("Umber Falls FX", "UFF", "https://umberfalls.example")


def has_brokers() -> bool:
    return Broker.objects.exists()


@transaction.atomic
def load_brokers(today=None) -> int:
    today = today or timezone.localdate()
    regulators = {}
    for abbr, name, country, country_vi, country_en, tier, website in REGULATORS:
        regulators[abbr], _ = Regulator.objects.get_or_create(
            abbreviation=abbr,
            country=country,
            defaults={
                "name": name,
                "country_name_vi": country_vi,
                "country_name_en": country_en,
                "tier": tier,
                "website": website,
                "description_vi": f"{name}: cơ quan quản lý tài chính ({country_vi}).",
                "description_en": f"{name}: financial regulator ({country_en}).",
            },
        )
    products = {
        slug: Product.objects.get_or_create(slug=slug, defaults={"name_vi": vi, "name_en": en})[0]
        for slug, vi, en in PRODUCTS
    }
    platforms = {
        slug: Platform.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in PLATFORMS
    }
    created = timezone.now()
    for number, row in enumerate(BROKERS):
        (
            name,
            abbr,
            aliases,
            country,
            website,
            scores,
            badge,
            licences,
            product_slugs,
            platform_slugs,
        ) = row
        broker = Broker(
            name=name,
            abbreviation=abbr,
            country=country,
            website=website,
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
        broker.aliases = [BrokerAlias(name=alias) for alias in aliases]
        broker.save()
        broker.products.set([products[s] for s in product_slugs.split()])
        broker.platforms.set([platforms[s] for s in platform_slugs.split()])
        for position, licence in enumerate(licences):
            abbr_reg, status, expiry_days, domains, *flag = licence
            expiry = today + timedelta(days=expiry_days) if expiry_days is not None else None
            Licence.objects.create(
                broker=broker,
                regulator=regulators[abbr_reg],
                status=status,
                sort_order=position,
                number=f"{abbr_reg}-{100000 + number * 37 + position}",
                licence_type_vi="Giấy phép môi giới",
                licence_type_en="Brokerage licence",
                licensee_name=f"{name} Ltd",
                approved_domains=domains,
                effective_date=(expiry or today) - timedelta(days=1800),
                expiry_date=expiry,
                regulator_flagged=bool(flag and flag[0]),
                flag_note="Cảnh báo của cơ quan quản lý" if flag and flag[0] else "",
            )
        refresh_broker(broker.pk, today)
    hidden = Broker(name=HIDDEN[0], abbreviation=HIDDEN[1], website=HIDDEN[2], hidden=True)
    save_broker(hidden)
    return len(BROKERS) + 1


@transaction.atomic
def link_articles_to_named_brokers() -> int:
    """Link every live article to the brokers its text names, as an editor would after the
    editor's suggestions."""
    from infofinance.news.models import ArticlePage

    from .models import ArticleBroker
    from .selectors import brokers_named_in

    links = 0
    for article in ArticlePage.objects.live():
        text = " ".join([article.title, article.lead, str(article.body)])
        for broker in brokers_named_in(text):
            _, created = ArticleBroker.objects.get_or_create(page=article, broker=broker)
            links += created
    return links
