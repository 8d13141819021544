"""The events' pages: the index (`/su-kien/`, `/en/events/`) with its past and calendar
sub-routes, and one page per event in each language. The facts of an event (times, place,
seats) are edited on its source page (Vietnamese, else the first) and copied to the shared
`Event` row on publication (`services.sync_from_page`); translations render that row."""

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from infofinance.core.pages import BasePage
from infofinance.news.blocks import ArticleBodyBlock
from infofinance.wiring import routes

from ..blocks import AgendaDayBlock
from .registrations import DEFAULT_ZONE, Attendance, Event

EVENT_INDEX_SLUGS = {"vi": "su-kien", "en": "events"}  # fixed: the Django patterns use them
ROUTE_WORDS = {
    "vi": {"past": "da-dien-ra", "calendar": "lich"},
    "en": {"past": "past", "calendar": "calendar"},
}
SUB_ROUTE_PATTERN = "|".join(
    sorted({word for words in ROUTE_WORDS.values() for word in words.values()})
)
EVENT_INDEX_RESERVED = routes.reserve(
    "events.index",
    {"da-dien-ra", "past", "lich", "calendar", "ve", "ticket", "rss", "atom"},
)
# The facts an event's translations share, copied to `Event` by services.sync_from_page.
FACT_FIELDS = (
    "starts_at",
    "ends_at",
    "time_zone",
    "attendance",
    "venue_name",
    "street_address",
    "locality",
    "region",
    "postal_code",
    "country",
    "map_url",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "offer_hours",
)


class EventIndexPage(RoutablePageMixin, BasePage):
    """Upcoming events; `past/` and `calendar/` (`?thang=` / `?month=YYYY-MM`) as sub-routes."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    reserved_child_slugs = EVENT_INDEX_RESERVED
    max_count_per_parent = 1
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("event index")

    def clean(self):
        super().clean()
        # The registration and ticket paths are written with these slugs: they are locked.
        if self.renames_live_slug():
            raise ValidationError({"slug": _("The slug of the events page cannot be changed.")})

    def route_word(self, name: str) -> str:
        return ROUTE_WORDS.get(self.locale.language_code, ROUTE_WORDS["vi"])[name]

    @path("", name="upcoming")
    def upcoming_view(self, request):
        from .. import selectors

        context = selectors.index_context(page=self, request=request)
        return self.render(request, context_overrides=context)

    # Only the route words: any other segment is an event's slug, for Wagtail's routing of the
    # children (RoutablePageMixin tries its routes first) and the fast path's alike.
    @re_path(rf"^(?P<word>{SUB_ROUTE_PATTERN})/$", name="listing")
    def listing_view(self, request, word):
        from .. import selectors

        if word == self.route_word("past"):
            context = selectors.past_context(page=self, request=request)
            template = "events/event_listing_page.html"
        elif word == self.route_word("calendar"):
            context = selectors.calendar_context(page=self, request=request)
            template = "events/event_calendar_page.html"
        else:
            raise Http404
        return self.render(request, context_overrides=context, template=template)


class EventPage(BasePage):
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences, for cards and search.")
    )
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    agenda = StreamField([("day", AgendaDayBlock())], verbose_name=_("agenda"), blank=True)

    # The facts (see FACT_FIELDS), as on Event.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone of the venue"),
        max_length=64,
        default=DEFAULT_ZONE,
        help_text=_("An IANA name such as Asia/Ho_Chi_Minh or Asia/Singapore."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance, default=Attendance.IN_PERSON
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=300, blank=True)
    locality = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="VN")
    map_url = models.URLField(
        _("map link"), blank=True, help_text=_("A link to a map; no map is embedded.")
    )
    online_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_("Shown only to registered attendees and in their e-mails."),
    )
    capacity = models.PositiveIntegerField(_("seats"))
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: on publication.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event starts."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to take an offered seat"),
        default=settings.EVENTS_DEFAULT_OFFER_HOURS,
        help_text=_("When a seat frees up, the first person waiting has this long to take it."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone"),
                FieldPanel("attendance"),
                FieldPanel("venue_name"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("country")]),
                FieldPanel("map_url"),
                FieldPanel("online_url"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("offer_hours")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
            ],
            heading=_("Date, place and seats"),
            help_text=_("Edited on the Vietnamese page; translations follow it."),
        ),
        FieldPanel("body"),
        FieldPanel("agenda"),
        InlinePanel("speakers", label=_("Speakers")),
        InlinePanel("organiser_links", label=_("Organisers")),
        InlinePanel("sponsor_links", label=_("Sponsors")),
        InlinePanel("questions", label=_("Registration questions")),
        InlinePanel("article_links", label=_("Related articles")),
        InlinePanel("broker_links", label=_("Brokers mentioned")),
    ]
    after_panels = [
        InlinePanel("photos", label=_("Photos")),
        InlinePanel("materials", label=_("Materials")),
    ]

    @cached_classmethod
    def get_edit_handler(cls):
        tabs = [
            ObjectList(cls.content_panels, heading=_("Content")),
            ObjectList(cls.after_panels, heading=_("After the event")),
            ObjectList(cls.promote_panels, heading=_("Promote")),
            ObjectList(cls.settings_panels, heading=_("Settings")),
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        index.FilterField("starts_at"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    template = "events/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # -- the shared facts ------------------------------------------------------------------------

    def shared_event(self) -> Event | None:
        if not self.translation_key:
            return None
        return Event.objects.filter(translation_key=self.translation_key).first()

    def is_source(self, event: Event | None = None) -> bool:
        """Whether this page writes the facts: no Event yet, or the Event's source page."""
        event = event if event is not None else self.shared_event()
        return event is None or event.source_page_id in (None, self.pk)

    def facts(self, *, preview: bool = False) -> Event:
        """The facts to show: the shared row for a live page, this page's own fields in a
        preview (an unsaved Event), so a new date can be previewed."""
        event = None if preview else self.shared_event()
        if event is not None:
            return event
        shared = self.shared_event()
        draft = Event(translation_key=self.translation_key, source_page_id=self.pk)
        if shared is not None:
            draft.pk = shared.pk
            for name in ("status", "previous_starts_at", "schedule_version", "questions"):
                setattr(draft, name, getattr(shared, name))
        for name in FACT_FIELDS:
            setattr(draft, name, getattr(self, name))
        draft.listed = True  # a preview shows the page as readers will see it once published
        return draft

    def full_clean(self, *args, **kwargs):
        # A translation follows the source page: its fact fields are reset to the shared row,
        # so an English editor cannot move the seminar.
        event = self.shared_event()
        if event is not None and not self.is_source(event):
            for name in FACT_FIELDS:
                setattr(self, name, getattr(event, name))
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        closes = self.registration_closes_at
        if self.registration_opens_at and closes and self.registration_opens_at >= closes:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if self.time_zone not in zoneinfo.available_timezones():
            errors["time_zone"] = _("Enter a time zone name such as Asia/Ho_Chi_Minh.")
        if self.attendance in (Attendance.ONLINE, Attendance.MIXED) and not self.online_url:
            errors["online_url"] = _("An online event needs its join link.")
        if self.attendance in (Attendance.IN_PERSON, Attendance.MIXED) and not (
            self.venue_name and self.locality
        ):
            errors["venue_name"] = _("An event in person needs its venue and city.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("An event needs at least one seat.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.event_page_context(page=self, request=request))
        return context

    def fallback_url(self, language: str) -> str | None:
        # Without a translation, the reader lands on the events index in the other language.
        index = EventIndexPage.objects.live().filter(locale__language_code=language).first()
        return index.url if index is not None else super().fallback_url(language)


