"""Numbers in markup, attributes, CSS, JSON-LD and URLs are never localized: every page type of
the site, rendered in Vietnamese (whose decimal separator is a comma), carries no comma-decimal
number in an attribute, an inline style, a JSON-LD block or a link. (Numbers shown to readers
are localized, by Babel, in the text.)"""

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db

COMMA_NUMBER = re.compile(r"\d,\d")
# Attributes that hold words for readers (where "1,5 triệu" is Vietnamese text, not markup).
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content", "aria-description"}
# SVG number lists, where a comma separates two numbers (`translate(0,30)`).
LIST_ATTRIBUTES = {"transform", "points", "viewbox", "d", "coords"}
SEEDS = [
    "/",
    "/tra-cuu-san/",
    "/tra-cuu-san/?sort=name&score_min=7.5",
    "/tra-cuu-san/aurora-markets/",
    "/tra-cuu-san/quartz-harbour/",
    "/tra-cuu-san/quartz-harbour/roi-trang/",
    "/tra-cuu-san/phuong-phap-cham-diem/",
    "/so-sanh-san/?san=aurora-markets,blueharbor-fx,opal-crest-fx",
    "/co-quan-quan-ly/",
    "/co-quan-quan-ly/fca/",
    "/khieu-nai/",
    "/tim-kiem/?q=s%C3%A0n",
    "/kien-thuc/",
]
# The markets (demo data, dates relative to the load): the calendar's day view (today) and week
# view (this week in Vietnam), an indicator with its SVG chart, the assets and an asset page with
# its chart; in both languages (the English pages are seeds only: their links are not followed).
_WEEK = "{}-W{:02d}".format(*datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).isocalendar()[:2])
MARKET_SEEDS = [
    "/lich-kinh-te/",
    f"/lich-kinh-te/?tuan={_WEEK}",
    "/lich-kinh-te/us-cpi-yoy/",
    "/lich-kinh-te/vn-sbv-refinancing-rate/",
    "/tai-san/",
    "/tai-san/xau-usd/",
    "/tai-san/usd-vnd/?khoang=5y",
    "/en/economic-calendar/",
    f"/en/economic-calendar/?week={_WEEK}",
    "/en/economic-calendar/us-cpi-yoy/",
    "/en/assets/",
    "/en/assets/xau-usd/",
]
SEEDS += MARKET_SEEDS
MAX_PAGES = 70 + len(MARKET_SEEDS)


class Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.json_ld: list[str] = []
        self.links: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is not None and name not in TEXT_ATTRIBUTES | LIST_ATTRIBUTES:
                self.attributes.append((tag, name, value))
            if tag == "a" and name == "href" and value:
                self.links.append(value)
        self._in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)


def json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, str):
        yield value


def problems(path: str, html: str) -> tuple[list[str], list[str]]:
    markup = Markup()
    markup.feed(html)
    found = [
        f"{path}: <{tag} {name}={value!r}>"
        for tag, name, value in markup.attributes
        if COMMA_NUMBER.search(value)
    ]
    for block in markup.json_ld:
        for text in json_strings(json.loads(block)):
            if re.fullmatch(r"-?\d+,\d+", text.strip()):
                found.append(f"{path}: JSON-LD {text!r}")
    return found, markup.links


@pytest.fixture
def demo_site(structure, demo_db):
    return structure


def test_no_comma_decimal_number_in_markup_on_vietnamese_pages(client, demo_site):
    seen, queue, found, kinds = set(), list(SEEDS), [], set()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        kinds.add(path.strip("/").split("/")[0])
        page_problems, links = problems(path, response.content.decode())
        found += page_problems
        for link in links:
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/en/"):
                continue
            if parts.path.startswith(("/admin", "/tai-khoan", "/static", "/media", "/documents")):
                continue
            queue.append(link.split("#")[0])
    # Home, news articles, sections, tags, authors, knowledge, search, brokers, complaints.
    assert {"", "tin-tuc", "tra-cuu-san", "khieu-nai", "tim-kiem"} <= kinds, kinds
    assert {"lich-kinh-te", "tai-san", "en"} <= kinds, kinds  # the markets' seeds answered
    assert not found, "\n".join(found[:30])
