"""Placeholder: replaced by its owner in this session."""


def register() -> None:
    return None
