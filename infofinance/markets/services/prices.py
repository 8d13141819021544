"""Placeholder."""


def record_price(*args, **kwargs):
    raise NotImplementedError
