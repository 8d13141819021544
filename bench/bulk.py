"""Bulk generation of valid article pages for benchmarks: rows written directly (pages' tree
paths, depth, url_path, locale, translation keys, publication fields), thousands per statement,
instead of the ORM's ~40 queries per page. The text comes from a bilingual financial vocabulary,
so search benchmarks see realistic words."""

import json
import random
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page

from infofinance.core.signals import content_changed
from infofinance.core.slugs import ascii_slug
from infofinance.home.services import add_page, ensure_site_structure
from infofinance.news.models import ArticleAuthor, ArticlePage, ArticleTag, AuthorPage, Tag
from infofinance.text.search_text import fold

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

WORDS = {
    "vi": {
        "subjects": [
            "Giá vàng",
            "Đồng USD",
            "VN-Index",
            "Giá dầu",
            "Lãi suất tiết kiệm",
            "Tỷ giá trung tâm",
            "Cổ phiếu ngân hàng",
            "Bitcoin",
            "Sàn forex",
            "Thị trường chứng khoán",
            "Trái phiếu doanh nghiệp",
            "Nhà đầu tư cá nhân",
            "Đồng yên",
            "Chỉ số HNX",
            "Giá thép",
            "Khối ngoại",
            "Sàn giả mạo",
        ],
        "verbs": [
            "tăng mạnh",
            "giảm sâu",
            "đi ngang",
            "lập đỉnh mới",
            "hồi phục",
            "biến động",
            "chịu áp lực",
            "vượt kỳ vọng",
            "đảo chiều",
            "lao dốc",
        ],
        "contexts": [
            "sau quyết định của Fed",
            "khi dòng tiền rút khỏi thị trường",
            "trong phiên sáng nay",
            "trước kỳ nghỉ lễ",
            "do lo ngại lạm phát",
            "nhờ tin tức tích cực",
            "giữa căng thẳng địa chính trị",
            "khi nhà đầu tư thận trọng",
            "sau báo cáo việc làm Mỹ",
        ],
        "sentences": [
            "Nhà đầu tư cần quản lý rủi ro và kiểm tra giấy phép của sàn giao dịch.",
            "Thanh khoản thị trường đạt hơn 20.000 tỷ đồng trong phiên.",
            "Giới phân tích cho rằng biến động ngắn hạn có thể còn kéo dài.",
            "Chênh lệch giá mua bán vàng miếng vẫn ở mức cao.",
            "Ngân hàng Nhà nước tiếp tục điều hành tỷ giá linh hoạt.",
            "Các sàn không phép thường hứa hẹn lợi nhuận cao bất thường.",
        ],
    },
    "en": {
        "subjects": [
            "Gold",
            "The dollar",
            "The VN-Index",
            "Oil",
            "Deposit rates",
            "The central rate",
            "Bank stocks",
            "Bitcoin",
            "Forex brokers",
            "The stock market",
            "Corporate bonds",
            "Retail investors",
            "The yen",
            "Steel prices",
            "Foreign investors",
            "Clone brokers",
        ],
        "verbs": [
            "rises sharply",
            "falls",
            "moves sideways",
            "hits a record",
            "recovers",
            "swings",
            "comes under pressure",
            "beats expectations",
            "reverses",
            "slumps",
        ],
        "contexts": [
            "after the Fed decision",
            "as money leaves the market",
            "in morning trade",
            "before the holiday",
            "on inflation worries",
            "on upbeat news",
            "amid geopolitical tension",
            "as investors turn cautious",
            "after US jobs data",
        ],
        "sentences": [
            "Investors should manage risk and check a broker's licence.",
            "Turnover topped 20 trillion dong in the session.",
            "Analysts say short-term swings may continue.",
            "The buy-sell spread on gold bars remains wide.",
            "The central bank keeps managing the exchange rate flexibly.",
            "Unlicensed brokers often promise unusually high returns.",
        ],
    },
}


def encode_step(number: int) -> str:
    """Treebeard's path step for the `number`-th child (1-based), 4 base-36 characters."""
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
    return digits.rjust(Page.steplen, "0")


def decode_step(step: str) -> int:
    return int(step, 36)


