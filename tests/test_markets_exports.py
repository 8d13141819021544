"""An indicator's history as CSV (`/lich-kinh-te/<slug>/lich-su.csv`,
`/en/economic-calendar/<slug>/history.csv`): figures plain with a dot, text formula-safe, both
languages, a 404 for a page that is not live."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from tests.markets_support import make_indicator, make_release

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def indicator(structure):
    indicator = make_indicator(
        name_vi='=HYPERLINK("http://x")', name_en="+cmd|calc", source_name="@SUM(A1)"
    )
    make_release(
        indicator,
        period=date(2026, 10, 1),
        scheduled_at=datetime(2026, 11, 12, 13, 30, tzinfo=UTC),
        status="released",
        actual="-0.3",
        forecast="1250.5",
        previous="0.2",
        revised_previous="0.25",
    )
    make_release(
        indicator,
        period=date(2026, 11, 1),
        scheduled_at=datetime(2026, 12, 10, 13, 30, tzinfo=UTC),
        forecast="0.1",
    )
    return indicator


@pytest.mark.parametrize(
    ("language", "path", "previous"),
    [
        ("vi", "/lich-kinh-te/{}/lich-su.csv", "Kỳ trước"),
        ("en", "/en/economic-calendar/{}/history.csv", "Previous"),
    ],
)
def test_the_history_downloads_with_plain_figures_and_safe_text(
    client, indicator, language, path, previous
):
    found = rows(client.get(path.format(indicator.code)))
    name, code, unit = found[0]
    assert name.startswith("'") and code == indicator.code and unit == "percent"
    assert found[1][0] == ("Nguồn: @SUM(A1)" if language == "vi" else "Source: @SUM(A1)")
    assert found[2][5] == previous
    newest, older = found[3], found[4]
    assert newest[:3] == ["2026-11-01", "2026-12-10T13:30:00Z", "scheduled"]
    assert newest[3] == "" and newest[4] == "0.1"
    # A negative figure is a number for the spreadsheet, never quoted as text; 1250.5 keeps
    # its dot whatever the page's language.
    assert older[3:] == ["-0.3", "1250.5", "0.2", "0.25"]


def test_text_cells_starting_like_a_formula_are_quoted(client, indicator):
    found = rows(client.get(f"/en/economic-calendar/{indicator.code}/history.csv"))
    assert found[0][0] == "'+cmd|calc"
    assert found[1][0] == "Source: @SUM(A1)"  # not first in its cell: no formula


def test_an_unknown_or_unpublished_indicator_is_a_404(client, indicator):
    assert client.get("/lich-kinh-te/khong-co/lich-su.csv").status_code == 404
    page = indicator.pages_by_language["en"]
    page.unpublish()
    assert client.get(f"/en/economic-calendar/{indicator.code}/history.csv").status_code == 404
    # The other language's file name is not an alias.
    assert client.get(f"/lich-kinh-te/{indicator.code}/history.csv").status_code == 404


def test_the_indicator_page_links_to_its_history_file(client, indicator):
    for language, name in (("vi", "lich-su.csv"), ("en", "history.csv")):
        page = indicator.pages_by_language[language]
        html = client.get(page.url).content.decode()
        assert f'href="{page.url}{name}"' in html
