"""Newsroom content: hubs (news, knowledge) with their section and tag listings, articles,
sections, tags and authors. Reads live in selectors.py; page views stay thin."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from infofinance.core.pages import BasePage
from infofinance.core.pagination import CappedPaginator
from infofinance.core.slugs import ascii_slug
from infofinance.core.structured_data import breadcrumb_list
from infofinance.pagecache import tags as cache_tags
from infofinance.pagecache.store import depends_on
from infofinance.wiring import routes, slots

from .blocks import RICH_TEXT_FEATURES, ArticleBodyBlock


class HubKind(models.TextChoices):
    NEWS = "news", _("News")
    KNOWLEDGE = "knowledge", _("Knowledge")


# The words of the hub's own sub-paths, per language (routes.md).
ROUTE_WORDS = {
    "vi": {"section": "chuyen-muc", "tag": "the"},
    "en": {"section": "section", "tag": "tag"},
}
# The live site had its sections at /tin-tuc/<section>; those paths redirect to our section
# pages (registered in NewsConfig.ready()), so an article may not take one of these slugs.
NEWS_SECTION_SLUGS = routes.sections(
    "news",
    vi=("tin-thi-truong", "tin-the-gioi", "tin-trong-nuoc", "tin-khac", "tin-canh-bao"),
    en=("market-news", "world-news", "domestic-news", "other-news", "warning-news"),
)
KNOWLEDGE_SECTION_SLUGS = routes.sections(
    "knowledge",
    vi=("kien-thuc-dau-tu", "chon-san", "y-tuong-dau-tu"),
    en=("investment-knowledge", "choosing-a-broker", "investment-ideas"),
)
HUB_RESERVED_SLUGS = routes.reserve(
    "news.hub",
    {
        "chuyen-muc",
        "section",
        "the",
        "tag",
        "rss",
        "atom",
        "feed",
        "json",
        "page",
        "danh-muc",
        "category",
        "new",
        "moi",
        "methodology",
        "phuong-phap-cham-diem",
        # Old section paths that redirect to the section pages.
        *(slug for slugs in NEWS_SECTION_SLUGS.values() for slug in slugs),
        *(slug for slugs in KNOWLEDGE_SECTION_SLUGS.values() for slug in slugs),
    },
)


class Section(TranslatableMixin, models.Model):
    """One of the fixed sections of a hub (five for news, three for knowledge)."""

    kind = models.CharField(_("hub"), max_length=16, choices=HubKind)
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_section_slug")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.slug = ascii_slug(self.slug or self.name, 80)
        if self.slug in HUB_RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved for a page of the site.")})


class Tag(TranslatableMixin, models.Model):
    """A topic; a tag and its translation share a translation key, so the language switch of a
    tag page lands on the same topic."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="unique_tag_slug")]

    def __str__(self):
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.slug = ascii_slug(self.slug or self.name, 80)
        super().save(*args, **kwargs)

    def clean(self):
        self.slug = ascii_slug(self.slug or self.name, 80)
        if not self.slug:
            raise ValidationError({"name": _("The name needs at least one letter or digit.")})


def listing_summary(kind: str | None, name: str) -> str:
    """What a section or tag listing without a description of its own says about itself to
    search engines and in link previews, in the page's language (`kind` None: a tag)."""
    if kind == HubKind.KNOWLEDGE:
        text = _(
            "Guides and explainers on %(name)s from Info Finance's knowledge hub, for investors "
            "in Vietnam."
        )
    elif kind is None:
        text = _(
            "The latest news and analysis about %(name)s from Info Finance, in Vietnamese and "
            "English."
        )
    else:
        text = _(
            "Latest news on %(name)s from Info Finance: markets, brokers and investor protection."
        )
    return str(text) % {"name": name}


