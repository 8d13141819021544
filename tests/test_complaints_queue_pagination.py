"""The staff queue pages with the site's one pagination component, its links keeping the
queue's (cleaned) filters and nothing else."""

import re
from html import unescape

import pytest

from infofinance.complaints import admin_views
from tests import complaints_support as support
from tests.complaints_support import make_complaint

pytestmark = pytest.mark.django_db
private_root, reader, manager, broker = (
    support.private_root,
    support.reader,
    support.manager,
    support.broker,
)
QUEUE = "/admin/complaints/"


def links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    assert nav, "no pagination component"
    return {
        rel: unescape(href)
        for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]*)"', nav.group(0))
    }


def test_the_queue_pages_with_the_component(
    client, staff_login, manager, reader, broker, monkeypatch
):
    monkeypatch.setattr(admin_views, "QUEUE_SIZE", 2)
    for number in range(5):
        make_complaint(reader, broker, title=f"Khiếu nại số {number}")
    staff_login(client, manager)

    # A parameter that is no filter is not carried along.
    first = client.get(QUEUE, {"status": "open", "broker": broker.pk, "junk": "x"}).text
    assert links(first) == {"next": f"?status=open&broker={broker.pk}&page=2"}
    assert '<span aria-current="page">' in first

    second = client.get(QUEUE, {"status": "open", "broker": broker.pk, "page": 2}).text
    assert links(second) == {
        "prev": f"?status=open&broker={broker.pk}&page=1",
        "next": f"?status=open&broker={broker.pk}&page=3",
    }
    # Without filters the links carry the page alone.
    assert links(client.get(QUEUE, {"page": 3}).text) == {"prev": "?page=2"}


def test_one_page_has_no_pagination(client, staff_login, manager, reader, broker):
    make_complaint(reader, broker)
    staff_login(client, manager)
    assert 'class="pagination"' not in client.get(QUEUE).text