class EventSpeaker(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")


class EventOrganiserLink(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="organiser_links")
    organiser = models.ForeignKey(
        "events.Organiser", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("organiser")]

    class Meta(Orderable.Meta):
        verbose_name = _("organiser")


class SponsorTier(models.TextChoices):
    GOLD = "gold", _("Gold sponsor")
    SILVER = "silver", _("Silver sponsor")
    PARTNER = "partner", _("Partner")


class EventSponsorLink(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sponsor_links")
    sponsor = models.ForeignKey(
        "events.Sponsor", verbose_name=_("sponsor"), on_delete=models.PROTECT, related_name="+"
    )
    tier = models.CharField(_("tier"), max_length=8, choices=SponsorTier, default="partner")

    panels = [FieldPanel("sponsor"), FieldPanel("tier")]

    class Meta(Orderable.Meta):
        verbose_name = _("sponsor")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    CONSENT = "consent", _("Consent")


class EventQuestion(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("A short name for the export, the same in every language."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind, default="text")
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("One per line: code = label, e.g. “beginner = Beginner”."),
    )
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldPanel("key"),
        FieldPanel("kind"),
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")

    def parsed_choices(self) -> list[tuple[str, str]]:
        """[(code, label)] from the "code = label" lines; a line without "=" is its own code."""
        pairs = []
        for line in self.choices.splitlines():
            if not line.strip():
                continue
            code, _sep, label = line.partition("=")
            code = code.strip()
            pairs.append((code, label.strip() or code))
        return pairs

    def clean(self):
        super().clean()
        if self.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            choices = self.parsed_choices()
            codes = [code for code, _label in choices]
            if len(choices) < 2:
                raise ValidationError({"choices": _("Give at least two choices.")})
            if len(set(codes)) != len(codes) or not all(codes):
                raise ValidationError({"choices": _("Each choice needs its own code.")})


class EventArticleLink(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="article_links")
    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")


class EventBrokerLink(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="broker_links")
    broker = models.ForeignKey(
        "brokers.Broker", verbose_name=_("broker"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("broker")]

    class Meta(Orderable.Meta):
        verbose_name = _("broker mentioned")


class EventPhoto(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")


class EventMaterial(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("link"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("document"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(_("Give either a document or a link."))

    @property
    def href(self) -> str:
        document = self.document if self.document_id else None
        return document.url if document is not None else self.url