class ArticleIndexPage(RoutablePageMixin, BasePage):
    """A hub (`/tin-tuc/`, `/kien-thuc/`): pinned and latest articles, a block per section, and
    the section and tag listings as sub-paths."""

    kind = models.CharField(_("hub"), max_length=16, choices=HubKind, default="news")
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.ArticlePage"]
    reserved_child_slugs = HUB_RESERVED_SLUGS
    template = "news/article_index_page.html"

    class Meta:
        verbose_name = _("article hub")

    def clean(self):
        super().clean()
        # Renaming a hub would rewrite (and redirect) every article under it: slugs are locked.
        if self.renames_live_slug():
            raise ValidationError({"slug": _("The slug of a hub cannot be changed.")})

    def route_word(self, name: str) -> str:
        return ROUTE_WORDS.get(self.locale.language_code, ROUTE_WORDS["vi"])[name]

    def paginate(self, request, queryset):
        return CappedPaginator(queryset, settings.NEWS_PAGE_SIZE).get_page(request.GET.get("page"))

    @path("", name="index")
    def index_view(self, request):
        from . import selectors

        page_obj = self.paginate(request, selectors.hub_articles(hub=self))
        cards = selectors.front_page_cards(locale=self.locale, hub=self)
        context = {
            "pinned": cards["pinned"],
            "page_obj": page_obj,
            "section_blocks": cards["section_blocks"],
            "sections": cards["sections"],
        }
        first_page = [cards["pinned"]] if page_obj.number == 1 else []
        context["priority_id"] = selectors.first_image_id(*first_page, page_obj)
        return self.render(request, context_overrides=context)

    @path("<str:word>/<str:slug>/", name="listing")
    def listing_view(self, request, word, slug):
        from . import selectors

        if word == self.route_word("section"):
            section = selectors.section_by_slug(kind=self.kind, locale=self.locale, slug=slug)
            if section is None:
                raise Http404
            articles = selectors.section_articles(section=section)
            context = {
                "section": section,
                "listing_title": section.name,
                "listing_description": section.description,
                "meta_description": section.description or listing_summary(self.kind, section.name),
            }
        elif word == self.route_word("tag") and self.kind == HubKind.NEWS:
            tag = selectors.tag_by_slug(locale=self.locale, slug=slug)
            if tag is None:
                raise Http404
            articles = selectors.tag_articles(tag=tag)
            context = {
                "tag": tag,
                "listing_title": tag.name,
                "meta_description": listing_summary(None, tag.name),
            }
        else:
            raise Http404
        home = self.get_parent()
        context["breadcrumbs"] = [(home.title, home.url), (self.title, self.url)]
        context["alternates"] = selectors.listing_alternates(
            hub=self, section=context.get("section"), tag=context.get("tag")
        )
        context["structured_data"] = [
            breadcrumb_list(context["breadcrumbs"], (context["listing_title"], request.path))
        ]
        context["page_obj"] = self.paginate(request, articles)
        context["priority_id"] = selectors.first_image_id(context["page_obj"])
        context["sections"] = selectors.sections(kind=self.kind, locale=self.locale)
        return self.render(
            request, context_overrides=context, template="news/article_listing_page.html"
        )


