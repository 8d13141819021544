"""Trading platforms are named in the reader's language: generic names are translated ("Ứng dụng
di động" / "Mobile app"), product names are the same in both, and a name written in one language
only is shown with `lang` of that language, on the broker page, the comparison and the
directory's filter."""

import importlib
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from infofinance.brokers.models import Broker, Platform
from infofinance.demo.brokers import DATA, load_brokers

pytestmark = pytest.mark.django_db

PAGES = {"vi": "/tra-cuu-san/{slug}/", "en": "/en/broker/{slug}/"}
COMPARE = {"vi": "/so-sanh-san/?san={slugs}", "en": "/en/compare-brokers/?brokers={slugs}"}


@pytest.fixture
def broker(structure):
    """A broker on MetaTrader 5, a mobile app (both languages) and a web platform whose name
    exists in English only, and a desktop one in Vietnamese only."""
    broker = Broker.objects.create(name="Solid Markets", country="GB")
    broker.platforms.set(
        [
            Platform.objects.create(slug="mt5", name_vi="MetaTrader 5", name_en="MetaTrader 5"),
            Platform.objects.create(slug="app", name_vi="Ứng dụng di động", name_en="Mobile app"),
            Platform.objects.create(slug="web", name_en="Web platform"),
            Platform.objects.create(slug="desk", name_vi="Ứng dụng máy tính"),
        ]
    )
    return broker


def platforms_of(html: str) -> str:
    """The broker page's "Platforms" entry, as markup."""
    match = re.search(r"<dt>(?:Nền tảng|Platforms)</dt><dd>(.*?)</dd>", html)
    assert match, "no platforms entry"
    return match.group(1)


def test_the_vietnamese_page_names_platforms_in_vietnamese(client, broker):
    entry = platforms_of(client.get(PAGES["vi"].format(slug=broker.slug)).text)
    assert "Ứng dụng di động" in entry and "MetaTrader 5" in entry
    assert "Mobile app" not in entry
    # Only in English: shown, marked as English; in Vietnamese, unmarked.
    assert '<span lang="en">Web platform</span>' in entry
    assert '<span lang="vi">' not in entry and "Ứng dụng máy tính" in entry
    assert '<span lang="en">MetaTrader 5</span>' not in entry


def test_the_english_page_names_platforms_in_english(client, broker):
    entry = platforms_of(client.get(PAGES["en"].format(slug=broker.slug)).text)
    assert "Mobile app" in entry and "MetaTrader 5" in entry and "Web platform" in entry
    assert "Ứng dụng di động" not in entry
    assert '<span lang="vi">Ứng dụng máy tính</span>' in entry
    assert '<span lang="en">' not in entry


def test_platforms_are_sorted_in_the_page_language(client, broker):
    vi = unescape(
        re.sub(r"<[^>]+>", "", platforms_of(client.get(f"/tra-cuu-san/{broker.slug}/").text))
    )
    assert vi == "MetaTrader 5, Ứng dụng di động, Ứng dụng máy tính, Web platform"
    en = unescape(
        re.sub(r"<[^>]+>", "", platforms_of(client.get(f"/en/broker/{broker.slug}/").text))
    )
    assert en == "MetaTrader 5, Mobile app, Ứng dụng máy tính, Web platform"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_comparison_names_platforms_in_the_page_language(client, broker, language):
    other = Broker.objects.create(name="Other Markets")
    html = client.get(COMPARE[language].format(slugs=f"{broker.slug},{other.slug}")).text
    row = re.search(r'<th scope="row">(?:Nền tảng|Platforms)</th>(.*?)</tr>', html).group(1)
    if language == "vi":
        assert "Ứng dụng di động" in row and "Mobile app" not in row
        assert '<span lang="en">Web platform</span>' in row
    else:
        assert "Mobile app" in row and "Ứng dụng di động" not in row
        assert '<span lang="vi">Ứng dụng máy tính</span>' in row
    assert "<td>—</td>" in row  # the broker without platforms


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_directory_filter_names_platforms_in_the_page_language(client, broker, language):
    html = client.get({"vi": "/tra-cuu-san/", "en": "/en/broker/"}[language]).text
    select = re.search(r'<select name="platform">(.*?)</select>', html).group(1)
    options = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select))
    if language == "vi":
        assert options["app"] == "Ứng dụng di động"
        assert '<option value="web" lang="en">Web platform</option>' in select
    else:
        assert options["app"] == "Mobile app"
        assert '<option value="desk" lang="vi">Ứng dụng máy tính</option>' in select
    assert options["mt5"] == "MetaTrader 5"


