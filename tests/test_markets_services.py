"""Writes of releases (markets.services.releases): validation with field-keyed errors, the
scheduled time entered in the release's own zone across a change of clocks, the indicator's
country and category copied, a revision per change (none when nothing changed), "as shown at"
reconstructed from the revisions, and the domain events published after the commit."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from infofinance.markets import selectors
from infofinance.markets.models import Release, ReleaseRevision, ReleaseStatus
from infofinance.markets.selectors.revisions import release_as_of, revisions_of
from infofinance.markets.services import record_actual, save_release
from infofinance.markets.services.releases import local_to_utc
from infofinance.wiring import events
from tests.markets_support import make_indicator, make_release

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages below are read in English; one test reads them in Vietnamese."""
    with translation.override("en"):
        yield


def test_the_errors_read_in_vietnamese_on_a_vietnamese_request(structure):
    indicator = make_indicator(pages=False)
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        save_release(
            None,
            values={
                "indicator": indicator,
                "period_start": date(2026, 11, 1),
                "scheduled_local": datetime(2026, 12, 10, 8, 30),
                "entered_zone": "America/New_York",
                "forecast": "3,1",
            },
        )
    with translation.override("vi"):
        assert "dấu chấm" in " ".join(excinfo.value.message_dict["forecast"])


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def published(monkeypatch):
    """The domain events dispatched (after the commit), instead of queuing their handlers."""
    seen: list[tuple[str, dict]] = []
    monkeypatch.setattr(events, "_dispatch", lambda event, payload: seen.append((event, payload)))
    return seen


@pytest.fixture
def cpi(db):
    return make_indicator(pages=False, country="US", category="inflation", importance=3)


def past(days=3) -> datetime:
    return (timezone.now() - timedelta(days=days)).replace(microsecond=0)


def future(days=3) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)


def new_release(indicator, **values) -> Release:
    base = {"indicator": indicator, "period_start": date(2026, 10, 1), "scheduled_at": past()}
    base.update(values)
    return save_release(None, values=base)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# -- time ---------------------------------------------------------------------------------


def test_08_30_new_york_on_each_side_of_the_us_change_of_clocks(cpi):
    """The US moved its clocks on Sunday 8 March 2026: 08:30 New York is 13:30 UTC on the
    Friday before (EST) and 12:30 UTC the Friday after (EDT), 20:30 and 19:30 in Vietnam."""
    before = new_release(
        cpi,
        period_start=date(2026, 1, 1),
        scheduled_at=datetime(2026, 3, 6, 8, 30),
        entered_zone="America/New_York",
    )
    after = new_release(
        cpi,
        period_start=date(2026, 2, 1),
        scheduled_at=datetime(2026, 3, 13, 8, 30),
        entered_zone="America/New_York",
    )
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.scheduled_at == datetime(2026, 3, 6, 13, 30, tzinfo=UTC)
    assert after.scheduled_at == datetime(2026, 3, 13, 12, 30, tzinfo=UTC)
    assert before.scheduled_at.astimezone(VIETNAM).strftime("%d %H:%M") == "06 20:30"
    assert after.scheduled_at.astimezone(VIETNAM).strftime("%d %H:%M") == "13 19:30"
    assert before.entered_zone == "America/New_York"


def test_a_time_the_clocks_skip_or_repeat_is_refused_clearly():
    with pytest.raises(ValidationError, match="does not exist"):
        local_to_utc(datetime(2026, 3, 8, 2, 30), "America/New_York")
    with pytest.raises(ValidationError, match="twice") as repeated:
        local_to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York")
    assert "05:30" in repeated.value.messages[0] and "06:30" in repeated.value.messages[0]
    assert local_to_utc(datetime(2026, 11, 1, 3, 0), "America/New_York") == datetime(
        2026, 11, 1, 8, 0, tzinfo=UTC
    )


def test_an_unknown_zone_is_refused(cpi):
    with pytest.raises(ValidationError) as excinfo:
        new_release(cpi, scheduled_at=datetime(2026, 3, 6, 8, 30), entered_zone="Mars/Olympus")
    assert "entered_zone" in errors_of(excinfo)
    assert not Release.objects.exists()


def test_an_aware_time_is_kept_as_that_moment(cpi):
    moment = datetime(2026, 3, 6, 20, 30, tzinfo=VIETNAM)
    release = new_release(cpi, scheduled_at=moment, entered_zone="America/New_York")
    assert release.scheduled_at == datetime(2026, 3, 6, 13, 30, tzinfo=UTC)


# -- values -------------------------------------------------------------------------------


def test_the_indicator_s_country_category_and_importance_are_copied(cpi):
    release = new_release(cpi)
    release.refresh_from_db()
    assert (release.country, release.category, release.importance) == ("US", "inflation", 3)
    assert release.period_kind == "month" and release.entered_zone == "America/New_York"
    low = new_release(cpi, period_start=date(2026, 9, 15), importance=1)
    assert low.importance == 1
    assert low.period_start == date(2026, 9, 1)  # moved to the month's first day


