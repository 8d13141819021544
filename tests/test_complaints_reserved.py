"""The public complaints' reserved slugs come from the route registry: every sub-path of
/khieu-nai/ ⇄ /en/complaints/ is reserved there, and a public slug never takes one."""

import pytest
from django.urls import URLPattern, get_resolver
from django.utils import translation

from infofinance.complaints import services
from infofinance.complaints.models import RESERVED_SLUGS
from infofinance.wiring import routes
from tests import complaints_support as support
from tests.complaints_support import make_complaint

private_root, reader = support.private_root, support.reader


def test_the_constant_is_the_registrys():
    assert routes.reserved("complaints") == RESERVED_SLUGS
    assert "complaints" in routes.scopes()


def _sub_paths(language: str, prefix: str) -> set[str]:
    """The literal path segments right below `prefix` among the site's URL patterns."""
    found = set()
    with translation.override(language):

        def walk(patterns, base=""):
            for entry in patterns:
                route = base + str(entry.pattern)
                if isinstance(entry, URLPattern):
                    route = route.removeprefix(f"{language}/")
                    if route.startswith(prefix) and route != prefix:
                        segment = route.removeprefix(prefix).split("/", 1)[0]
                        if "<" not in segment:
                            found.add(segment)
                else:
                    walk(entry.url_patterns, route)

        walk(get_resolver().url_patterns)
    return found


@pytest.mark.parametrize(("language", "prefix"), [("vi", "khieu-nai/"), ("en", "complaints/")])
def test_every_sub_path_of_the_complaints_is_reserved(language, prefix):
    sub_paths = _sub_paths(language, prefix)
    assert sub_paths  # the walk found the submit, category and feed paths
    assert sub_paths <= routes.reserved("complaints")


@pytest.mark.django_db
@pytest.mark.parametrize("word", sorted(RESERVED_SLUGS))
def test_a_public_slug_never_takes_a_reserved_word(reader, word):
    complaint = make_complaint(reader)
    slug = services.unique_public_slug(complaint, word)
    assert slug not in routes.reserved("complaints")
    assert slug.startswith(word)
