"""Pagination that never counts a million rows: it counts at most `max_pages` pages' worth of
rows (one bounded `COUNT` over a `LIMIT` subquery). Readers see "Page 3" and older/newer links;
a page number past the cap or past the end lands on the nearest valid page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, max_pages: int | None = None, **kwargs):
        self.max_pages = max_pages or settings.LISTING_MAX_PAGES
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self) -> int:
        limit = self.per_page * self.max_pages
        count_up_to = getattr(self.object_list, "count_up_to", None)
        if count_up_to is not None:
            return count_up_to(limit)
        return self.object_list[:limit].count()

    @cached_property
    def capped(self) -> bool:
        """True when there are more rows than the pages counted."""
        return self.count >= self.per_page * self.max_pages

    def get_page(self, number):
        """The page asked for, or the nearest valid one: below 1 (or not a number) is the first,
        past the end (`999999999`, `1e9`) is the last."""
        return self.page(self.nearest_page(number))

    def nearest_page(self, number) -> int:
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            try:
                wanted = int(float(number))  # "1e9", "2.0"
            except (TypeError, ValueError, OverflowError):
                wanted = 1
        return min(max(wanted, 1), max(self.num_pages, 1))
