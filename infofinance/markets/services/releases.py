"""Placeholder."""


def save_release(*args, **kwargs):
    raise NotImplementedError


def record_actual(*args, **kwargs):
    raise NotImplementedError
