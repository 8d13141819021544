"""nginx's own 413, 502 and 504 pages: written in both languages from one template, with the
site's stylesheet and home link, without touching the database."""

import pytest
from django.core.management import call_command

from infofinance.core.error_pages import render_page

EXPECTED = {
    (413, "vi"): ("Tệp quá lớn", "Mỗi tệp tối đa 10 MB và mỗi lần gửi tối đa 10 tệp."),
    (413, "en"): ("The files are too large", "Each file may be at most 10 MB"),
    (502, "vi"): ("Trang web tạm thời không truy cập được", "Vui lòng thử lại sau ít phút."),
    (502, "en"): ("The site is briefly unavailable", "Please try again in a few minutes."),
    (504, "vi"): ("Máy chủ phản hồi quá lâu", "hãy kiểm tra xem nó đã được lưu chưa"),
    (504, "en"): ("The server took too long to answer", "check whether it was saved"),
}


@pytest.mark.parametrize("code,language", list(EXPECTED))
def test_each_page_is_in_its_language(code, language):
    title, text = EXPECTED[code, language]
    html = render_page(code, language)  # no database here: a query would fail the test
    assert f'<html lang="{language}">' in html
    assert f"<title>{title} · Info Finance</title>" in html and f"<h1>{title}</h1>" in html
    assert text in html
    assert 'href="/static/css/site.css"' in html
    assert f'href="{"/en/" if language == "en" else "/"}"' in html
    other = EXPECTED[code, "en" if language == "vi" else "vi"][0]
    assert other not in html


def test_the_command_writes_every_page(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("proxy_error_pages", verbosity=0)
    names = sorted(path.name for path in (tmp_path / "errors").iterdir())
    assert names == [f"{c}.{lang}.html" for c in (413, 502, 504) for lang in ("en", "vi")]
    assert "Tệp quá lớn" in (tmp_path / "errors/413.vi.html").read_text(encoding="utf-8")
