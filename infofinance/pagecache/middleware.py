"""Stores complete anonymous responses in the page cache (the WSGI wrapper serves them), each
with the tags of what it shows (see store.py)."""

import time

from django.utils.cache import patch_cache_control

from . import purge, reads, store

STORED_STATUSES = {200, 301, 404}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not store.enabled():
            return self.get_response(request)
        started = time.time_ns()
        environ = request.META
        # What the render reads of the query string beyond the key's parameters (reads.py).
        recorded = reads.track(request)
        token = store.begin_render()
        try:
            response = self.get_response(request)
        finally:
            declared = store.end_render(token)
        query_string = environ.get("QUERY_STRING", "")
        conditions = reads.storable(recorded.conditions(), query_string)
        anonymous = not getattr(getattr(request, "user", None), "is_authenticated", False)
        # A Content-Security-Policy nonce is good for one response only (infofinance.webheaders).
        nonce = "'nonce-" in response.get("Content-Security-Policy", "")
        cacheable = (
            anonymous
            and request.method in ("GET", "HEAD")
            and response.status_code in STORED_STATUSES
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and not getattr(request, "is_preview", False)
            and not nonce
            and conditions is not None
            and store.cacheable_request(
                request.method,
                request.path,
                environ.get("HTTP_COOKIE", ""),
                environ.get("HTTP_AUTHORIZATION", ""),
            )
        )
        if not cacheable:
            if not anonymous or nonce or request.path.startswith("/admin/"):
                patch_cache_control(response, private=True)
            return response
        patch_cache_control(response, public=True, max_age=60)
        # Redirects, errors and pages that declare nothing depend on every change.
        tags = declared if declared and response.status_code == 200 else {*declared, store.ANY}
        key = store.cache_key(
            request.get_host(),
            request.path,
            query_string,
            environ.get("HTTP_ACCEPT_ENCODING", ""),
        )
        headers = [(k, v) for k, v in response.items() if k.lower() != "x-cache"]
        if request.method == "GET" and store.save(
            key,
            response.status_code,
            headers,
            response.content,
            tags=tags,
            started=started,
            conditions=conditions,
        ):
            # A front cache (nginx) may keep it too, for as long as nothing it shows changes.
            for name, value in purge.proxy_headers(environ, tags, response.status_code, conditions):
                response[name] = value
        response["X-Cache"] = "MISS"
        return response
