"""Placeholder."""


def release_as_of(release, at):
    raise NotImplementedError
