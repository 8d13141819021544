"""Cached answers for the right question, through nginx: every view the page cache may store,
asked with two values of each parameter it reads and with parameters nobody registered, gets
from nginx's cache exactly what it gets past it. The views and their parameters are found as in
tests/test_cache_keys.py (on the served site's own database), the answers come over HTTP."""

import http.client
import json
import re

import pytest

from tests.e2e.test_nginx import production  # noqa: F401 - the served site, nginx in front
from tests.test_cache_keys import RENDER_TIME, queries_for

pytestmark = [pytest.mark.e2e, pytest.mark.db_independent]

DISCOVER = """
import json
from django.test import Client, override_settings
from infofinance.pagecache import reads
from tests import test_cache_keys as keys
from infofinance.brokers.models import Broker, Licence, Regulator

regulator = Regulator.objects.create(name="FCA", abbreviation="FCA", country="GB", tier=1)
broker = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
Broker.objects.create(name="Borealis Trade", website="https://borealis.example")
Licence.objects.create(broker=broker, regulator=regulator, number="1",
                       approved_domains="aurora.example")
seen = []
track = reads.track
def recording(request):
    found = track(request)
    seen.append(found)
    return found
reads.track = recording
paths = keys.urlconf_paths([broker.slug, regulator.slug]) | keys.page_paths() | keys.legacy_paths()
client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
found = {}
with override_settings(PAGE_CACHE_SECONDS=600):
    for path in sorted(paths):
        del seen[:]
        client.cookies.clear()
        # A session cookie: past the page cache, so every request renders (and is recorded).
        client.cookies["sessionid"] = "discover"
        status = client.get(path).status_code
        names = {name for r in seen for name in r.names}
        for name in sorted(names):
            del seen[:]
            client.get(path, {name: "aurora"})
            names |= {n for r in seen for n in r.names}
        if status != 404 or names:
            found[path] = sorted(names)
print(json.dumps(found))
"""


def get(port: int, path: str, query: str, **headers) -> tuple[tuple, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    target = path + (f"?{query}" if query else "")
    connection.request("GET", target, headers={"Accept-Encoding": "identity", **headers})
    response = connection.getresponse()
    body = RENDER_TIME.sub(rb"<\1/>", response.read())
    answer = (response.status, response.getheader("Location", ""), body)
    front = response.getheader("X-Front-Cache", "")
    connection.close()
    return answer, front


def test_every_answer_nginx_keeps_is_the_uncached_one(production):  # noqa: F811
    site, base = production
    port = int(base.rsplit(":", 1)[1])
    views = json.loads(site.python(DISCOVER).splitlines()[-1])
    for needed in ["/search", "/en/search", "/compare-exchanges", "/so-sanh-san/", "/tim-kiem/"]:
        assert needed in views, needed
    # The compare page reads its "add a broker" box.
    assert "add" in views["/so-sanh-san/"]
    wrong, kept = [], 0
    for path, names in sorted(views.items()):
        queries = queries_for(names)
        for _round in range(2):
            for query in queries:
                get(port, path, query)
        for query in queries:
            answer, front = get(port, path, query)
            if front != "HIT":
                continue
            kept += 1
            uncached, past = get(port, path, query, Cookie="sessionid=past-the-caches")
            assert past == "BYPASS"
            if answer != uncached:
                wrong.append(
                    f"{path}?{query}: nginx {answer[0]} {answer[1]!r}, "
                    f"uncached {uncached[0]} {uncached[1]!r}"
                    + (" (bodies differ)" if answer[2] != uncached[2] else "")
                )
    assert not wrong, "\n".join(wrong)
    assert kept > len(views)  # nginx did keep pages: the check saw its copies


def test_nginx_serves_media_and_the_favicon_with_their_lifetimes(production):  # noqa: F811
    _site, base = production
    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", "/favicon.ico")
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    assert re.fullmatch(r"public, max-age=\d{7,}", response.getheader("Cache-Control", ""))
    connection.close()
