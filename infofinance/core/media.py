"""Media files and the favicon when the application serves them itself (`make run`:
SERVE_MEDIA), with the cache lifetimes nginx gives them in production
(deploy/nginx.conf.template; tests/test_media_headers.py keeps the two in step).

A rendition's file never changes: Wagtail names it after the original's file, the filter and
the focal point, and a new original gets a new name, so browsers may keep it for a year
without asking again. An original image can be replaced by an editor (a new upload, whose
name the storage may reuse once the old file is gone): a day. Complaint evidence is not under
MEDIA_ROOT at all (PRIVATE_MEDIA_ROOT, served only through the complaint views)."""

from pathlib import Path

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_safe
from django.views.static import serve

# Path prefix under MEDIA_ROOT → Cache-Control (the longest prefix that matches wins).
MEDIA_CACHE_CONTROL = {
    "images/": "public, max-age=31536000, immutable",  # renditions
    "": "public, max-age=86400",  # original images and anything else public
}
FAVICON = Path(__file__).resolve().parents[1] / "static" / "favicon.ico"
# Its address is fixed, so not immutable: a new icon reaches browsers within the month.
FAVICON_CACHE_CONTROL = "public, max-age=2592000"


def cache_control_for(path: str) -> str:
    prefix = max((p for p in MEDIA_CACHE_CONTROL if path.startswith(p)), key=len)
    return MEDIA_CACHE_CONTROL[prefix]


def media(request: HttpRequest, path: str, document_root: str):
    """`django.views.static.serve` with the media's cache lifetime."""
    response = serve(request, path, document_root=document_root)
    if response.status_code in (200, 304):
        response["Cache-Control"] = cache_control_for(path)
    return response


@require_safe
def favicon(request: HttpRequest) -> FileResponse:
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = FAVICON_CACHE_CONTROL
    return response
