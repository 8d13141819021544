"""The events' reader pages (docs/design/events.md §6, §11): the upcoming list, past events, the
month calendar and the event page in both languages; hreflang and the language switch of the
index's sub-routes; breadcrumbs; times in Vietnam time with the zone named (both dates across
midnight, both offsets across a DST change at the venue); the join link only for an attendee;
a query count that does not grow with speakers, partners or photos; reserved and locked slugs."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import format_date
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from infofinance.events import dates
from infofinance.events.models import (
    EventIndexPage,
    EventOrganiserLink,
    EventPage,
    EventPhoto,
    EventSpeaker,
    EventSponsorLink,
    Organiser,
    Sponsor,
)
from tests.events_support import fill, make_event, make_reader, register_reader
from tests.factories import make_image

pytestmark = pytest.mark.django_db

HCM_OFFSET = timedelta(hours=7)
PAST = {"vi": "da-dien-ra", "en": "past"}
CALENDAR = {"vi": "lich", "en": "calendar"}
MONTH_PARAM = {"vi": "thang", "en": "month"}
VIETNAMESE_DAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def text(response) -> str:
    return response.content.decode()


def index_url(language: str) -> str:
    return "/en/events/" if language == "en" else "/su-kien/"


def in_language(language, function, *args):
    with translation.override(language):
        return function(*args)


def local_start(event):
    return (event.starts_at + HCM_OFFSET).replace(tzinfo=None)


# -- the upcoming list ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_index_lists_upcoming_events_with_time_place_and_seats(client, structure, language):
    seminar = make_event(structure, capacity=40)
    webinar = make_event(structure, attendance="online", capacity=10)
    full = make_event(structure, capacity=2)
    fill(full)
    ended = make_event(
        structure,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    response = client.get(index_url(language))
    assert response.status_code == 200
    html = text(response)
    for event in (seminar, webinar, full):
        assert event.pages[language].title in html
        assert dates.when(event, language).text in html
    assert ended.pages[language].title not in html
    assert "GMT+7" in html
    assert "Hà Nội" in html
    assert in_language(language, pgettext, "event location", "Online") in html
    seats = in_language(language, ngettext, "%(number)s seat left", "%(number)s seats left", 40)
    assert seats % {"number": "40"} in html
    assert in_language(language, gettext, "Full — waiting list") in html
    # Soonest first.
    positions = [html.index(e.pages[language].title) for e in (seminar, webinar, full)]
    assert positions == sorted(positions)


def test_index_has_no_form_and_no_viewer_data(client, structure):
    make_event(structure)
    response = client.get("/su-kien/")
    assert "csrfmiddlewaretoken" not in text(response)
    assert "Set-Cookie" not in str(response.headers)


# -- past events ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_past_events_list_the_ended_ones_latest_first(client, structure, language):
    now = timezone.now()
    older = make_event(
        structure, starts_at=now - timedelta(days=20), ends_at=now - timedelta(days=20, hours=-2)
    )
    recent = make_event(
        structure, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-2)
    )
    coming = make_event(structure)
    response = client.get(index_url(language) + PAST[language] + "/")
    assert response.status_code == 200
    html = text(response)
    assert coming.pages[language].title not in html
    assert html.index(recent.pages[language].title) < html.index(older.pages[language].title)


def test_an_unknown_sub_route_of_the_index_is_a_404(client, structure):
    make_event(structure)
    assert client.get("/su-kien/past/").status_code == 404  # the English word in Vietnamese
    assert client.get("/en/events/da-dien-ra/").status_code == 404


# -- the month calendar --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("param", ["thang", "month"])
def test_month_calendar_shows_the_event_on_its_day(client, structure, language, param):
    event = make_event(structure)
    day = local_start(event)
    url = f"{index_url(language)}{CALENDAR[language]}/?{param}={day:%Y-%m}"
    response = client.get(url)
    assert response.status_code == 200
    html = text(response)
    assert event.pages[language].title in html
    assert '<meta name="robots" content="noindex, follow">' in html
    # Monday-first weeks.
    first = re.search(r'<th scope="col"><abbr title="([^"]+)"', html).group(1)
    assert first == ("Monday" if language == "en" else "Thứ Hai")
    # The title of the month in the page's language, Babel's.
    title = format_date(
        day.date(), "LLLL y" if language == "en" else "'Tháng' M/y", locale=language
    )
    assert title in html


def test_month_calendar_links_previous_and_next_months_in_its_language(client, structure):
    make_event(structure)
    today = (timezone.now() + HCM_OFFSET).date().replace(day=15)
    previous, following = today - timedelta(days=30), today + timedelta(days=30)
    html = text(client.get(f"/en/events/calendar/?month={today:%Y-%m}"))
    assert f'href="/en/events/calendar/?month={previous:%Y-%m}"' in html
    assert f'href="/en/events/calendar/?month={following:%Y-%m}"' in html
    vi = text(client.get(f"/su-kien/lich/?thang={today:%Y-%m}"))
    assert f'href="/su-kien/lich/?thang={following:%Y-%m}"' in vi


def test_an_event_over_two_days_is_on_both_days(structure):
    from infofinance.events import selectors

    starts = datetime(2026, 12, 18, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
    event = make_event(structure, starts_at=starts, ends_at=starts + timedelta(days=1, hours=8))
    grid = selectors.month(
        locale=event.pages["vi"].locale, year=2026, month=12, now=starts - timedelta(days=10)
    )
    days = {cell.day.day for week in grid.weeks for cell in week if cell.events and cell.in_month}
    assert days == {18, 19}


@pytest.mark.parametrize(
    "query", ["thang=2026-13", "thang=abc", "thang=2026-1", "month=26-12", "thang=2026-00"]
)
def test_a_bad_month_is_a_404(client, structure, query):
    make_event(structure)
    assert client.get(f"/su-kien/lich/?{query}").status_code == 404


def test_a_month_out_of_range_is_a_404(client, structure):
    make_event(structure)
    far = timezone.now() + timedelta(days=31 * 26)
    assert client.get(f"/su-kien/lich/?thang={far:%Y-%m}").status_code == 404
    long_ago = timezone.now() - timedelta(days=31 * 26)
    assert client.get(f"/en/events/calendar/?month={long_ago:%Y-%m}").status_code == 404


# -- the event page ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_event_page_shows_its_facts(client, structure, language):
    event = make_event(structure, capacity=30)
    page = event.pages[language]
    response = client.get(page.url)
    assert response.status_code == 200
    html = text(response)
    assert page.title in html and page.summary in html
    when = dates.when(event, language)
    assert when.text in html
    assert f'<time datetime="{when.starts_iso}" data-event-start' in html
    assert when.starts_iso.endswith("Z")
    assert "events/events.js" in html and "events/events.css" in html
    assert "Khách sạn Melia" in html and "44 Lý Thường Kiệt" in html
    assert f'href="{page.url}{"dang-ky" if language == "vi" else "register"}/"' in html
    assert "csrfmiddlewaretoken" not in html  # a plain link: the cached page holds no token


def test_event_page_breadcrumbs_are_home_events_title(client, structure):
    event = make_event(structure)
    html = text(client.get(event.pages["en"].url))
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)">', crumbs) == ["/en/", "/en/events/"]
    assert event.pages["en"].title in crumbs


def test_event_page_hreflang_pairs_both_languages(client, structure):
    event = make_event(structure)
    vi, en = event.pages["vi"], event.pages["en"]
    for page in (vi, en):
        html = text(client.get(page.url))
        assert f'hreflang="vi" href="http://testserver{vi.url}"' in html
        assert f'hreflang="en" href="http://testserver{en.url}"' in html


@pytest.mark.parametrize(("language", "other"), [("vi", "en"), ("en", "vi")])
def test_sub_routes_switch_to_the_other_languages_route_word(client, structure, language, other):
    make_event(structure)
    past = text(client.get(index_url(language) + PAST[language] + "/"))
    target = index_url(other) + PAST[other] + "/"
    assert f'class="lang-switch" href="{target}"' in past
    assert f'hreflang="{other}" href="http://testserver{target}"' in past
    month = f"{timezone.now() + HCM_OFFSET:%Y-%m}"
    calendar = text(
        client.get(f"{index_url(language)}{CALENDAR[language]}/?{MONTH_PARAM[language]}={month}")
    )
    target = f"{index_url(other)}{CALENDAR[other]}/?{MONTH_PARAM[other]}={month}"
    assert f'class="lang-switch" href="{target}"' in calendar


def test_an_event_without_translation_switches_to_the_other_index(client, structure):
    event = make_event(structure, english=False)
    html = text(client.get(event.pages["vi"].url))
    assert 'class="lang-switch" href="/en/events/"' in html


def test_the_english_page_has_no_vietnamese_date(client, structure):
    event = make_event(structure)
    html = text(client.get(event.pages["en"].url))
    for name in VIETNAMESE_DAY_NAMES:
        assert name not in html
    assert "tháng" not in html.lower()
    assert dates.when(event, "en").text in html
    # The venue, a fact written on the Vietnamese page, says which language it is in.
    assert '<p class="event-address" lang="vi"><strong>Khách sạn Melia' in html
    listing = text(client.get("/en/events/"))
    assert '<span class="event-place" lang="vi">Khách sạn Melia' in listing
    assert '<p class="event-address"><strong>' in text(client.get(event.pages["vi"].url))


def test_the_join_link_is_only_for_an_attendee(client, structure):
    event = make_event(structure, attendance="online")
    page = event.pages["vi"]
    assert event.online_url not in text(client.get(page.url))
    stranger = make_reader()
    client.force_login(stranger)
    assert event.online_url not in text(client.get(page.url))
    attendee = make_reader()
    register_reader(event, user=attendee)
    client.force_login(attendee)
    html = text(client.get(page.url))
    assert event.online_url in html


def test_an_event_across_midnight_prints_both_dates(client, structure):
    starts = datetime(2026, 12, 19, 15, 0, tzinfo=UTC)  # 22:00 in Vietnam
    event = make_event(structure, starts_at=starts, ends_at=starts + timedelta(hours=3))
    for language in ("vi", "en"):
        html = text(client.get(event.pages[language].url))
        pattern = dates._DAY[language]
        for day in (datetime(2026, 12, 19), datetime(2026, 12, 20)):
            assert format_date(day.date(), pattern, locale=language) in html
    when = dates.when(event, "vi")
    assert when.text.startswith("Thứ Bảy, 19/12/2026, 22:00 – Chủ Nhật, 20/12/2026, 01:00 (GMT+7")


def test_a_london_event_across_the_clock_change_prints_both_offsets(client, structure):
    # 2027-03-28: British clocks go forward at 01:00 GMT. 00:30 GMT to 02:30 BST.
    starts = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    event = make_event(
        structure,
        starts_at=starts,
        ends_at=datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        zone="Europe/London",
    )
    for language in ("vi", "en"):
        html = text(client.get(event.pages[language].url))
        assert "(GMT+0 → GMT+1," in html
        assert "GMT+7" in html  # and Vietnam time first
    assert "00:30–02:30 (GMT+0 → GMT+1" in dates.when(event, "vi").venue_line
    assert "12:30 AM – 2:30 AM (GMT+0 → GMT+1" in dates.when(event, "en").venue_line


def test_when_names_vietnam_time_in_each_language(structure):
    starts = datetime(2026, 12, 12, 2, 0, tzinfo=UTC)
    event = make_event(structure, starts_at=starts, ends_at=starts + timedelta(hours=2, minutes=30))
    vi_zone = in_language("vi", gettext, "Vietnam time")
    assert dates.when(event, "vi").text == f"Thứ Bảy, 12/12/2026, 09:00–11:30 (GMT+7, {vi_zone})"
    assert dates.when(event, "en").text == (
        "Saturday, December 12, 2026, 9:00 AM – 11:30 AM (GMT+7, Vietnam time)"
    )
    assert dates.when(event, "en").venue_line == ""


def test_after_the_end_the_page_shows_photos_and_materials(client, structure):
    now = timezone.now()
    event = make_event(
        structure, starts_at=now - timedelta(days=1), ends_at=now - timedelta(hours=20)
    )
    page = EventPage.objects.get(pk=event.pages["vi"].pk)
    page.photos = [EventPhoto(image=make_image("Ảnh hội thảo"), caption="Toàn cảnh hội trường")]
    page.save_revision().publish()
    html = text(client.get(page.url))
    assert "Toàn cảnh hội trường" in html
    upcoming = make_event(structure)
    page = EventPage.objects.get(pk=upcoming.pages["vi"].pk)
    page.photos = [EventPhoto(image=make_image("Ảnh trước"), caption="Chưa diễn ra")]
    page.save_revision().publish()
    assert "Chưa diễn ra" not in text(client.get(page.url))


# -- query count ---------------------------------------------------------------------------------


def _dress(event, count: int):
    """`count` speakers with photos, organisers and sponsors with logos, and photos."""
    page = EventPage.objects.get(pk=event.pages["vi"].pk)
    image = make_image("Chân dung")
    page.speakers = [
        EventSpeaker(name=f"Diễn giả {n}", role="Chuyên gia", photo=image) for n in range(count)
    ]
    page.organiser_links = [
        EventOrganiserLink(
            organiser=Organiser.objects.create(
                name=f"Ban tổ chức {event.pk}-{n}", slug=f"btc-{event.pk}-{n}", logo=image
            )
        )
        for n in range(count)
    ]
    page.sponsor_links = [
        EventSponsorLink(
            sponsor=Sponsor.objects.create(
                name=f"Nhà tài trợ {event.pk}-{n}", slug=f"ntt-{event.pk}-{n}", logo=image
            )
        )
        for n in range(count)
    ]
    page.photos = [EventPhoto(image=image, caption=f"Ảnh {n}") for n in range(count)]
    page.save_revision().publish()
    return page


def test_event_page_queries_do_not_grow_with_speakers_partners_photos(
    client, structure, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    now = timezone.now()
    ended = {"starts_at": now - timedelta(days=2), "ends_at": now - timedelta(days=2, hours=-3)}
    small = _dress(make_event(structure, **ended), 1)
    large = _dress(make_event(structure, **ended), 30)
    client.get(small.url)  # renditions made, caches warm
    client.get(large.url)
    with django_assert_max_num_queries(30) as small_queries:
        assert client.get(small.url).status_code == 200
    budget = len(small_queries.captured_queries)
    assert budget > 5  # rendered, not served from a cache
    with django_assert_max_num_queries(budget):
        response = client.get(large.url)
    assert "Diễn giả 29" in text(response) and "Ảnh 29" in text(response)


def test_index_queries_do_not_grow_with_events(
    client, structure, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    make_event(structure, hero_image=make_image("Một"))
    client.get("/su-kien/")
    with django_assert_max_num_queries(20) as one:
        client.get("/su-kien/")
    budget = len(one.captured_queries)  # read now: the next request empties the log
    assert budget > 2  # rendered, not served from a cache
    for _n in range(5):
        make_event(structure, hero_image=make_image("Nhiều"))
    client.get("/su-kien/")
    with django_assert_max_num_queries(budget):
        response = client.get("/su-kien/")
    assert response.content.decode().count('<article class="event-card') == 6


def test_the_upcoming_list_is_paginated_soonest_first(client, structure, settings):
    from infofinance.events.selectors import pages as event_selectors

    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    for n in range(event_selectors.UPCOMING_PAGE_SIZE + 2):
        make_event(
            structure, title=f"Sự kiện phân trang {n:02d}", starts_at=now + timedelta(days=n + 1)
        )
    first = client.get("/su-kien/").content.decode()
    second = client.get("/su-kien/?page=2").content.decode()
    assert first.count('<article class="event-card') == event_selectors.UPCOMING_PAGE_SIZE
    assert second.count('<article class="event-card') == 2
    assert first.index("Sự kiện phân trang 00") < first.index("Sự kiện phân trang 01")
    assert "Sự kiện phân trang 13" in second and "Sự kiện phân trang 13" not in first
    assert 'href="?page=2"' in first or "page=2" in first


def test_a_translation_takes_the_new_times_when_its_source_moves(structure):
    from tests.events_support import republish

    event = make_event(structure)
    new_start = event.starts_at + timedelta(days=3)
    republish(event.pages["vi"], starts_at=new_start, ends_at=new_start + timedelta(hours=2))
    english = EventPage.objects.get(pk=event.pages["en"].pk)
    assert (english.starts_at, english.ends_at) == (new_start, new_start + timedelta(hours=2))


# -- slugs and addresses -------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model, staff_login):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    staff_login(client, user)
    return client


@pytest.mark.parametrize("slug", ["ve", "lich", "da-dien-ra"])
def test_admin_refuses_a_reserved_child_slug(admin_client, structure, slug):
    make_event(structure)
    index = EventIndexPage.objects.get(locale__language_code="vi")
    data = {
        "title": "Hội thảo mới",
        "slug": slug,
        "summary": "Tóm tắt.",
        "starts_at": "2027-01-10 09:00",
        "ends_at": "2027-01-10 11:00",
        "time_zone": "Asia/Ho_Chi_Minh",
        "attendance": "in_person",
        "venue_name": "Hội trường",
        "locality": "Hà Nội",
        "country": "VN",
        "capacity": "20",
        "offer_hours": "12",
        "body": streamfield([]),
        "agenda": streamfield([]),
        **{
            name: inline_formset([])
            for name in (
                "speakers",
                "organiser_links",
                "sponsor_links",
                "questions",
                "article_links",
                "broker_links",
                "photos",
                "materials",
                "comments",
            )
        },
        "action-publish": "publish",
    }
    before = EventPage.objects.count()
    response = admin_client.post(
        f"/admin/pages/add/events/eventpage/{index.pk}/", nested_form_data(data)
    )
    assert response.status_code == 200
    assert "reserved" in response.text
    assert EventPage.objects.count() == before


def test_the_index_slug_is_locked_once_live(structure):
    make_event(structure)
    index = EventIndexPage.objects.get(locale__language_code="vi")
    index.slug = "hoi-thao"
    with pytest.raises(ValidationError):
        index.full_clean()


def test_su_kien_without_slash_redirects_permanently(client, structure):
    make_event(structure)
    response = client.get("/su-kien")
    assert response.status_code == 301
    assert response["Location"].endswith("/su-kien/")


def test_a_preview_shows_the_pages_own_new_date(rf, structure):
    from django.contrib.auth.models import AnonymousUser

    event = make_event(structure)
    page = EventPage.objects.get(pk=event.pages["vi"].pk)
    page.starts_at = event.starts_at + timedelta(days=1)
    page.ends_at = event.ends_at + timedelta(days=1)
    request = rf.get(page.url)
    request.is_preview = True
    request.user = AnonymousUser()
    context = page.get_context(request)
    assert context["when"].starts_iso == dates.utc_iso(page.starts_at)
    assert context["event"].pk == event.pk  # the seats are the seminar's
    live = EventPage.objects.get(pk=page.pk)
    request.is_preview = False
    assert live.get_context(request)["when"].starts_iso == dates.utc_iso(event.starts_at)


@pytest.mark.parametrize("fast_path", [True, False])
def test_events_and_sub_routes_answer_with_the_fast_path_on_and_off(
    client, structure, settings, fast_path
):
    settings.FAST_PATH = fast_path
    settings.PAGE_CACHE_SECONDS = 0
    event = make_event(structure)
    for language in ("vi", "en"):
        assert client.get(event.pages[language].url).status_code == 200
        assert client.get(index_url(language) + PAST[language] + "/").status_code == 200
        assert client.get(index_url(language) + CALENDAR[language] + "/").status_code == 200
    assert client.get("/su-kien/past/").status_code == 404
    assert client.get("/su-kien/khong-co-su-kien-nay/").status_code == 404