def test_a_platform_needs_a_name_in_one_language():
    with pytest.raises(ValidationError):
        Platform(slug="x").full_clean()
    Platform(slug="x", name_en="Web platform").full_clean()
    with translation.override("vi"):
        assert Platform(slug="x", name_en="Web platform").localized_name == {
            "text": "Web platform",
            "lang": "en",
        }
        assert str(Platform(slug="x", name_vi="Nền tảng web", name_en="Web platform")) == (
            "Nền tảng web"
        )


def test_demo_platforms_are_named_in_both_languages(structure):
    load_brokers()
    for row in DATA["platforms"]:
        platform = Platform.objects.get(slug=row["slug"])
        assert platform.name_vi and platform.name_en
    app = Platform.objects.get(slug="app")
    assert (app.name_vi, app.name_en) == ("Ứng dụng di động", "Mobile app")
    assert Platform.objects.get(slug="web").name_vi == "Nền tảng web"


def test_the_demo_broker_page_shows_no_mobile_app_in_vietnamese(client, structure):
    load_brokers()
    broker = Broker.objects.filter(platforms__slug="app", hidden=False).first()
    vi = client.get(f"/tra-cuu-san/{broker.slug}/").text
    assert "Mobile app" not in vi and "Ứng dụng di động" in platforms_of(vi)
    en = client.get(f"/en/broker/{broker.slug}/").text
    assert "Mobile app" in platforms_of(en) and "Ứng dụng di động" not in en


def test_the_migration_splits_the_old_name():
    """The data migration keeps product names in both languages and writes the Vietnamese name
    of generic English ones."""
    migration = importlib.import_module(
        "infofinance.brokers.migrations.0003_platform_names_per_language"
    )

    class Rows:
        def __init__(self, names):
            self.rows = [Platform(slug=str(n), name_vi=name) for n, name in enumerate(names)]
            for row in self.rows:
                row.save = lambda **kwargs: None

        def get_model(self, app, model):
            rows = self.rows

            class Model:
                class objects:
                    @staticmethod
                    def all():
                        return rows

            return Model

    apps = Rows(["MetaTrader 5", "Mobile app", " Web  Platform ", "cTrader"])
    migration.split_names(apps, None)
    assert [(p.name_vi, p.name_en) for p in apps.rows] == [
        ("MetaTrader 5", "MetaTrader 5"),
        ("Ứng dụng di động", "Mobile app"),
        ("Nền tảng web", "Web  Platform"),
        ("cTrader", "cTrader"),
    ]
    migration.join_names(apps, None)
    assert [p.name_vi for p in apps.rows] == [
        "MetaTrader 5",
        "Mobile app",
        "Web  Platform",
        "cTrader",
    ]


@pytest.fixture
def vietnamese_staff(structure, staff_login):
    from django.test import Client
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


def test_staff_name_a_platform_in_both_languages_in_the_admin(vietnamese_staff):
    from django.urls import reverse

    add = reverse("wagtailsnippets_brokers_platform:add")
    html = vietnamese_staff.get(add).text
    assert "Tên (tiếng Việt)" in html and "Tên (tiếng Anh)" in html
    assert "được gõ nguyên văn ở cả hai ngôn ngữ" in html
    empty = vietnamese_staff.post(add, {"slug": "app", "name_vi": "", "name_en": ""})
    assert "Hãy đặt tên cho nền tảng bằng ít nhất một ngôn ngữ." in empty.text
    assert not Platform.objects.exists()
    vietnamese_staff.post(
        add, {"slug": "app", "name_vi": "Ứng dụng di động", "name_en": "Mobile app"}
    )
    assert Platform.objects.filter(name_vi="Ứng dụng di động", name_en="Mobile app").exists()
    listing = vietnamese_staff.get(reverse("wagtailsnippets_brokers_platform:list")).text
    assert "Ứng dụng di động" in listing and "Mobile app" in listing
    found = vietnamese_staff.get(reverse("wagtailsnippets_brokers_platform:list"), {"q": "mobile"})
    assert found.status_code == 200 and "Ứng dụng di động" in found.text
