"""The readers' side of counting (docs/design/banners.md §4), both without a language prefix,
a cookie or a session:

- `/qc/<token>/`: a click. The token names a banner (tokens.py); the reader is sent to the
  link stored on that banner while it runs, to the home page otherwise (ended, stopped,
  unknown: never to a link a token could carry). Counted once per reader, banner and day,
  unless the request is a robot's or a prefetch.
- `/qc/live-<language>.json?v=<version>`: the banners the pages' boxes name, as the browser
  shows them (the pages carry only their boxes; docs/design/banners.md §3). Cached like a
  page, with the tags of every placement of the language (a browser keeps it a minute, as
  it keeps a page); the version in the URL changes with its content, so a page purged for a
  change never reads the JSON its browser kept from before.
- `POST /qc/xem/`: the browser's viewable impressions (at least half the banner in view for a
  second), a batch of view tokens; 204. A flood from one address is cut off (429)."""

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from infofinance.audit import counters
from infofinance.audit.clientip import client_network
from infofinance.fastpath import sitecache
from infofinance.pagecache.store import depends_on

from . import cache, counting, selectors, tokens
from .models import Banner
from .placements import PLACEMENTS
from .selectors import VISIBLE

MAX_TOKENS = 20
MAX_BODY = 4096
HOUR = 3600


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# This process's copy of the clicked banners: {pk: (generation, (link, starts, ends) or None
# when it is stopped, ended or unknown)}, each entry good while the site-wide values'
# generation is the one it was read at. Every change of a banner moves it
# (selectors.forget_live: saved, deleted, stopped, the worker's schedule), so a click pays one
# short cache read instead of a query (docs/performance.md, "Banners"). Only signed tokens
# reach it: one entry per banner at most.
_clicked: dict[int, tuple[str, tuple | None]] = {}
MAX_CLICKED = 1000


def _running_link(pk: int) -> str | None:
    """The link of banner `pk` if it runs now, else None."""
    generation = shared_cache.get(sitecache.GENERATION_KEY)  # before the row: see sitecache
    entry = _clicked.get(pk)
    if generation is not None and entry is not None and entry[0] == generation:
        found = entry[1]
    else:
        rows = Banner.objects.filter(pk=pk, status__in=VISIBLE).order_by()
        found = next(iter(rows.values_list("link", "starts_at", "ends_at")[:1]), None)
        if generation is not None:
            if len(_clicked) >= MAX_CLICKED:
                _clicked.clear()
            _clicked[pk] = (generation, found)
    if found is None:
        return None
    link, starts, ends = found
    now = timezone.now()
    return link if starts <= now < ends else None


@require_http_methods(["GET", "HEAD"])
def click(request, token: str):
    pk = tokens.read(token, tokens.CLICK)
    row = _running_link(pk) if pk is not None else None
    if row is None:
        return _no_store(HttpResponseRedirect("/"))
    if request.method == "GET" and not counting.is_bot(request):
        counting.count(request, counting.CLICK, [pk])
    response = HttpResponseRedirect(row)
    response["Referrer-Policy"] = "origin"
    return _no_store(response)


def _too_many(request) -> bool:
    limit = settings.BANNERS_VIEW_POSTS_PER_ADDRESS_PER_HOUR
    if limit <= 0:
        return False
    window = int(timezone.now().timestamp()) // HOUR
    key = f"banners:limits:views:{client_network(request) or 'unknown'}:{window}"
    return counters.add(key, timeout=2 * HOUR) > limit


@csrf_exempt  # no cookie is read or set: there is no session to forge a request for
@require_http_methods(["POST"])
def views(request):
    site = request.headers.get("sec-fetch-site", "")
    if site and site not in ("same-origin", "none"):
        return _no_store(JsonResponse({"error": "cross-site"}, status=403))
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return _no_store(JsonResponse({"error": "too large"}, status=413))
    if _too_many(request):
        response = JsonResponse({"error": "too many"}, status=429)
        response["Retry-After"] = str(HOUR)
        return _no_store(response)
    ids = [tokens.read(value, tokens.VIEW) for value in request.POST.getlist("v")[:MAX_TOKENS]]
    ids = [pk for pk in ids if pk is not None]
    if ids and not counting.is_bot(request):
        now = timezone.now()
        running = set(
            Banner.objects.filter(
                pk__in=ids, status__in=VISIBLE, starts_at__lte=now, ends_at__gt=now
            ).values_list("pk", flat=True)
        )
        counting.count(request, counting.IMPRESSION, [pk for pk in ids if pk in running])
    return _no_store(HttpResponse(status=204))


@require_http_methods(["GET", "HEAD"])
def live(request, language: str):
    if language not in dict(settings.LANGUAGES):
        raise Http404
    for code in PLACEMENTS:
        depends_on(cache.placement(code, language))
    response = JsonResponse(selectors.live_json(language))
    response["X-Robots-Tag"] = "noindex"
    return response
