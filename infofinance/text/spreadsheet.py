"""Text written into spreadsheets (CSV exports) that a spreadsheet must not run.

A spreadsheet runs a cell starting with one of `FORMULA_STARTS` as a formula (`=HYPERLINK(…)`,
`+cmd|…`, `@SUM`): such cells are written after a single quote, which spreadsheets show as text
(OWASP's advice on CSV injection). The brokers' importer strips that quote back on import."""

# A tab or carriage return first also starts a formula in some spreadsheets once trimmed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value
