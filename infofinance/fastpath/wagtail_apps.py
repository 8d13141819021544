"""Wagtail's apps as they are, except that they do not set up Wagtail's v3 API.

Five of Wagtail's apps register a router of the v3 API (django-ninja, on pydantic) when they
load. The site does not mount that API (`wagtail.api.v3.urls` is never included, and the admin
does not use it), but the registration imports ninja and pydantic into every web process:
memory spent for nothing (docs/performance.md). These configurations run each app's own
`ready()` with the API's modules replaced, for that moment only, by stand-ins that register
nothing; everything else `ready()` does (permissions, signal handlers, admin widgets, the
reference index) happens exactly as in Wagtail. Were the API mounted later, its real modules
would load as usual.

With the fast path off the settings list Wagtail's own configurations instead. The stand-ins
follow the module names of Wagtail's `ready()` methods: tests/test_fastpath_tripwires.py pins
the version they were read from."""

import contextlib
import sys
import types
from collections.abc import Iterator
from typing import Any

from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.locales.apps import WagtailLocalesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig


class _UnmountedApi:
    def add_router(self, *args: Any, **kwargs: Any) -> None:
        pass


def _nothing(*args: Any, **kwargs: Any) -> None:
    pass


def _stand_in(name: str) -> types.ModuleType:
    module = types.ModuleType(name, "Stand-in: Wagtail's v3 API is not set up on this site.")
    module.__path__ = []  # a package, so that its submodules can be stand-ins too
    # The names Wagtail's ready() imports from these modules.
    module.__dict__.update(api=_UnmountedApi(), router=None, register_content_types=_nothing)
    return module


@contextlib.contextmanager
def without_api_v3(app_name: str) -> Iterator[None]:
    names = [
        "wagtail.api.v3.api",
        f"{app_name}.api.v3",
        f"{app_name}.api.v3.router",
        f"{app_name}.api.v3.registry",
    ]
    saved = {name: sys.modules.get(name) for name in names}
    for name in names:
        if saved[name] is None:
            sys.modules[name] = _stand_in(name)
    try:
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)


class ApiFreeReady:
    """Mixed in before a Wagtail AppConfig, which gives `name` and the `ready()` run here."""

    name: str

    def ready(self) -> None:
        with without_api_v3(self.name):
            super().ready()  # type: ignore[misc]  # the AppConfig after this mixin


# Wagtail ships no type information: its AppConfig reaches mypy as Any.
class ImagesConfig(ApiFreeReady, WagtailImagesAppConfig):  # type: ignore[misc]
    pass


# Wagtail ships no type information: its AppConfig reaches mypy as Any.
class DocumentsConfig(ApiFreeReady, WagtailDocsAppConfig):  # type: ignore[misc]
    pass


# Wagtail ships no type information: its AppConfig reaches mypy as Any.
class SnippetsConfig(ApiFreeReady, WagtailSnippetsAppConfig):  # type: ignore[misc]
    pass


# Wagtail ships no type information: its AppConfig reaches mypy as Any.
class LocalesConfig(ApiFreeReady, WagtailLocalesAppConfig):  # type: ignore[misc]
    pass


# Wagtail ships no type information: its AppConfig reaches mypy as Any.
class RedirectsConfig(ApiFreeReady, WagtailRedirectsAppConfig):  # type: ignore[misc]
    pass
