"""Brokers Hub: the scoring method, every automatic warning, the pages and their query budgets."""

import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from infofinance.brokers import scoring
from infofinance.brokers.domains import (
    licence_number_key,
    normalize_domain,
    normalize_domains,
    normalize_licence_number,
)
from infofinance.brokers.models import ArticleBroker, Broker, Licence, Regulator
from infofinance.brokers.selectors import brokers_named_in
from infofinance.brokers.services import refresh_broker, refresh_stale_brokers, save_broker
from infofinance.demo.brokers import load_brokers
from infofinance.wiring.periodic import registered_jobs, run_periodic_jobs
from tests.factories import make_article

pytestmark = pytest.mark.django_db
D = Decimal


def facts(tier=1, current=True, days=None, flagged=False):
    return scoring.LicenceFacts(tier=tier, current=current, days_to_expiry=days, flagged=flagged)


def test_licence_score_method():
    assert scoring.licence_score([]) == D("0")
    assert scoring.licence_score([facts(1)]) == D("10")
    assert scoring.licence_score([facts(2)]) == D("8")
    assert scoring.licence_score([facts(2), facts(3)]) == D("8.5")
    assert scoring.licence_score([facts(4, current=False)]) == D("0")
    assert scoring.licence_score([facts(3, days=30)]) == D("2.75")
    assert scoring.licence_score([facts(1), facts(2, flagged=True)]) == D("2")
    assert scoring.licence_score([facts(1)], domain_approved=False) == D("2")
    assert scoring.licence_score([facts(1)] * 5) == D("10")


def test_total_is_the_weighted_sum_shown_in_the_breakdown():
    parts = {
        "licence": D("10"),
        "market": D("8"),
        "business": D("6"),
        "risk": D("7"),
        "software": D("9"),
    }
    assert sum(scoring.WEIGHTS.values()) == D("1")
    assert scoring.total_score(parts) == D("8.15")
    assert sum(p["contribution"] for p in scoring.breakdown(parts)) == D("8.15")


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("https://WWW.Example.com:443/path", "example.com"),
        ("example.com", "example.com"),
        ("  http://sub.Example.COM. ", "sub.example.com"),
        ("", ""),
        ("not a url", ""),
    ],
)
def test_normalize_domain(raw, domain):
    assert normalize_domain(raw) == domain


def test_normalize_licence_numbers_and_domains():
    assert normalize_licence_number("  frn  583 263 ") == "FRN 583 263"
    assert licence_number_key("FRN 583263") == licence_number_key("frn-583 263")
    assert normalize_domains("www.a.com, b.com\nA.com") == ["a.com", "b.com"]


@pytest.fixture
def regulator():
    return Regulator.objects.create(
        name="Financial Conduct Authority", abbreviation="FCA", country="GB", tier=1
    )


def make_broker(
    regulator,
    *,
    website="https://good.example",
    status="active",
    expiry_days=400,
    domains="good.example",
    flagged=False,
    name="Good Broker",
    licences=True,
):
    broker = Broker(
        name=name, website=website, market_score=8, business_score=8, risk_score=8, software_score=8
    )
    save_broker(broker)
    if licences:
        Licence.objects.create(
            broker=broker,
            regulator=regulator,
            number=f"N{Licence.objects.count() + 1}",
            status=status,
            approved_domains=domains,
            regulator_flagged=flagged,
            expiry_date=timezone.localdate() + timedelta(days=expiry_days) if expiry_days else None,
        )
    return Broker.objects.get(pk=broker.pk)


def test_a_sound_broker_has_no_warning(regulator):
    broker = make_broker(regulator)
    assert broker.warnings == []
    assert broker.licence_score == D("10") and broker.total_score == D("8.6")


def test_expired_licence_gives_expired_and_unlicensed(regulator):
    broker = make_broker(regulator, expiry_days=-1)
    assert broker.warnings == ["unlicensed", "licence_expired"]
    assert broker.licence_status == "expired"


def test_broker_without_licence_is_unlicensed(regulator):
    assert make_broker(regulator, licences=False).warnings == ["unlicensed"]


def test_website_outside_approved_domains_is_a_possible_clone(regulator):
    broker = make_broker(regulator, website="https://good-vn.example")
    assert broker.warnings == ["clone_domain"]
    assert broker.licence_score == scoring.FLAGGED_CAP
    # A subdomain of an approved domain is the broker's own.
    assert make_broker(regulator, website="https://trade.good.example", name="Sub").warnings == []


