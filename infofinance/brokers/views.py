"""Public pages of the Brokers Hub: thin views over selectors."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from infofinance.core.pagination import CappedPaginator
from infofinance.core.structured_data import breadcrumb_list
from infofinance.core.urls import reverse_in
from infofinance.text.language import current_language
from infofinance.text.search_text import clean_query
from infofinance.wiring import slots

from . import badges, scoring, selectors
from .structured_data import broker_organization
from .warnings import EXPLANATIONS, LABELS

PAGE_SIZE = 24
MAX_COMPARED = selectors.MAX_COMPARED
# What the directory's own links carry over from its address: its filters, sort and view
# (never tracking or unknown parameters, which would end up in cached pages' links).
DIRECTORY_PARAMS = (*selectors.FILTERS, "sort", "view")
# The comparison's query parameter in each language (`/so-sanh-san/?san=` ⇄ `?brokers=`).
COMPARE_PARAMS = {"vi": "san", "en": "brokers"}


def alternates(name: str, **kwargs) -> dict[str, str]:
    return {language: reverse_in(language, name, **kwargs) for language in ("vi", "en")}


def _home_crumbs():
    language = current_language()
    home = ("Info Finance", "/en/" if language == "en" else "/")
    return [home]


@require_safe
def directory(request):
    filters = selectors.DirectoryFilters.from_query(request.GET)
    page_obj = CappedPaginator(selectors.directory(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    for key in list(query):
        if key not in DIRECTORY_PARAMS:
            del query[key]
    context = {
        "filters": filters,
        "page_obj": page_obj,
        "options": selectors.filter_options(),
        "pagination_query": query,
        "alternates": alternates("brokers:directory"),
        # Filtered, sorted or shown as a list (any query but the page number): a variant of the
        # directory, noindex with the plain directory as canonical and no hreflang (docs/seo.md).
        "noindex": bool(filters.active) or any(key != "page" for key in request.GET),
        "warning_labels": LABELS,
    }
    template = (
        "brokers/directory_results.html" if request.GET.get("partial") else "brokers/directory.html"
    )
    return render(request, template, context)


@require_safe
def suggest(request):
    brokers = selectors.suggestions(request.GET.get("q", "")[:100])
    return JsonResponse(
        {
            "results": [
                {
                    "name": b.name,
                    "url": reverse("brokers:detail", kwargs={"slug": b.slug}),
                    "score": str(b.total_score),
                }
                for b in brokers
            ]
        }
    )


@require_safe
def broker_detail(request, slug):
    broker = selectors.broker_detail(slug)
    if broker is None:
        raise Http404
    from infofinance.core.locales import locale_for

    language = current_language()
    locale = locale_for(language)
    directory_url = reverse("brokers:directory")
    breadcrumbs = [*_home_crumbs(), (translation.gettext("Brokers Hub"), directory_url)]
    rating = slots.value("broker.rating", broker)  # readers' reviews, when installed
    context = {
        "rating_summary": rating,
        "broker": broker,
        "breakdown": selectors.score_breakdown(broker),
        "warnings": selectors.warning_details(broker),
        "score_notes": {key: broker.score_note(key) for key in scoring.WEIGHTS},
        "articles": selectors.articles_mentioning(broker, locale_id=locale.pk) if locale else [],
        "breadcrumbs": breadcrumbs,
        "alternates": alternates("brokers:detail", slug=slug),
        "structured_data": [
            broker_organization(broker, request.path, rating),
            breadcrumb_list(breadcrumbs, (broker.name, request.path)),
        ],
    }
    return render(request, "brokers/broker_detail.html", context)


@require_safe
def leave(request, slug):
    """Before a reader leaves for a broker's own site: what we know against it (every warning,
    with its regulator, date and text), then the link."""
    broker = selectors.broker_detail(slug)
    if broker is None or not broker.website:
        raise Http404
    breadcrumbs = [
        *_home_crumbs(),
        (translation.gettext("Brokers Hub"), reverse("brokers:directory")),
        (broker.name, reverse("brokers:detail", kwargs={"slug": slug})),
    ]
    context = {
        "broker": broker,
        "warnings": selectors.warning_details(broker),
        "breadcrumbs": breadcrumbs,
        "alternates": alternates("brokers:leave", slug=slug),
        "noindex": True,
    }
    return render(request, "brokers/leave.html", context)


@require_safe
def methodology(request):
    context = {
        "recommended_min_score": badges.RECOMMENDED_MIN_SCORE,
        "favourite_min_reviews": badges.FAVOURITE_MIN_REVIEWS,
        "favourite_min_average": badges.FAVOURITE_MIN_AVERAGE,
        "weights": scoring.WEIGHTS,
        "tier_points": scoring.TIER_POINTS,
        "extra_points": scoring.EXTRA_LICENCE_POINTS,
        "flagged_cap": scoring.FLAGGED_CAP,
        "expiring_days": scoring.EXPIRING_SOON_DAYS,
        "warning_labels": LABELS,
        "warning_explanations": EXPLANATIONS,
        "alternates": alternates("brokers:methodology"),
    }
    return render(request, "brokers/methodology.html", context)


@require_safe
def regulator_index(request):
    return render(
        request,
        "brokers/regulator_index.html",
        {
            "regulators": selectors.regulators_by_name(),
            "alternates": alternates("brokers:regulators"),
        },
    )


@require_safe
def regulator_detail(request, slug):
    regulator = selectors.regulator_detail(slug)
    if regulator is None:
        raise Http404
    breadcrumbs = [
        *_home_crumbs(),
        (translation.gettext("Regulators"), reverse("brokers:regulators")),
    ]
    return render(
        request,
        "brokers/regulator_detail.html",
        {
            "regulator": regulator,
            "groups": selectors.regulator_brokers(regulator),
            "breadcrumbs": breadcrumbs,
            "alternates": alternates("brokers:regulator", slug=slug),
            "warning_labels": LABELS,
            "structured_data": [
                breadcrumb_list(breadcrumbs, (regulator.abbreviation, request.path))
            ],
        },
    )


@require_safe
def compare(request):
    language = current_language()
    param = COMPARE_PARAMS.get(language, COMPARE_PARAMS["vi"])
    raw = request.GET.get(param) or next(
        (request.GET[p] for p in COMPARE_PARAMS.values() if request.GET.get(p)), ""
    )
    asked = selectors.comparison_request(raw.split(","))
    brokers = asked.brokers
    added = clean_query(request.GET.get("add", ""), 100)
    full = False
    if added:
        # "Add a broker" by name, abbreviation or alias: the comparison's own address follows.
        # A fifth broker is refused with a word, never silently swapped for one of the four.
        found = selectors.suggestions(added, limit=1)
        slugs = [b.slug for b in brokers]
        full = bool(found) and found[0].slug not in slugs and len(slugs) >= MAX_COMPARED
        if found and not full:
            if found[0].slug not in slugs:
                slugs.append(found[0].slug)
            return redirect(f"{request.path}?{urlencode({param: ','.join(slugs)})}")
    rows = [(b, selectors.score_breakdown(b)) for b in brokers]
    urls = alternates("brokers:compare")
    slugs = ",".join(b.slug for b in brokers)
    if slugs:
        urls = {lang: f"{url}?{COMPARE_PARAMS[lang]}={slugs}" for lang, url in urls.items()}
    return render(
        request,
        "brokers/compare.html",
        {
            "brokers": brokers,
            "rows": rows,
            "param": param,
            "slugs": slugs,
            "alternates": urls,
            "warning_labels": LABELS,
            "score_keys": list(scoring.WEIGHTS),
            "added": added,
            "add_refused": full,
            "not_found": added and not full,
            "unknown": asked.unknown,
            "dropped": asked.dropped,
            "max_compared": MAX_COMPARED,
            "can_add": len(brokers) < MAX_COMPARED,
            "noindex": True,
        },
    )
