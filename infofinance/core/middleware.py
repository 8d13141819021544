"""Request/response plumbing shared by every page."""

from django.utils.cache import patch_vary_headers


class PathDecidesLanguageMiddleware:
    """The language comes from the path alone (Vietnamese at the root, English under /en/), so the
    `Vary: Accept-Language` that LocaleMiddleware adds to unprefixed pages would only split shared
    caches by browser language. Remove it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        vary = response.get("Vary")
        if vary:
            kept = [v.strip() for v in vary.split(",") if v.strip().lower() != "accept-language"]
            del response["Vary"]
            if kept:
                patch_vary_headers(response, kept)
        return response
