"""Cells a spreadsheet would run as a formula are written as text; everything else unchanged."""

import pytest

from infofinance.brokers import importer
from infofinance.text.spreadsheet import FORMULA_STARTS, formula_safe


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("https://evil.example","x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ],
)
def test_a_formula_start_gets_a_leading_quote(value):
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Nguyễn Văn An", "an@example.vn", "K7M2-9QXD", "1=1", " =x"])
def test_other_text_is_unchanged(value):
    assert formula_safe(value) == value


def test_the_importer_uses_the_same_helper():
    assert importer.formula_safe is formula_safe
    assert importer.FORMULA_STARTS is FORMULA_STARTS