def test_flagged_licence_is_a_warning(regulator):
    assert make_broker(regulator, flagged=True).warnings == ["regulator_flagged"]
    assert make_broker(regulator, status="clone", name="Clone").warnings[:2] == [
        "unlicensed",
        "regulator_flagged",
    ]


@pytest.mark.parametrize("status", ["suspended", "revoked"])
def test_suspended_or_revoked_licence_is_not_current(regulator, status):
    broker = make_broker(regulator, status=status)
    assert "unlicensed" in broker.warnings and broker.licence_score == 0


def test_warnings_follow_expiry_without_any_edit(regulator):
    broker = make_broker(regulator, expiry_days=3)
    assert broker.warnings == []
    assert "brokers.refresh-expired-licences" in registered_jobs()
    later = timezone.localdate() + timedelta(days=5)
    assert refresh_stale_brokers(today=later) >= 1
    broker.refresh_from_db()
    assert broker.warnings == ["unlicensed", "licence_expired"]


def test_warnings_follow_licence_and_regulator_changes(regulator):
    broker = make_broker(regulator)
    licence = broker.licences.get()
    licence.regulator_flagged = True
    licence.save()
    broker.refresh_from_db()
    assert broker.warnings == ["regulator_flagged"]
    regulator.tier = 4
    regulator.save()
    broker.refresh_from_db()
    assert broker.licence_score == D("2")


