"""The production storage of static files: WhiteNoise's hashed and compressed copies, of our
stylesheets and scripts minified first (rcssmin, rjsmin: comments and spaces out), so that a
page's CSS and JS stay within their budgets (tests/test_page_weight.py) while the sources keep
their comments. Other packages' files (Django's admin, Wagtail) and vendored ones
(`…/vendor/…`) are copied as their authors published them."""

from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

PROJECT = Path(__file__).resolve().parent.parent


@cache
def _ours() -> frozenset[str]:
    """The first path segments of our static files: infofinance/static/* and each app's
    static/<app>/."""
    folders = [*PROJECT.glob("static/*"), *PROJECT.glob("*/static/*")]
    return frozenset(folder.name for folder in folders if folder.is_dir())


def minify(name: str, data: bytes) -> bytes:
    """`data` of the static file `name`, minified if it is one of our stylesheets or scripts."""
    if not name.endswith((".css", ".js")) or "/vendor/" in f"/{name}":
        return data
    if name.split("/", 1)[0] not in _ours():
        return data
    text = data.decode("utf-8")
    if name.endswith(".css"):
        import rcssmin

        return rcssmin.cssmin(text).encode("utf-8")
    import rjsmin

    return rjsmin.jsmin(text).encode("utf-8")


class MinifiedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def _save(self, name, content):
        if name.endswith((".css", ".js")):
            content.seek(0)
            content = ContentFile(minify(name, content.read()))
        return super()._save(name, content)
