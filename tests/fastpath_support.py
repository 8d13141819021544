"""Markers for the suite's second run with the fast path off (`FAST_PATH=0 pytest`, see
docs/architecture.md)."""

import pytest
from django.conf import settings

# Tests of the fast path itself (what it keeps, how few statements it runs) and the query
# budgets, which are the fast path's: with it off, stock Django and Wagtail run more queries
# and these are skipped (tests/test_fastpath_equivalence.py compares the two renderings).
requires_fast_path = pytest.mark.skipif(
    not settings.FAST_PATH, reason="the fast path's own behaviour or budget (FAST_PATH=0)"
)