def test_an_actual_for_a_future_release_is_refused(cpi):
    with pytest.raises(ValidationError) as excinfo:
        new_release(cpi, scheduled_at=future(), actual="3.1")
    assert "actual" in errors_of(excinfo)
    assert not Release.objects.exists()
    release = new_release(cpi, scheduled_at=future())
    with pytest.raises(ValidationError):
        record_actual(release, actual=Decimal("3.1"))
    release.refresh_from_db()
    assert release.actual is None
    with pytest.raises(ValidationError) as released:
        save_release(release, values={"status": ReleaseStatus.RELEASED})
    assert "status" in errors_of(released)


def test_a_wrong_unit_is_refused(cpi):
    with pytest.raises(ValidationError) as excinfo:
        new_release(cpi, unit="thousands")
    assert "unit" in errors_of(excinfo)
    assert new_release(cpi, unit="percent").pk


def test_a_comma_decimal_and_too_many_places_are_refused(cpi):
    with pytest.raises(ValidationError) as excinfo:
        new_release(cpi, forecast="2,5", previous="1.1234567")
    messages = errors_of(excinfo)
    assert "dot" in messages["forecast"][0]
    assert "previous" in messages


def test_an_unknown_indicator_and_a_second_release_for_the_period_are_refused(cpi):
    with pytest.raises(ValidationError) as excinfo:
        new_release("no-such-indicator")
    assert "indicator" in errors_of(excinfo)
    new_release(cpi)
    with pytest.raises(ValidationError) as clash:
        new_release(cpi, period_start=date(2026, 10, 20))
    assert "period_start" in errors_of(clash)
    assert Release.objects.count() == 1


def test_messages_are_in_the_active_language(cpi):
    from django.utils import translation

    msgid = "This release is scheduled in the future: its actual cannot be known yet."
    with translation.override("vi"):
        with pytest.raises(ValidationError) as excinfo:
            new_release(cpi, scheduled_at=future(), actual="3.1")
        assert errors_of(excinfo)["actual"] == [translation.gettext(msgid)]


# -- revisions and events ------------------------------------------------------------------


def test_each_change_keeps_a_revision_and_nothing_changed_keeps_none(
    cpi, published, django_capture_on_commit_callbacks, django_user_model
):
    editor = django_user_model.objects.create_user(username="ed", password="x")
    with django_capture_on_commit_callbacks(execute=True):
        release = new_release(cpi, forecast="3.0", previous="2.9")
    assert published == [
        (
            "markets.release_changed",
            {"release_id": release.pk, "indicator_id": cpi.pk, "old_scheduled_at": None},
        )
    ]
    first = ReleaseRevision.objects.get(release=release)
    assert first.values["forecast"] == "3" and first.values["previous"] == "2.9"
    assert first.values["actual"] is None
    published.clear()
    old_time = release.scheduled_at
    with django_capture_on_commit_callbacks(execute=True):
        save_release(release, values={"forecast": "3.00"}, actor=editor)  # the same number
    assert ReleaseRevision.objects.filter(release=release).count() == 1
    assert published == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_actual(release, actual="3.2", actor=editor)
        assert published == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [name for name, _payload in published] == [
        "markets.release_changed",
        "markets.actual_recorded",
    ]
    assert published[0][1]["old_scheduled_at"] == old_time.astimezone(UTC).isoformat()
    assert published[1][1] == {"release_id": release.pk}
    release.refresh_from_db()
    assert release.actual == Decimal("3.2") and release.status == ReleaseStatus.RELEASED
    assert release.actual_recorded_at is not None
    latest = ReleaseRevision.objects.filter(release=release).latest("at", "pk")
    assert latest.actor == editor and latest.values["actual"] == "3.2"
    published.clear()
    with django_capture_on_commit_callbacks(execute=True):
        save_release(release, values={"actual": "3.3"})  # a correction, not a first actual
    assert [name for name, _payload in published] == ["markets.release_changed"]


def test_a_revision_reconstructs_a_revised_previous_value(cpi):
    release = new_release(cpi, previous="2.9", forecast="3.0")
    shown_first = ReleaseRevision.objects.get(release=release).at
    later = shown_first + timedelta(hours=2)
    ReleaseRevision.objects.filter(release=release).update(at=shown_first - timedelta(hours=3))
    save_release(release, values={"revised_previous": "3.1", "actual": "3.4"})
    revised_at = ReleaseRevision.objects.filter(release=release).latest("at", "pk").at
    before = release_as_of(release, revised_at - timedelta(minutes=1))
    after = release_as_of(release, later)
    assert before["previous"] == Decimal("2.9") and before["revised_previous"] is None
    assert before["actual"] is None
    assert after["revised_previous"] == Decimal("3.1") and after["actual"] == Decimal("3.4")
    assert release_as_of(release, shown_first - timedelta(days=1)) is None
    assert selectors.release_as_of(release.pk, later) == after
    listed = revisions_of(release)
    assert [r.shown.get("revised_previous") for r in listed] == [Decimal("3.1"), None]


def test_a_fixture_release_changed_by_hand_gets_its_first_revision(cpi):
    release = make_release(cpi, period=date(2026, 8, 1), scheduled_at=past(30), previous=1)
    save_release(release, values={"forecast": "1.5"})
    revision = ReleaseRevision.objects.get(release=release)
    assert revision.values["forecast"] == "1.5" and revision.values["previous"] == "1"
