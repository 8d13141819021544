"""Placeholder."""


def calendar_context(*, page, request):
    raise NotImplementedError


def indicator_page_context(*, page, request):
    raise NotImplementedError
