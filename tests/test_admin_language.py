"""Staff work in Vietnamese: the admin pages of our models (listings, edit and create forms,
the complaint desk, the logs) show no English label, choice, heading or message of ours to a
Vietnamese staff member, and no raw True/False. Wagtail's own strings may stay English (its
Vietnamese is partial); a message of Wagtail's that names one of our models is translated
whole, never English around a Vietnamese word."""

import gettext
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.test_language_purity import texts_of

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "news", "home", "pages", "complaints", "reviews", "accounts", "audit", "ops", "search",
    "core", "markets", "banners",
}  # fmt: skip
# Words that are the same in both languages.
# Words that are the same in both languages, and the languages' own names (the locale column).
SAME_IN_BOTH = {
    "id", "url", "ip", "e-mail", "email", "uuid", "english", "tiếng việt", "csv", "json",
    "icalendar",
}  # fmt: skip
RAW_VALUES = {"True", "False", "None"}
ENGLISH_GLUE = re.compile(r"\b(the|could not|has been|was|created|updated|deleted|saved)\b")


def _inherited(model) -> set[str]:
    """Fields a model takes from Wagtail's or Django's own bases (labelled there)."""
    names = set()
    for base in model.__mro__[1:]:
        meta = getattr(base, "_meta", None)
        if meta is not None and not base.__module__.startswith("infofinance."):
            names |= {f.name for f in [*meta.local_fields, *meta.local_many_to_many]}
            names |= {f.name for f in meta.private_fields}
    return names


def _labels(model) -> list:
    found = [model._meta.verbose_name, model._meta.verbose_name_plural]
    inherited = _inherited(model)
    for field in model._meta.get_fields():
        if field.auto_created or getattr(field, "model", None) is not model:
            continue
        if field.name in inherited:
            continue
        found.append(getattr(field, "verbose_name", ""))
        found.append(getattr(field, "help_text", ""))
        found += [label for _, label in getattr(field, "flatchoices", None) or []]
    return found


def our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


@pytest.fixture(scope="module")
def english_words():
    """Our labels and msgids in English, as Vietnamese staff must never see them."""
    with translation.override("en"):
        words = {str(label) for model in our_models() for label in _labels(model) if label}
    words |= _plain_msgids()
    return {w.casefold().strip() for w in words if w.casefold().strip() not in SAME_IN_BOTH}


def _plain_msgids() -> set[str]:
    """Our catalogue's msgids without a context whose Vietnamese differs: one with a context
    is ours in one sense only, and Wagtail may show the same English in another."""
    path = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    return {
        key
        for key, value in catalogue.items()
        if isinstance(key, str) and key and "\x04" not in key and key != value
    }


def test_our_labels_are_translated():
    untranslated = []
    for model in our_models():
        with translation.override("en"):
            english = [str(label) for label in _labels(model)]
        with translation.override("vi"):
            vietnamese = [str(label) for label in _labels(model)]
        untranslated += [
            f"{model._meta.label}: {e!r}"
            for e, v in zip(english, vietnamese, strict=True)
            if e and e == v and e.casefold() not in SAME_IN_BOTH
        ]
    assert untranslated == [], "\n".join(untranslated)


def admin_defects(html: str, english_words: set[str]) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("script, template, [hidden]"):
        hidden.decompose()
    found = []
    for where, text, _lang in texts_of(str(soup), "vi"):
        if text in RAW_VALUES:
            found.append(f"{where} {text!r}: a raw value")
    # Labels, headings and messages; not the values of the table cells and the inspected
    # fields, which are content (an English section's name, the consent wording a reader saw).
    for value in soup.select("td, dd"):
        value.decompose()
    for where, text, _lang in texts_of(str(soup), "vi"):
        bare = text.strip(" :*").casefold()
        if bare in english_words:
            found.append(f"{where} {text!r}: English label of ours")
        elif not text.isascii() and ENGLISH_GLUE.search(text):
            found.append(f"{where} {text!r}: English around Vietnamese")
    return found


@pytest.fixture
def staff_client(structure, staff_login, demo_db):
    from wagtail.users.models import UserProfile

    from tests.complaints_support import make_user

    user = make_user("bien.tap@infofinance.example", staff=True, is_superuser=True)
    user.preferred_language = "vi"
    user.save()
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language="vi"
    )
    client = Client()
    staff_login(client, user)
    return client


def _admin_urls(structure) -> dict[str, str]:
    from infofinance.audit.models import AccountEvent
    from infofinance.complaints.models import Complaint, Team
    from infofinance.news.models import ArticlePage, Section, Tag
    from infofinance.reviews.models import Review
    from tests.factories import make_article

    event = AccountEvent.objects.create(kind=AccountEvent.Kind.RATE_LIMITED, identifier="x@y.z")
    article = make_article(structure) if not ArticlePage.objects.exists() else None
    article = article or ArticlePage.objects.first()
    section = Section.objects.first()
    tag = Tag.objects.first() or Tag.objects.create(locale=section.locale, name="Vàng")
    review = Review.objects.first()
    complaint = Complaint.objects.exclude(status="draft").first()
    team = Team.objects.first()
    return {
        "reviews": reverse("broker_reviews:index"),
        "review edit": reverse("broker_reviews:edit", args=[review.pk]),
        "review inspect": reverse("broker_reviews:inspect", args=[review.pk]),
        "complaint desk": reverse("complaints_admin_queue"),
        "complaint case": reverse("complaints_admin_case", args=[complaint.uuid]),
        "refused attempts": reverse("complaints_admin_log"),
        "teams": reverse("complaint_teams:index"),
        "team add": reverse("complaint_teams:add"),
        "team edit": reverse("complaint_teams:edit", args=[team.pk]),
        "account events": reverse("account_events:index"),
        "account event": reverse("account_events:inspect", args=[event.pk]),
        "sections": reverse("wagtailsnippets_news_section:list"),
        "section add": reverse("wagtailsnippets_news_section:add"),
        "section edit": reverse("wagtailsnippets_news_section:edit", args=[section.pk]),
        "tags": reverse("wagtailsnippets_news_tag:list"),
        "tag add": reverse("wagtailsnippets_news_tag:add"),
        "tag edit": reverse("wagtailsnippets_news_tag:edit", args=[tag.pk]),
        "background tasks": reverse("ops_tasks_health"),
        "article edit": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "home edit": reverse("wagtailadmin_pages:edit", args=[structure.homes["vi"].pk]),
        "article add": reverse(
            "wagtailadmin_pages:add", args=["news", "articlepage", article.get_parent().pk]
        ),
    }


def test_admin_pages_speak_vietnamese(staff_client, structure, english_words):
    found = []
    for name, url in _admin_urls(structure).items():
        response = staff_client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        found += [f"{name} {url}: {d}" for d in admin_defects(response.text, english_words)]
    assert found == [], "\n".join(found)


def test_a_failed_save_says_so_in_vietnamese(staff_client, structure, english_words):
    from infofinance.reviews.models import Review

    review = Review.objects.first()
    url = reverse("broker_reviews:edit", args=[review.pk])
    response = staff_client.post(url, {"hidden": "on", "hidden_reason_code": "no-such-reason"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    messages = [" ".join(m.get_text(" ").split()) for m in soup.select(".messages li")]
    assert messages, "the form error message is shown"
    assert [m for m in messages if ENGLISH_GLUE.search(m)] == []
