"""Placeholder."""


def asset_index_context(*, page, request):
    raise NotImplementedError


def asset_page_context(*, page, request):
    raise NotImplementedError
