"""The pages nginx shows for the errors it gives by itself, without asking the application: 413
(a request larger than client_max_body_size), 502 (the application is down) and 504 (it did not
answer in time). Written as static files in each language; deploy/nginx.conf.template serves
the English one under /en/ and the Vietnamese one elsewhere."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HOME = {"vi": "/", "en": "/en/"}
TITLES = {
    413: gettext_lazy("The files are too large"),
    502: gettext_lazy("The site is briefly unavailable"),
    504: gettext_lazy("The server took too long to answer"),
}


def _text(code: int) -> str:
    if code == 413:
        return _(
            "Each file may be at most %(size)s, and at most %(count)s files may be sent at once. "
            "Nothing was saved: go back, choose smaller files and send the form again."
        ) % {
            "size": f"{settings.COMPLAINT_EVIDENCE_MAX_BYTES // (1024 * 1024)} MB",
            "count": settings.COMPLAINT_EVIDENCE_MAX_FILES,
        }
    if code == 502:
        return _("Our server is not answering at the moment. Please try again in a few minutes.")
    return _(
        "Our server took too long to answer. Please try again in a few minutes; if you sent a "
        "form, check whether it was saved before sending it again."
    )


def render_page(code: int, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "errors/proxy.html",
            {
                "code": code,
                "language": language,
                "title": str(TITLES[code]),
                "text": _text(code),
                "home_url": HOME.get(language, "/"),
            },
        )


def write_pages(directory: Path | None = None) -> list[Path]:
    """<code>.<language>.html for every code and language, in STATIC_ROOT/errors/ by default."""
    directory = Path(directory or Path(settings.STATIC_ROOT) / "errors")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for code in TITLES:
        for language, _name in settings.LANGUAGES:
            path = directory / f"{code}.{language}.html"
            path.write_text(render_page(code, language), encoding="utf-8")
            written.append(path)
    return written
