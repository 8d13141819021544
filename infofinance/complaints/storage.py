"""Private storage for evidence: outside MEDIA_ROOT, never served by the web server or the proxy,
only through the permission-checked download view. Names are random."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT at every use, so tests (and deployments) may move it."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):  # pragma: no cover - private files have no public URL
        raise NotImplementedError("private files are served by the download view only")


_storage = PrivateStorage()


def private_storage():
    return _storage


def evidence_path(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:6]
    return f"evidence/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{extension}"
