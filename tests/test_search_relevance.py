"""The judged relevance set (tests/files/relevance/, judged before the ranking was tuned): its
corpus indexed through the real index path, every judged query run as the results page runs
it. Run with DATABASE_URL=postgres://... for the second backend."""

import pytest

from bench.search import relevance

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(structure, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return relevance.load(structure)


def test_every_judged_query_meets_its_judgment(judged, capsys):
    outcomes = relevance.evaluate(judged)
    with capsys.disabled():
        print("\n" + relevance.report(outcomes))
    failed = [o for o in outcomes if o.missing or o.intruders]
    assert not failed, relevance.report(failed)
    assert sum(o.precision for o in outcomes) / len(outcomes) >= 0.85
