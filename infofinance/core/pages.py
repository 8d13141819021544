"""Abstract page base shared by every page type: ASCII slugs through `ascii_slug`, slugs that
cannot shadow a route of the parent, and the helpers templates use for the language switch."""

from django import forms
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from infofinance.fastpath import pageurls
from infofinance.wiring import routes

from . import shown
from .db import hot_cursor
from .slugs import ascii_slug


def reserved_slugs_under(parent: Page | None) -> frozenset[str]:
    if parent is None:
        return frozenset()
    parent = parent.specific_deferred
    reserved = getattr(parent, "reserved_child_slugs", frozenset())
    if parent.depth <= 2 or getattr(parent, "is_home", False):
        # The URLconf's paths beside the page tree, from the route registry.
        reserved = reserved | routes.root_reserved()
    return frozenset(reserved)


class BasePageForm(WagtailAdminPageForm):
    """Folds whatever slug the admin's JavaScript produced (it keeps Unicode) into ASCII before
    Wagtail checks that it is unique among its siblings, and refuses reserved words."""

    def clean_slug(self):
        slug = ascii_slug(self.cleaned_data.get("slug") or self.cleaned_data.get("title") or "")
        if not slug:
            raise forms.ValidationError(_("Enter a slug made of letters or digits."))
        if slug in reserved_slugs_under(self.parent_page):
            raise forms.ValidationError(
                _("“%(slug)s” is reserved for a page of the site; choose another slug."),
                params={"slug": slug},
            )
        return slug


class BasePage(Page):
    noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_("Adds “noindex” for search engines; the page stays visible to readers."),
    )

    base_form_class = BasePageForm
    reserved_child_slugs: frozenset[str] = frozenset()
    promote_panels = [*Page.promote_panels, FieldPanel("noindex")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        self.slug = ascii_slug(self.slug or self.title)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        parent = self.get_parent() if self.pk else None
        if parent is not None and self.slug in reserved_slugs_under(parent):
            raise ValidationError({"slug": _("This slug is reserved for a page of the site.")})

    def renames_live_slug(self) -> bool:
        """Whether this edit changes the slug of a live page: page types whose slug other
        paths are built on (hubs, the events index) refuse that in their clean()."""
        if not self.pk or not self.live:
            return False
        previous = type(self).objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        return bool(previous) and previous != self.slug

    def get_context(self, request, *args, **kwargs):
        # A page cache keeps this page until it or one of its translations changes.
        shown.translations(self.translation_key)
        return super().get_context(request, *args, **kwargs)

    # Page URLs through the fast path (infofinance/fastpath/pageurls.py); Wagtail's when off.
    def get_url_parts(self, request=None):
        return pageurls.get_url_parts(self, request, super().get_url_parts)

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        return pageurls.site_root_paths(cache_object, super()._get_site_root_paths, **kwargs)

    def get_view_restrictions(self):
        # Wagtail checks restrictions on every request with two queries; while no page of the
        # site has one (the usual case), a cached flag answers instead.
        from .restrictions import any_view_restrictions

        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    # -- translations: hreflang and the language switch ----------------------------------------

    # A page's URL is its url_path under the site root paths (no page type here overrides
    # get_url_parts), so the rows need no more than that. Written out: the ORM took longer to
    # build this than the database to answer it. A page type that reads other rows for its
    # page anyway may run it as part of that statement and hand the rows to
    # `remember_live_translations` (the article does, in `news.selectors.byline`).
    TRANSLATIONS_SQL = (
        f"SELECT url_path, locale_id, path FROM {Page._meta.db_table}"  # noqa: S608 - names only
        " WHERE translation_key = %s AND live"
    )

    def translations_params(self) -> list:
        key = Page._meta.get_field("translation_key")
        return [key.get_db_prep_value(self.translation_key, connection)]

    def live_translations(self) -> dict[str, str]:
        """{language: URL} of this page and its live translations, in one query (memoized)."""
        if not hasattr(self, "_live_translations"):
            with hot_cursor() as cursor:
                cursor.execute(self.TRANSLATIONS_SQL, self.translations_params())
                self.remember_live_translations(cursor.fetchall())
        return self._live_translations

    def remember_live_translations(self, rows) -> None:
        """Keep `TRANSLATIONS_SQL`'s rows (url_path, locale_id, path) as the live translations."""
        from .locales import language_of
        from .pageurls import local_url

        self._live_translations = {
            language_of(locale_id): local_url(url_path)
            for url_path, locale_id, _path in sorted(rows, key=lambda row: row[2])
        }

    # -- language switch ----------------------------------------------------------------------

    def fallback_url(self, language: str) -> str | None:
        """Where the language switch leads when this page has no live translation: the
        translation of the nearest ancestor that has one (the hub, at worst the home page)."""
        from .locales import locale_for

        locale = locale_for(language)
        if locale is None:
            return None
        for ancestor in self.get_ancestors(inclusive=False).filter(depth__gte=2).reverse():
            translation = ancestor.get_translation_or_none(locale)
            if translation is not None and translation.live:
                return translation.url
        return None


class FastRoutingMixin:
    """Routes a request below this page with one query for every page on the path (by slug,
    which is indexed) and one for the specific page, instead of two queries per path step
    (`routing.route_below`; Wagtail's semantics)."""

    def route(self, request, path_components):
        from .routing import route_below

        return route_below(self, request, path_components, fallback=super().route)
