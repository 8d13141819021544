"""Every sitemap the site serves is valid against the schemas in audit/xsd/ (the sitemaps.org
schemas with the xhtml:link and Google News extensions), as make audit checks on the served
site: the index against siteindex.xsd, each URL set against sitemap-with-extensions.xsd."""

from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from infofinance.demo.brokers import load_brokers
from infofinance.demo.complaints import load_demo as load_complaints
from tests.factories import make_article, make_author, make_image, make_tag

pytestmark = pytest.mark.django_db
XSD = Path(__file__).resolve().parents[1] / "audit" / "xsd"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def schemas():
    return {
        "sitemapindex": etree.XMLSchema(etree.parse(str(XSD / "siteindex.xsd"))),
        "urlset": etree.XMLSchema(etree.parse(str(XSD / "sitemap-with-extensions.xsd"))),
    }


@pytest.fixture
def content(structure):
    author = make_author(structure, "Nguyễn Minh Anh")
    gold = make_tag(structure, "Vàng")
    gold_en = make_tag(structure, "Gold", "en", translation_of=gold)
    image = make_image()
    vi = make_article(structure, title="Giá vàng tăng", tags=[gold], authors=[author], image=image)
    make_article(
        structure,
        title="Gold rises",
        language="en",
        tags=[gold_en],
        image=image,
        translation_of=vi,
    )
    make_article(structure, title="Đòn bẩy là gì", section="knowledge", hub="knowledge")
    load_brokers()
    load_complaints()


def validate(client, path: str, schemas) -> list[str]:
    """The errors of one sitemap, and of every sitemap an index lists."""
    response = client.get(path)
    assert response.status_code == 200, path
    document = etree.fromstring(response.content)
    kind = etree.QName(document).localname
    schema = schemas[kind]
    errors = []
    if not schema.validate(document):
        errors = [f"{path}:{e.line}: {e.message}" for e in schema.error_log]
    assert document.findall(".//s:loc", NS), f"{path} lists nothing"
    if kind == "sitemapindex":
        for loc in document.iterfind("s:sitemap/s:loc", NS):
            assert loc.text.startswith(settings.SITE_URL + "/"), loc.text
            errors += validate(client, loc.text.removeprefix(settings.SITE_URL), schemas)
    return errors


def test_every_sitemap_is_valid_against_the_xsds(client, content, schemas):
    errors = validate(client, "/sitemap.xml", schemas)
    errors += validate(client, "/news-sitemap.xml", schemas)
    assert not errors, "\n".join(errors)


def test_the_schemas_refuse_an_undeclared_extension(schemas):
    """The extension schema is strict: an element of a namespace it does not declare fails, so
    the test above would see one a sitemap started to carry."""
    document = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        b' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        b"<url><loc>https://example.com/</loc>"
        b"<image:image><image:loc>https://example.com/a.png</image:loc></image:image>"
        b"</url></urlset>"
    )
    assert not schemas["urlset"].validate(document)