def child_page(
    parent, page_id: int, step: int, *, title, slug, content_type, translation_key, published
) -> Page:
    """A live page row under `parent` at tree position `step`, as Wagtail would store it."""
    return Page(
        id=page_id,
        path=parent.path + encode_step(step),
        depth=parent.depth + 1,
        numchild=0,
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        live=True,
        has_unpublished_changes=False,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        translation_key=translation_key,
        first_published_at=published,
        last_published_at=published,
        latest_revision_created_at=published,
    )


def _page_ids_follow() -> None:
    """PostgreSQL's id sequence moved past the ids written by hand."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
                "(SELECT MAX(id) FROM wagtailcore_page))"
            )


def _text(rnd: random.Random, language: str) -> tuple[str, str, list[dict]]:
    words = WORDS[language]
    title = (
        f"{rnd.choice(words['subjects'])} {rnd.choice(words['verbs'])} "
        f"{rnd.choice(words['contexts'])}"
    )
    lead = " ".join(rnd.sample(words["sentences"], 2))
    body = [
        {
            "type": "paragraph",
            "id": str(uuid.UUID(int=rnd.getrandbits(128))),
            "value": "<p>" + " ".join(rnd.sample(words["sentences"], 4)) + "</p>",
        }
        for _ in range(3)
    ]
    return title, lead, body


TAGS_PER_LANGUAGE = 40
AUTHORS_PER_LANGUAGE = 8


def _tags_and_authors(structure, language: str) -> tuple[list[int], list[int]]:
    """A pool of generated tags and authors in `language` (created once), so tag and author
    listings have realistic sizes at a million articles."""
    locale = structure.locales[language]
    words = WORDS[language]["subjects"]
    tags = []
    for number in range(TAGS_PER_LANGUAGE):
        name = f"{words[number % len(words)]} {number // len(words) + 1}"
        tag = Tag.objects.filter(locale=locale, slug=ascii_slug(name)).first()
        tags.append(tag or Tag.objects.create(name=name, locale=locale))
    authors = []
    index = structure.author_indexes[language]
    for number in range(AUTHORS_PER_LANGUAGE):
        slug = f"bench-author-{number + 1}"
        author = AuthorPage.objects.child_of(index).filter(slug=slug).first()
        if author is None:
            author = add_page(
                index, AuthorPage(title=f"Bench Author {number + 1}", slug=slug, locale=locale)
            )
        authors.append(author)
    return [tag.pk for tag in tags], [author.pk for author in authors]


@transaction.atomic
def generate_articles(
    count: int,
    *,
    language: str = "vi",
    seed: int = 1,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Append `count` live articles, each with two tags and an author, to the news hub of
    `language`; returns how many."""
    structure = ensure_site_structure()
    tag_ids, author_ids = _tags_and_authors(structure, language)
    hub = Page.objects.get(pk=structure.hubs[(language, "news")].pk)
    sections = [
        s for (lang, _key), s in structure.sections.items() if lang == language and s.kind == "news"
    ]
    content_type = ContentType.objects.get_for_model(ArticlePage)
    last = (
        Page.objects.filter(path__startswith=hub.path, depth=hub.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    first_step = decode_step(last[-Page.steplen :]) + 1 if last else 1
    first_id = (Page.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    article_fields = ArticlePage._meta.local_concrete_fields
    article_columns = [f.column for f in article_fields]
    rnd, now, done = random.Random(seed), timezone.now(), 0
    while done < count:
        size = min(batch, count - done)
        pages, articles, links = [], [], []
        for offset in range(size):
            number = done + offset
            page_id = first_id + number
            title, lead, body = _text(rnd, language)
            slug = f"{ascii_slug(title, 80)}-{page_id}"
            published = now - timedelta(minutes=rnd.randint(1, 60 * 24 * 365 * 3))
            pages.append(
                child_page(
                    hub,
                    page_id,
                    first_step + number,
                    title=title,
                    slug=slug,
                    content_type=content_type,
                    translation_key=uuid.UUID(int=rnd.getrandbits(128)),
                    published=published,
                )
            )
            values = {
                "page_ptr": page_id,
                "lead": lead,
                "hero_image": None,
                "hero_alt": "",
                "hero_caption": "",
                "hero_credit": "",
                "body": json.dumps(body, ensure_ascii=False),
                "section": rnd.choice(sections).pk,
                "pinned": False,
                "listing_hub": hub.pk,
                "published_at": published,
                "updated_at": None,
                "noindex": False,
            }
            links.append(ArticleAuthor(page_id=page_id, author_id=rnd.choice(author_ids)))
            links.extend(
                ArticleTag(page_id=page_id, tag_id=tag_id, sort_order=order)
                for order, tag_id in enumerate(rnd.sample(tag_ids, 2))
            )
            for link in links[-3:]:
                link.published_at = published
            # Each value prepared by its own field, as the ORM would (JSON, datetimes, …).
            articles.append(
                [
                    field.get_db_prep_save(
                        field.to_python(values[field.name])
                        if field.name == "body"
                        else values[field.name],
                        connection,
                    )
                    for field in article_fields
                ]
            )
        Page.objects.bulk_create(pages, batch_size=batch)
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(article_columns))
            cursor.executemany(
                f"INSERT INTO {ArticlePage._meta.db_table} ({', '.join(article_columns)}) "
                f"VALUES ({placeholders})",
                articles,
            )
        ArticleAuthor.objects.bulk_create([x for x in links if isinstance(x, ArticleAuthor)])
        ArticleTag.objects.bulk_create([x for x in links if isinstance(x, ArticleTag)])
        done += size
        if progress:
            progress(done)
    Page.objects.filter(pk=hub.pk).update(numchild=hub.numchild + count)
    _page_ids_follow()
    content_changed.send(sender=ArticlePage)
    analyze()
    return count


BROKER_PARTS = {
    "first": [
        "Aurora",
        "Blue",
        "Cobalt",
        "Delta",
        "Đông Á",
        "Phú Quý",
        "Việt",
        "Sao Mai",
        "Northstar",
        "Harbor",
        "Lotus",
        "Mekong",
        "Golden",
        "Rồng Vàng",
        "Thăng Long",
        "Apex",
        "Zenith",
    ],
    "second": [
        "Markets",
        "Capital",
        "Trade",
        "Invest",
        "Securities",
        "Global",
        "Prime",
        "Finance",
        "Đầu Tư",
        "Tài Chính",
        "Holdings",
        "Forex",
    ],
}


@transaction.atomic
def generate_brokers(count: int, *, seed: int = 1, batch: int = 2000) -> int:
    """Append `count` visible brokers with two aliases each (benchmark data), in bulk."""
    from decimal import Decimal

    from infofinance.brokers.models import Broker, BrokerAlias

    rnd = random.Random(seed)
    first_id = (Broker.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    done = 0
    while done < count:
        size = min(batch, count - done)
        brokers, aliases = [], []
        for offset in range(size):
            number = first_id + done + offset
            name = f"{rnd.choice(BROKER_PARTS['first'])} {rnd.choice(BROKER_PARTS['second'])}"
            name = f"{name} {number}"
            abbreviation = "".join(word[0] for word in name.split()[:2]).upper() + str(number)
            score = Decimal(rnd.randint(100, 950)) / 100
            brokers.append(
                Broker(
                    id=number,
                    name=name,
                    abbreviation=abbreviation,
                    slug=f"{ascii_slug(name, 80)}-{number}",
                    intro_vi=f"{name} là sàn giao dịch hư cấu dùng để đo hiệu năng tìm kiếm.",
                    intro_en=f"{name} is a fictional broker used to measure search speed.",
                    market_score=score,
                    total_score=score,
                    search_text=fold(f"{name} {abbreviation}"),
                )
            )
            aliases += [
                BrokerAlias(
                    broker_id=number, name=ascii_slug(name).replace("-", " "), sort_order=0
                ),
                BrokerAlias(broker_id=number, name=name.replace(" ", ""), sort_order=1),
            ]
        Broker.objects.bulk_create(brokers, batch_size=batch)
        BrokerAlias.objects.bulk_create(aliases, batch_size=batch)
        done += size
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (Broker._meta.db_table, BrokerAlias._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
    return count


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, so that it knows, for example, that
    a locale matches half of all pages and is no way into a listing. On PostgreSQL, vacuum
    too (outside a transaction), as autovacuum would in the following minutes: until the
    visibility map is set, index-only scans still read the table (docs/performance.md)."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


EVENT_WORDS = {
    "kinds": ["Hội thảo", "Tọa đàm", "Webinar", "Khóa học", "Diễn đàn", "Buổi chia sẻ"],
    "topics": [
        "quản lý rủi ro khi giao dịch ngoại hối",
        "nhận diện sàn giả mạo",
        "đọc báo cáo tài chính doanh nghiệp",
        "đầu tư vàng an toàn",
        "chiến lược cổ phiếu ngân hàng",
        "trái phiếu doanh nghiệp cho người mới",
        "lãi suất và tỷ giá năm tới",
        "phân tích kỹ thuật cơ bản",
    ],
    "cities": [
        ("Trung tâm Hội nghị Quốc gia", "57 Phạm Hùng", "Hà Nội"),
        ("Khách sạn Rex", "141 Nguyễn Huệ", "TP. Hồ Chí Minh"),
        ("Cung Hội nghị Ariyana", "107 Võ Nguyên Giáp", "Đà Nẵng"),
        ("Trung tâm Hội nghị Cần Thơ", "2 Hòa Bình", "Cần Thơ"),
    ],
}


@transaction.atomic
def generate_events(
    count: int,
    *,
    seed: int = 1,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Append `count` live Vietnamese event pages (a third online, the rest in person; dates from
    a year ago to a year ahead) with their shared Event rows to the events index, as
    `services.sync_from_page` would leave them; returns how many."""
    from infofinance.events import setup
    from infofinance.events.models import Event, EventPage
    from infofinance.events.models.pages import FACT_FIELDS

    ensure_site_structure()
    index = Page.objects.get(pk=setup.ensure_index_pages()["vi"].pk)
    content_type = ContentType.objects.get_for_model(EventPage)
    last = (
        Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    first_step = decode_step(last[-Page.steplen :]) + 1 if last else 1
    first_id = (Page.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    page_fields = EventPage._meta.local_concrete_fields
    columns = [f.column for f in page_fields]
    # A stream of its own: the articles' seeds would give the same translation keys.
    rnd, now, done = random.Random(f"events-{seed}"), timezone.now(), 0
    hour = now.replace(minute=0, second=0, microsecond=0)
    while done < count:
        size = min(batch, count - done)
        pages, rows, events = [], [], []
        for offset in range(size):
            number = done + offset
            page_id = first_id + number
            title = (
                f"{rnd.choice(EVENT_WORDS['kinds'])}: {rnd.choice(EVENT_WORDS['topics'])} "
                f"số {number + 1}"
            )
            slug = f"{ascii_slug(title, 80)}-{page_id}"
            starts = hour + timedelta(hours=rnd.randint(-24 * 365, 24 * 365))
            online = rnd.random() < 1 / 3
            venue, street, city = rnd.choice(EVENT_WORDS["cities"])
            published = min(now, starts - timedelta(days=rnd.randint(7, 60)))
            key = uuid.UUID(int=rnd.getrandbits(128))
            page = EventPage(
                title=title,
                summary=f"{title}. Miễn phí cho nhà đầu tư cá nhân, đăng ký trước để giữ chỗ.",
                body=[],
                agenda=[],
                starts_at=starts,
                ends_at=starts + timedelta(hours=rnd.choice([2, 3, 4, 8])),
                time_zone="Asia/Ho_Chi_Minh",
                attendance="online" if online else "in_person",
                venue_name="" if online else venue,
                street_address="" if online else street,
                locality="" if online else city,
                online_url="https://meet.example.com/su-kien" if online else "",
                capacity=rnd.choice([30, 50, 100, 200, 500]),
            )
            page.page_ptr_id = page_id
            pages.append(
                child_page(
                    index,
                    page_id,
                    first_step + number,
                    title=title,
                    slug=slug,
                    content_type=content_type,
                    translation_key=key,
                    published=published,
                )
            )
            rows.append(
                [
                    field.get_db_prep_save(
                        page_id if field.attname == "page_ptr_id" else getattr(page, field.attname),
                        connection,
                    )
                    for field in page_fields
                ]
            )
            event = Event(
                translation_key=key,
                source_page_id=page_id,
                listed=True,
                **{name: getattr(page, name) for name in FACT_FIELDS},
            )
            moments = [event.starts_at, event.ends_at]
            event.next_boundary_at = min((m for m in moments if m > now), default=None)
            events.append(event)
        Page.objects.bulk_create(pages, batch_size=batch)
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {EventPage._meta.db_table} ({', '.join(columns)}) "
                f"VALUES ({placeholders})",
                rows,
            )
        Event.objects.bulk_create(events, batch_size=batch)
        done += size
        if progress:
            progress(done)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    _page_ids_follow()
    content_changed.send(sender=EventPage)
    return count


# -- markets: indicators and releases (bench/generate_releases.py) --------------------------------

MARKET_WORDS = {
    "countries": [
        ("US", "USD", "America/New_York"),
        ("EZ", "EUR", "Europe/Berlin"),
        ("JP", "JPY", "Asia/Tokyo"),
        ("CN", "CNY", "Asia/Shanghai"),
        ("VN", "VND", "Asia/Ho_Chi_Minh"),
        ("GB", "GBP", "Europe/London"),
        ("AU", "AUD", "Australia/Sydney"),
        ("CA", "CAD", "America/Toronto"),
        ("KR", "KRW", "Asia/Seoul"),
        ("IN", "INR", "Asia/Kolkata"),
        ("SG", "SGD", "Asia/Singapore"),
        ("TH", "THB", "Asia/Bangkok"),
    ],
    # (English name, Vietnamese name, category, unit, level, step of the walk)
    "series": [
        ("CPI", "Chỉ số giá tiêu dùng", "inflation", "percent", 2.5, 0.2),
        ("Core CPI", "CPI lõi", "inflation", "percent", 2.8, 0.1),
        ("Unemployment", "Tỷ lệ thất nghiệp", "employment", "percent", 5.0, 0.1),
        ("Payrolls", "Việc làm mới", "employment", "thousands", 150.0, 60.0),
        ("GDP", "Tăng trưởng GDP", "growth", "percent", 2.0, 0.5),
        ("Retail sales", "Doanh số bán lẻ", "consumption", "percent", 0.3, 0.4),
        ("Manufacturing PMI", "PMI sản xuất", "manufacturing", "index", 50.0, 0.8),
        ("Trade balance", "Cán cân thương mại", "trade", "billions", 5.0, 3.0),
        ("Consumer confidence", "Niềm tin tiêu dùng", "sentiment", "index", 90.0, 2.0),
        ("Housing starts", "Nhà khởi công", "housing", "thousands", 1300.0, 60.0),
    ],
}
MONTHS_PER_INDICATOR = 240  # 20 years of monthly releases


def month_shift(first, months: int):
    """The first day of the month `months` after the month of `first` (before, if negative)."""
    month = first.month - 1 + months
    return first.replace(year=first.year + month // 12, month=month % 12 + 1, day=1)


def _bench_indicators(count: int, rnd: random.Random) -> list[tuple]:
    """(Indicator, level, step) for `count` new indicators."""
    from infofinance.markets.models import Indicator

    number_before = Indicator.objects.count()
    found = []
    for number in range(count):
        country, currency, zone = rnd.choice(MARKET_WORDS["countries"])
        name_en, name_vi, category, unit, level, step = rnd.choice(MARKET_WORDS["series"])
        serial = number_before + number + 1
        indicator = Indicator(
            code=f"bench-{country.lower()}-{ascii_slug(name_en)}-{serial}",
            name_vi=f"{name_vi} {country} {serial}",
            name_en=f"{country} {name_en} {serial}",
            country=country,
            currency=currency,
            category=category,
            unit=unit,
            decimals=1,
            importance=rnd.choice([1, 2, 2, 3]),
            period_kind="month",
            source_name="Bench data",
            release_zone=zone,
        )
        found.append((indicator, level, step))
    Indicator.objects.bulk_create([indicator for indicator, _l, _s in found], batch_size=2000)
    ids = dict(
        Indicator.objects.filter(code__in=[i.code for i, _l, _s in found]).values_list("code", "pk")
    )
    for indicator, _level, _step in found:
        indicator.pk = ids[indicator.code]
    return found


def _bench_indicator_pages(indicators, now, batch: int) -> None:
    """A live Vietnamese IndicatorPage per indicator under the calendar, as bulk rows."""
    from infofinance.markets import setup
    from infofinance.markets.models import IndicatorPage

    index = Page.objects.get(pk=setup.ensure_index_pages()[("calendar", "vi")].pk)
    content_type = ContentType.objects.get_for_model(IndicatorPage)
    last = (
        Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    first_step = decode_step(last[-Page.steplen :]) + 1 if last else 1
    first_id = (Page.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    fields = IndicatorPage._meta.local_concrete_fields
    pages, rows = [], []
    for offset, indicator in enumerate(indicators):
        page_id = first_id + offset
        pages.append(
            child_page(
                index,
                page_id,
                first_step + offset,
                title=indicator.name_vi,
                slug=indicator.code,
                content_type=content_type,
                translation_key=uuid.uuid4(),  # a second run appends: new keys
                published=now,
            )
        )
        page = IndicatorPage(
            indicator=indicator,
            summary=f"{indicator.name_vi}: số liệu tạo tự động để đo hiệu năng.",
            what_it_measures="<p>Số liệu tạo tự động cho phép đo.</p>",
            why_it_matters="<p>Không phải số liệu thật.</p>",
        )
        page.page_ptr_id = page_id
        rows.append(
            [field.get_db_prep_save(getattr(page, field.attname), connection) for field in fields]
        )
    Page.objects.bulk_create(pages, batch_size=batch)
    columns = ", ".join(field.column for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {IndicatorPage._meta.db_table} ({columns}) VALUES ({placeholders})",
            rows,
        )
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(pages))
    _page_ids_follow()


@transaction.atomic
def generate_releases(
    count: int,
    *,
    seed: int = 1,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Append `count` releases in bulk: indicators of 240 monthly releases each (20 years, the
    last six months still to come, released at a morning or afternoon hour of the indicator's
    own zone), each with a live Vietnamese IndicatorPage under the calendar; returns how many
    releases. The figures are a seeded random walk, forecasts near the actual."""
    import math
    from datetime import UTC, datetime
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from infofinance.markets.models import IndicatorPage, Release

    ensure_site_structure()
    rnd, now = random.Random(f"markets-{seed}"), timezone.now()
    first_month = month_shift(now.date(), -(MONTHS_PER_INDICATOR - 6))
    indicators = _bench_indicators(math.ceil(count / MONTHS_PER_INDICATOR), rnd)
    _bench_indicator_pages([indicator for indicator, _l, _s in indicators], now, batch)
    done, pending = 0, []
    for indicator, base, step in indicators:
        zone = ZoneInfo(indicator.release_zone)
        value, previous, day = base, None, rnd.randint(1, 28)
        for month in range(min(MONTHS_PER_INDICATOR, count - done - len(pending))):
            period = month_shift(first_month, month)
            local = datetime.combine(
                month_shift(period, 1).replace(day=day),
                datetime.min.time().replace(hour=rnd.choice([7, 8, 9, 10, 14]), minute=30),
                tzinfo=zone,
            )
            moment = local.astimezone(UTC)
            value += 0.2 * (base - value) + rnd.gauss(0, step)
            past = moment <= now
            actual = Decimal(f"{value:.1f}") if past else None
            pending.append(
                Release(
                    indicator_id=indicator.pk,
                    period_kind="month",
                    period_start=period,
                    scheduled_at=moment,
                    entered_zone=indicator.release_zone,
                    status="released" if past else "scheduled",
                    importance=indicator.importance,
                    country=indicator.country,
                    category=indicator.category,
                    actual=actual,
                    forecast=Decimal(f"{value + rnd.gauss(0, step / 2):.1f}"),
                    previous=previous,
                    actual_recorded_at=moment if past else None,
                )
            )
            previous = actual if past else previous
            if len(pending) >= batch:
                Release.objects.bulk_create(pending, batch_size=batch)
                done += len(pending)
                pending = []
                if progress:
                    progress(done)
    if pending:
        Release.objects.bulk_create(pending, batch_size=batch)
        done += len(pending)
        if progress:
            progress(done)
    content_changed.send(sender=Release)
    content_changed.send(sender=IndicatorPage)
    return done
