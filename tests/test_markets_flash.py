"""The flash drafts (docs/design/markets.md §3): an actual arrives → a draft article in Vietnamese
and its English translation, figures filled in, linked to the release and the indicator, in
the newsroom's world or domestic section; never published; exactly one per release and
language however many times (or by however many workers) the handler runs."""

from datetime import date, timedelta
from unittest.mock import patch

import pytest
from django.utils import timezone

from infofinance.markets import handlers
from infofinance.markets.models import (
    ArticleIndicatorLink,
    ArticleReleaseLink,
    FlashDraft,
)
from infofinance.markets.services import create_flash_drafts
from infofinance.news.models import ArticlePage
from infofinance.wiring import events
from tests.markets_support import make_indicator, make_release

pytestmark = pytest.mark.django_db


def released(indicator=None, **fields):
    indicator = indicator or make_indicator()
    values = {"actual": "3.2", "forecast": "3.0", "previous": "2.9", "status": "released"}
    values.update(fields)
    return make_release(
        indicator,
        period=date(2026, 11, 1),
        scheduled_at=timezone.now() - timedelta(minutes=5),
        **values,
    )


def drafts_of(release) -> dict[str, ArticlePage]:
    return {
        flash.language: ArticlePage.objects.get(pk=flash.page_id)
        for flash in FlashDraft.objects.filter(release=release)
    }


def test_an_actual_makes_one_draft_per_language_with_the_figures(client, structure):
    release = released()
    created = create_flash_drafts(release.pk)
    assert set(created) == {"vi", "en"}
    drafts = drafts_of(release)
    vi, en = drafts["vi"], drafts["en"]
    assert not vi.live and not en.live and vi.first_published_at is None
    assert vi.locale.language_code == "vi" and en.locale.language_code == "en"
    assert en.translation_key == vi.translation_key  # the English one translates the other
    assert "3,2%" in vi.title and "cao hơn dự báo" in vi.title
    assert "3.2%" in en.title and "above forecast" in en.title
    assert "3,0%" in vi.lead and "2,9%" in vi.lead
    assert "3.0%" in en.lead and "2.9%" in en.lead
    body = "".join(str(block.value) for block in en.body)
    assert "+0.2 pp" in body and release.indicator.source_name in body
    for page in (vi, en):
        assert ArticleReleaseLink.objects.filter(page=page, release=release).exists()
        assert ArticleIndicatorLink.objects.filter(page=page, indicator=release.indicator).exists()
        assert page.section.slug in {"tin-the-gioi", "world-news"}  # a US release: world news
        assert page.get_latest_revision() is not None  # an editor opens it in the admin
        assert client.get(page.url or "/tin-tuc/" + page.slug + "/").status_code == 404


def test_running_it_twice_leaves_one_draft_per_language(structure):
    release = released()
    create_flash_drafts(release.pk)
    assert create_flash_drafts(release.pk) == {}
    assert FlashDraft.objects.filter(release=release).count() == 2
    linked = ArticleReleaseLink.objects.filter(release=release).values_list("page_id", flat=True)
    assert len(set(linked)) == 2


def test_a_draft_another_worker_made_is_left_alone(structure):
    """A second worker that finds the Vietnamese row (made by the first) creates only what is
    missing, as the English translation of the existing draft."""
    release = released()
    first = create_flash_drafts(release.pk)
    english = FlashDraft.objects.get(release=release, language="en")
    ArticlePage.objects.filter(pk=english.page_id).delete()
    english.delete()
    again = create_flash_drafts(release.pk)
    assert set(again) == {"en"}
    assert again["en"].translation_key == first["vi"].translation_key
    assert FlashDraft.objects.filter(release=release).count() == 2


def test_a_failure_leaves_nothing_half_made(structure):
    release = released()
    with (
        patch("infofinance.markets.services.flash._create_page", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        create_flash_drafts(release.pk)
    assert not FlashDraft.objects.filter(release=release).exists()  # a retry can make them
    assert set(create_flash_drafts(release.pk)) == {"vi", "en"}


def test_no_actual_or_no_release_makes_nothing(structure):
    scheduled = make_release(
        make_indicator(), period=date(2026, 12, 1), scheduled_at=timezone.now() + timedelta(days=3)
    )
    assert create_flash_drafts(scheduled.pk) == {}
    assert create_flash_drafts(987654) == {}
    assert not FlashDraft.objects.exists()


def test_a_vietnamese_release_goes_to_domestic_news(structure):
    release = released(make_indicator(country="VN", name_vi="CPI Việt Nam", name_en="Vietnam CPI"))
    drafts = create_flash_drafts(release.pk)
    assert drafts["vi"].section.slug == "tin-trong-nuoc"
    assert drafts["en"].section.slug == "domestic-news"
    assert drafts["vi"].title.startswith("CPI Việt Nam")


def test_a_missing_forecast_says_so(structure):
    release = released(forecast=None)
    drafts = create_flash_drafts(release.pk)
    assert "chưa có dự báo" in drafts["vi"].title and "no forecast" in drafts["en"].title


# -- through the domain event ---------------------------------------------------------------


@pytest.fixture
def subscribed():
    saved = {name: list(paths) for name, paths in events._subscribers.items()}
    handlers.register()
    yield
    events._subscribers.clear()
    events._subscribers.update(saved)


def test_the_event_of_an_actual_makes_the_drafts_in_the_worker(
    structure, subscribed, django_capture_on_commit_callbacks
):
    from tests.mail_support import run_queue

    assert "infofinance.markets.handlers:on_actual_recorded" in events.subscribers(
        "markets.actual_recorded"
    )
    release = released()
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("markets.actual_recorded", release_id=release.pk)
        events.publish("markets.actual_recorded", release_id=release.pk)  # delivered twice
    assert not FlashDraft.objects.exists()  # queued, not run in the publisher
    run_queue()
    drafts = drafts_of(release)
    assert set(drafts) == {"vi", "en"}
    assert not any(page.live for page in drafts.values())
    assert FlashDraft.objects.count() == 2


def test_recording_an_actual_through_the_service_makes_the_drafts(
    structure, subscribed, django_capture_on_commit_callbacks
):
    from infofinance.markets.services import record_actual
    from tests.mail_support import run_queue

    release = make_release(
        make_indicator(),
        period=date(2026, 11, 1),
        scheduled_at=timezone.now() - timedelta(minutes=1),
        forecast="3.0",
        previous="2.9",
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_actual(release, actual="3.1")
    run_queue()
    drafts = drafts_of(release)
    assert set(drafts) == {"vi", "en"} and "3,1%" in drafts["vi"].title
