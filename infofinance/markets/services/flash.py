"""Placeholder."""


def create_flash_drafts(release_id):
    raise NotImplementedError
