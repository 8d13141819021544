"""Wagtail's apps load without its v3 API (infofinance/fastpath/wagtail_apps.py): nothing else of
what their `ready()` does is lost, and the API's packages stay out of the web processes."""

import subprocess
import sys

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models.reference_index import ReferenceIndex
from wagtail.signals import page_slug_changed, post_page_move

from tests.factories import make_article
from tests.fastpath_support import requires_fast_path


def receiver_names(signal, sender=None):
    return {getattr(r, "__name__", "") for r in signal._live_receivers(sender)[0]}


def test_the_apps_keep_their_labels_and_names():
    for label, name in [
        ("wagtailimages", "wagtail.images"),
        ("wagtaildocs", "wagtail.documents"),
        ("wagtailsnippets", "wagtail.snippets"),
        ("wagtaillocales", "wagtail.locales"),
        ("wagtailredirects", "wagtail.contrib.redirects"),
    ]:
        assert apps.get_app_config(label).name == name
        assert apps.is_installed(name)


def test_everything_else_their_ready_does_still_happens():
    assert ReferenceIndex.is_indexed(get_image_model())
    assert ReferenceIndex.is_indexed(get_document_model())
    assert "autocreate_redirects_on_page_move" in receiver_names(post_page_move)
    assert "autocreate_redirects_on_slug_change" in receiver_names(page_slug_changed)
    snippets = apps.get_app_config("wagtailsnippets")
    assert "create_extra_permissions" in receiver_names(post_migrate, snippets)


@pytest.mark.django_db
def test_the_admin_pages_of_those_apps_answer(client, staff_login, django_user_model, structure):
    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    staff_login(client, user)
    for url in [
        "/admin/images/",
        "/admin/documents/",
        "/admin/redirects/",
        "/admin/locales/",
    ]:
        assert client.get(url).status_code == 200, url
    # The images app's form override still gives an article's hero image its chooser.
    article = make_article(structure)
    edit = client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit.status_code == 200 and "image-chooser" in edit.text


@requires_fast_path
def test_the_v3_api_is_not_loaded_into_web_processes():
    code = (
        "import django; django.setup()\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "import sys\n"
        "loaded = [m for m in ('ninja', 'wagtail.api.v3.api') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