def test_expiry_before_effective_is_a_form_error(regulator):
    from django.core.exceptions import ValidationError

    licence = Licence(
        regulator=regulator,
        number="x",
        effective_date=timezone.localdate(),
        expiry_date=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        licence.clean()
    assert "expiry_date" in error.value.message_dict


def test_scores_outside_zero_to_ten_are_refused(regulator):
    from django.core.exceptions import ValidationError

    broker = Broker(name="Too high", market_score=D("11"))
    with pytest.raises(ValidationError) as error:
        broker.full_clean()
    assert "market_score" in error.value.message_dict


# -- pages -------------------------------------------------------------------------------------


@pytest.fixture
def hub(structure):
    load_brokers()
    return structure


@pytest.mark.parametrize(
    "url",
    [
        "/tra-cuu-san/",
        "/en/broker/",
        "/tra-cuu-san/aurora-markets/",
        "/en/broker/aurora-markets/",
        "/co-quan-quan-ly/",
        "/en/regulators/",
        "/co-quan-quan-ly/fca/",
        "/en/regulators/fca/",
        "/so-sanh-san/?san=aurora-markets,blueharbor-fx",
        "/en/compare-brokers/?brokers=aurora-markets,blueharbor-fx,cobalt-trade,fxpromax24",
        "/tra-cuu-san/phuong-phap-cham-diem/",
        "/en/broker/methodology/",
    ],
)
def test_brokers_hub_pages_answer_in_both_languages(client, hub, url):
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{"en" if url.startswith("/en/") else "vi"}">' in response.text


def names(html):
    return re.findall(r'class="broker-card__name"><a href="[^"]+">([^<]+)</a>', html)


def test_search_by_name_alias_and_folded_diacritics(client, hub):
    assert names(client.get("/tra-cuu-san/", {"q": "dong a"}).text) == ["Sàn Đông Á Invest"]
    assert names(client.get("/tra-cuu-san/", {"q": "BlueHarbour"}).text) == ["BlueHarbor FX"]
    assert names(client.get("/tra-cuu-san/", {"q": "promax"}).text) == ["FXProMax24"]


def test_filters_narrow_the_list(client, hub):
    everything = names(client.get("/tra-cuu-san/", {"sort": "name"}).text)
    warned = names(client.get("/tra-cuu-san/", {"warnings": "yes", "sort": "name"}).text)
    fca = names(client.get("/tra-cuu-san/", {"regulator": "fca"}).text)
    assert 0 < len(warned) < len(everything)
    assert set(fca) == {
        "Aurora Markets",
        "Jadewave Capital",
        "Quartz Harbour",
        "Violet Ridge Capital",
    }
    assert names(client.get("/tra-cuu-san/", {"status": "revoked"}).text) == ["Opal Crest FX"]
    high = names(client.get("/tra-cuu-san/", {"score_min": "8.5"}).text)
    assert high == ["Aurora Markets", "BlueHarbor FX", "Delta Peak Capital", "Northstar Lantern"]
    assert "Umber Falls FX" not in everything  # hidden


@pytest.mark.parametrize(
    "query",
    [
        {"score_min": "abc"},
        {"score_max": "NaN"},
        {"score_min": "1e999"},
        {"page": "-1"},
        {"page": "999999999999"},
        {"sort": "'; DROP TABLE"},
        {"country": "ÐÐÐ"},
        {"q": "x" * 5000},
        {"regulator": "<script>"},
        {"view": "list"},
    ],
)
def test_odd_directory_input_never_fails(client, hub, query):
    response = client.get("/tra-cuu-san/", query)
    assert response.status_code == 200
    assert "<script>" not in response.text.split("<main")[1]


def test_suggestions_as_you_type(client, hub):
    data = client.get("/tra-cuu-san/goi-y/", {"q": "aur"}).json()
    assert data["results"][0]["name"] == "Aurora Markets"
    assert data["results"][0]["url"] == "/tra-cuu-san/aurora-markets/"
    assert client.get("/en/broker/suggest/", {"q": ""}).json() == {"results": []}
    assert client.get("/en/broker/suggest/", {"q": "\x00"}).json() == {"results": []}


def test_broker_page_shows_licences_score_warnings_and_safe_links(client, hub):
    html = client.get("/en/broker/jadewave-capital/").text
    assert "Possible clone: check the domain" in html
    # A warned broker's website is behind the warning page, a plain nofollow link there.
    assert "https://jadewave-vn.example" not in html
    assert 'href="/en/broker/jadewave-capital/leave/"' in html
    leave = client.get("/en/broker/jadewave-capital/leave/").text
    assert "Possible clone: check the domain" in leave
    assert 'href="https://jadewave-vn.example" rel="nofollow noopener' in leave
    assert "<svg" in html and "How the total was reached" in html
    assert "FCA" in html and "jadewave.example" in html
    vi = client.get("/tra-cuu-san/jadewave-capital/").text
    assert "Có thể là sàn mạo danh: kiểm tra tên miền" in vi


def test_hidden_and_unknown_brokers_are_404(client, hub):
    assert client.get("/tra-cuu-san/umber-falls-fx/").status_code == 404
    assert client.get("/en/broker/no-such-broker/").status_code == 404
    assert client.get("/co-quan-quan-ly/none/").status_code == 404


def test_broker_page_lists_articles_that_mention_it(client, hub):
    broker = Broker.objects.get(slug="aurora-markets")
    article = make_article(hub, title="Aurora Markets mở văn phòng mới")
    ArticleBroker.objects.create(page=article, broker=broker)
    html = client.get("/tra-cuu-san/aurora-markets/").text
    assert "Aurora Markets mở văn phòng mới" in html
    assert "Aurora Markets mở văn phòng mới" not in client.get("/en/broker/aurora-markets/").text


def test_editor_suggests_brokers_named_in_the_text(hub):
    text = "Nhà đầu tư phản ánh về blueharbour và Aurora FX, không phải DAI hay sàn dài hạn."
    assert [b.name for b in brokers_named_in(text)] == [
        "Aurora Markets",
        "BlueHarbor FX",
        "Sàn Đông Á Invest",
    ]
    assert [b.name for b in brokers_named_in("một khoản vay dài hạn")] == []


def test_comparison_keeps_order_drops_unknown_and_links_both_languages(client, hub):
    response = client.get("/so-sanh-san/", {"san": "fxpromax24,nope,aurora-markets"})
    html = response.text
    assert html.index("FXProMax24") < html.index("Aurora Markets")
    switch = re.search(r'<a class="lang-switch" href="([^"]+)"', html).group(1)
    assert switch.replace("&amp;", "&") == "/en/compare-brokers/?brokers=fxpromax24,aurora-markets"


def test_directory_query_count_does_not_grow_with_brokers(
    client, hub, django_assert_max_num_queries
):
    regulator = Regulator.objects.first()
    client.get("/tra-cuu-san/")
    with django_assert_max_num_queries(12):
        client.get("/tra-cuu-san/")
    for number in range(300):
        broker = Broker.objects.create(name=f"Generated Broker {number}", total_score=5)
        Licence.objects.create(broker=broker, regulator=regulator, number=f"G{number}")
    with django_assert_max_num_queries(12):
        assert client.get("/tra-cuu-san/", {"page": 3}).status_code == 200


def test_broker_page_query_budget(client, hub, django_assert_max_num_queries):
    client.get("/tra-cuu-san/aurora-markets/")
    with django_assert_max_num_queries(12):
        assert client.get("/tra-cuu-san/aurora-markets/").status_code == 200


def test_refresh_of_a_missing_broker_is_harmless():
    assert refresh_broker(123456) is None


def test_broker_page_structured_data(client, hub):
    import json

    html = client.get("/en/broker/aurora-markets/").text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    nodes = {n["@type"]: n for b in blocks for n in json.loads(b)["@graph"]}
    assert nodes["Organization"]["name"] == "Aurora Markets"
    assert nodes["Organization"]["sameAs"] == ["https://auroramarkets.example"]
    assert [i["name"] for i in nodes["BreadcrumbList"]["itemListElement"]] == [
        "Info Finance",
        "Brokers Hub",
        "Aurora Markets",
    ]


@pytest.fixture
def staff_client(client, django_user_model, staff_login):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("analyst", "a@example.com", "pw")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    staff_login(client, user)
    return client


def test_admin_creates_a_broker_with_a_licence_and_warnings_follow(staff_client, regulator):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    assert staff_client.get("/admin/snippets/brokers/broker/add/").status_code == 200
    data = nested_form_data(
        {
            "name": "Đông Phong Markets",
            "abbreviation": "DPM",
            "slug": "",
            "logo": "",
            "website": "https://dongphong-clone.example",
            "country": "vn",
            "founded_year": "",
            "other_domains": "",
            "headquarters": "",
            "phone": "",
            "email": "",
            "intro_vi": "",
            "intro_en": "",
            "supervision_vi": "",
            "supervision_en": "",
            "badge": "",
            "badge_rank": "",
            "market_score": "7",
            "market_note_vi": "",
            "market_note_en": "",
            "business_score": "7",
            "business_note_vi": "",
            "business_note_en": "",
            "risk_score": "7",
            "risk_note_vi": "",
            "risk_note_en": "",
            "software_score": "7",
            "software_note_vi": "",
            "software_note_en": "",
            "aliases": inline_formset([{"name": "Dong Phong"}]),
            "licences": inline_formset(
                [
                    {
                        "regulator": regulator.pk,
                        "number": " frn 42 ",
                        "status": "active",
                        "licence_type_vi": "",
                        "licence_type_en": "",
                        "licensee_name": "",
                        "licensee_email": "",
                        "licensee_phone": "",
                        "approved_domains": "dongphong.example",
                        "address": "",
                        "effective_date": "",
                        "expiry_date": "",
                        "flag_note": "",
                        "document": "",
                    }
                ]
            ),
        }
    )
    response = staff_client.post("/admin/snippets/brokers/broker/add/", data)
    assert response.status_code == 302, response.content[:3000]
    broker = Broker.objects.get(slug="dong-phong-markets")
    assert broker.country == "VN"
    assert broker.licences.get().number == "FRN 42"
    assert broker.warnings == ["clone_domain"]
    edit = staff_client.get(f"/admin/snippets/brokers/broker/edit/{broker.pk}/")
    assert edit.status_code == 200


def test_admin_saves_of_a_broker_without_licence_refresh_what_is_derived(staff_client):
    """Broker.save() computes nothing: the admin's create and edit hooks do, like the services
    (no licence is saved here, so no licence signal refreshes it either)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    blank = [
        "abbreviation", "slug", "logo", "country", "founded_year", "other_domains",
        "headquarters", "phone", "email", "intro_vi", "intro_en", "supervision_vi",
        "supervision_en", "badge", "badge_rank", "market_note_vi", "market_note_en",
        "business_note_vi", "business_note_en", "risk_note_vi", "risk_note_en",
        "software_note_vi", "software_note_en",
    ]  # fmt: skip
    fields = dict.fromkeys(blank, "")
    fields.update(name="Solo Markets", website="https://solo.example")
    scores = {"market_score": "6", "business_score": "6", "risk_score": "6", "software_score": "6"}
    formsets = {"aliases": inline_formset([]), "licences": inline_formset([])}
    response = staff_client.post(
        "/admin/snippets/brokers/broker/add/", nested_form_data({**fields, **scores, **formsets})
    )
    assert response.status_code == 302, response.content[:3000]
    broker = Broker.objects.get(slug="solo-markets")
    assert broker.warnings == ["unlicensed"] and broker.licence_status == "none"
    assert broker.search_text == "solo markets"
    first_total = broker.total_score

    scores["market_score"] = "10"
    response = staff_client.post(
        f"/admin/snippets/brokers/broker/edit/{broker.pk}/",
        nested_form_data({**fields, **scores, **formsets}),
    )
    assert response.status_code == 302, response.content[:3000]
    broker.refresh_from_db()
    assert broker.total_score > first_total


def test_plain_model_save_computes_nothing_save_broker_does():
    broker = Broker(name="Plain Save", market_score=5)
    broker.save()
    broker.refresh_from_db()
    assert broker.warnings == [] and broker.refreshed_on is None
    save_broker(broker)
    assert broker.warnings == ["unlicensed"] and broker.refreshed_on is not None
    broker.refresh_from_db()
    assert broker.warnings == ["unlicensed"]


def test_admin_refuses_scores_out_of_range_and_keeps_the_input(staff_client, regulator):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "name": "Range Test",
            "market_score": "12",
            "business_score": "0",
            "risk_score": "0",
            "software_score": "0",
            "aliases": inline_formset([]),
            "licences": inline_formset([]),
        }
    )
    response = staff_client.post("/admin/snippets/brokers/broker/add/", data)
    assert response.status_code == 200
    assert "Range Test" in response.text and not Broker.objects.filter(name="Range Test").exists()


def test_site_search_finds_brokers_by_alias_without_diacritics(client, hub):
    html = client.get("/tim-kiem/", {"q": "dong a"}).text
    assert 'href="/tra-cuu-san/san-dong-a-invest/"' in html
    assert (
        'href="/en/broker/blueharbor-fx/"' in client.get("/en/search/", {"q": "blue harbor"}).text
    )


@pytest.mark.parametrize(
    "url",
    [
        "/co-quan-quan-ly/fca/",
        "/en/regulators/fca/",
        "/so-sanh-san/?san=aurora-markets,blueharbor-fx,cobalt-trade,fxpromax24",
        "/en/compare-brokers/?brokers=aurora-markets,blueharbor-fx",
    ],
)
def test_regulator_and_comparison_query_budgets(client, hub, url, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    regulator = Regulator.objects.get(abbreviation="FCA")
    for number in range(200):
        broker = Broker.objects.create(name=f"Generated Broker {number}", total_score=5)
        Licence.objects.create(broker=broker, regulator=regulator, number=f"G{number}")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_worker_shows_expiry_warnings_on_the_page_when_the_date_passes(client, regulator):
    """Nobody edits the broker: the worker's periodic jobs, run after the expiry date, put the
    expired and unlicensed warnings on its page in both languages."""
    broker = make_broker(regulator, expiry_days=3, name="Soon Expired Markets")
    urls = {"vi": f"/tra-cuu-san/{broker.slug}/", "en": f"/en/broker/{broker.slug}/"}
    labels = {
        "vi": ["Giấy phép hết hạn", "Không có giấy phép còn hiệu lực (không phép)"],
        "en": ["Licence expired", "No current licence (unlicensed)"],
    }
    for language, url in urls.items():
        html = client.get(url).text
        assert not any(label in html for label in labels[language])

    later = timezone.now() + timedelta(days=5)
    # The worker closes stale connections between jobs; inside this test's transaction the
    # connection must stay open (tests/e2e/test_worker.py runs the real worker process).
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("infofinance.wiring.periodic.close_old_connections"),
    ):
        results = run_periodic_jobs()
        assert results["brokers.refresh-expired-licences"] is True
        for language, url in urls.items():
            html = client.get(url).text
            for label in labels[language]:
                assert label in html, (language, label)


def test_readers_build_a_comparison_by_name_without_typing_slugs(client, hub):
    page = client.get("/tra-cuu-san/aurora-markets/").text
    assert 'href="/so-sanh-san/?san=aurora-markets"' in page
    assert 'href="/so-sanh-san/?san=' in client.get("/tra-cuu-san/").text  # on every card
    # Added by another name, diacritics ignored: the comparison's address follows.
    response = client.get("/so-sanh-san/", {"san": "aurora-markets", "add": "blueharbor"})
    assert response.status_code == 302
    assert response["Location"] == "/so-sanh-san/?san=aurora-markets%2Cblueharbor-fx"
    html = client.get("/so-sanh-san/?san=aurora-markets,blueharbor-fx").text
    assert 'href="/so-sanh-san/?san=blueharbor-fx"' in html  # remove Aurora
    # Nothing matches: the page says so next to the field, keeps the comparison and the text.
    html = client.get("/en/compare-brokers/", {"brokers": "aurora-markets", "add": "zzz"}).text
    assert "No broker matches “zzz”." in html and 'value="aurora-markets"' in html