class ArticlePage(BasePage):
    lead = models.TextField(_("lead"), max_length=600, help_text=_("One or two sentences."))
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("hero image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it, in the article's language. "
            "Leave empty to use the image's own description."
        ),
    )
    hero_caption = models.CharField(_("hero caption"), max_length=300, blank=True)
    hero_credit = models.CharField(
        _("hero credit"),
        max_length=160,
        blank=True,
        help_text=_("Leave empty to use the image's own credit."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    # The hub the article is listed in while it is live (None otherwise): every newsroom listing
    # is then one range of an index on this table alone, whatever the number of articles.
    listing_hub = models.ForeignKey(
        "news.ArticleIndexPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        verbose_name=_("listing hub"),
    )
    pinned = models.BooleanField(
        _("pinned (hot)"), default=False, help_text=_("Shown first on the home page and hub.")
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown to readers; set automatically at the first publication."),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("Set when a published article changes in substance."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt"),
                FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")]),
            ],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("section"),
                FieldPanel("pinned"),
                MultipleChooserPanel(
                    "author_links", chooser_field_name="author", label=_("Authors"), min_num=1
                ),
                MultipleChooserPanel("tag_links", chooser_field_name="tag", label=_("Tags")),
            ],
            heading=_("Classification"),
        ),
    ]
    settings_panels = [
        *BasePage.settings_panels,
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("updated_at")]),
    ]

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's own edit handler (wagtail.admin.panels.page_utils), its content tab ending
        with the panels other apps register into the slot "article.editor" (the Brokers Hub's
        "Brokers mentioned"). Built at the first admin request, after every app's ready()."""
        # Wagtail's own tab headings (its catalogue translates them), from its Page's tabs.
        content, promote, settings_tab = (tab.heading for tab in Page.get_edit_handler().children)
        tabs = [
            ObjectList([*cls.content_panels, *slots.panels("article.editor")], heading=content),
            ObjectList(cls.promote_panels, heading=promote),
            ObjectList(cls.settings_panels, heading=settings_tab),
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.ArticleIndexPage"]
    subpage_types = []
    template = "news/article_page.html"
    route_select_related = ("section", "hero_image")

    class Meta:
        verbose_name = _("article")
        indexes = [
            models.Index(fields=["section", "-published_at"], name="article_section_date"),
            # Pinned stories are few: a partial index the planner knows to be tiny.
            models.Index(
                fields=["listing_hub", "-published_at"],
                condition=models.Q(pinned=True),
                name="article_pinned_hub_date",
            ),
            models.Index(fields=["listing_hub", "-published_at"], name="article_hub_date"),
        ]

    def save(self, *args, **kwargs):
        self.listing_hub_id = self.current_listing_hub_id()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "listing_hub"}
        result = super().save(*args, **kwargs)
        sync_listing_dates(self.pk, self.published_at if self.live else None)
        return result

    def current_listing_hub_id(self) -> int | None:
        """The hub this article is listed in: its parent while it is live, else none."""
        if not self.live or not self.path:
            return None
        parent = self.path[: -self.steplen]
        return Page.objects.filter(path=parent).values_list("pk", flat=True).first()

    def clean(self):
        super().clean()
        if self.section_id is None:
            raise ValidationError({"section": _("Choose the section this article belongs to.")})
        parent = self.get_parent() if self.pk else None
        hub = parent.specific_deferred if parent is not None else None
        if isinstance(hub, ArticleIndexPage) and self.section.kind != hub.kind:
            raise ValidationError({"section": _("This section belongs to another hub.")})

    def full_clean(self, *args, **kwargs):
        from .services import localize_section

        localize_section(self)
        super().full_clean(*args, **kwargs)

    def fallback_url(self, language: str) -> str | None:
        # Without a translation, the reader lands on the same hub in the other language; its
        # URL is cached, so this costs no query.
        from . import selectors

        if self.section_id is not None:
            url = selectors.hub_urls().get((language, self.section.kind))
            if url:
                return url
        return super().fallback_url(language)

    @property
    def display_date(self):
        return self.published_at or self.first_published_at or self.go_live_at or timezone.now()

    @property
    def shows_update(self) -> bool:
        return bool(self.updated_at and self.updated_at > self.display_date)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.article_context(page=self))
        return context


class ArticleAuthor(Orderable):
    page = ParentalKey(
        ArticlePage,
        on_delete=models.CASCADE,
        related_name="author_links",
        verbose_name=_("article"),
    )
    author = models.ForeignKey(
        "news.AuthorPage",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="article_links",
    )

    # A copy of the live article's publication date (None while it is not live), so an author's
    # listing is one range of an index that matches its filter and order.
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("article published")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_article_author")
        ]
        indexes = [models.Index(fields=["author", "-published_at"], name="article_author_date")]


class ArticleTag(Orderable):
    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="tag_links", verbose_name=_("article")
    )
    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.CASCADE, related_name="article_links"
    )

    # See ArticleAuthor.published_at.
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("article published")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("tag")
        constraints = [models.UniqueConstraint(fields=["page", "tag"], name="unique_article_tag")]
        indexes = [models.Index(fields=["tag", "-published_at"], name="article_tag_date")]


def sync_listing_dates(page_id: int, published_at) -> None:
    """Copy an article's publication date onto its tag and author links (None when it is not
    live), after the links themselves were saved."""
    for model in (ArticleTag, ArticleAuthor):
        model.objects.filter(page_id=page_id).exclude(published_at=published_at).update(
            published_at=published_at
        )


class AuthorIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.AuthorPage"]
    max_count_per_parent = 1
    template = "news/author_index_page.html"

    class Meta:
        verbose_name = _("author list")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        depends_on(cache_tags.AUTHORS)
        context["authors"] = (
            AuthorPage.objects.child_of(self).live().select_related("photo").order_by("title")
        )
        return context


class AuthorPage(BasePage):
    role = models.CharField(_("role"), max_length=120, blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = RichTextField(_("biography"), features=RICH_TEXT_FEATURES, blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("email"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("bio")]
    parent_page_types = ["news.AuthorIndexPage"]
    subpage_types = []
    template = "news/author_page.html"

    class Meta:
        verbose_name = _("author")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        paginator = CappedPaginator(selectors.author_articles(author=self), settings.NEWS_PAGE_SIZE)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["priority_id"] = selectors.first_image_id(context["page_obj"])
        return context
