"""The WSGI wrapper that answers anonymous GET and HEAD requests from the page cache without
running Django's request cycle; everything else goes to Django."""

import logging
from http import HTTPStatus

from . import purge, reads, store

log = logging.getLogger(__name__)


class PageCacheApp:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if store.enabled() and store.cacheable_request(
            environ.get("REQUEST_METHOD", ""),
            environ.get("PATH_INFO", ""),
            environ.get("HTTP_COOKIE", ""),
            environ.get("HTTP_AUTHORIZATION", ""),
        ):
            key = store.cache_key(
                environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
                environ.get("HTTP_ACCEPT_ENCODING", ""),
            )
            try:
                entry = store.load(key)
            except Exception:  # a cache outage must never take the site down
                log.warning("page cache: could not read %s", key, exc_info=True)
                entry = None
            # An entry that read more than its key answers only the requests it was right for.
            if entry is not None and reads.answers(
                entry.get("conditions"), environ.get("QUERY_STRING", "")
            ):
                return self.serve(entry, environ, start_response)
        return self.application(environ, start_response)

    @staticmethod
    def serve(entry, environ, start_response):
        headers = [(k, v) for k, v in entry["headers"]]
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            kept = [(k, v) for k, v in headers if k.lower() in {"etag", "cache-control", "vary"}]
            start_response("304 Not Modified", [*kept, ("X-Cache", "HIT")])
            return [b""]
        status = entry["status"]
        headers += purge.proxy_headers(environ, entry["versions"], status, entry.get("conditions"))
        start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, ("X-Cache", "HIT")])
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [entry["body"]]
