"""The agenda of an event: days, and on each the programme's items in the event's own zone, as
a printed programme has them."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    starts = blocks.TimeBlock(label=_("starts"))
    ends = blocks.TimeBlock(label=_("ends"), required=False)
    title = blocks.CharBlock(label=_("title"), max_length=200)
    speaker = blocks.CharBlock(label=_("speaker"), required=False, max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        label = _("item")
        icon = "time"


class AgendaDayBlock(blocks.StructBlock):
    day = blocks.DateBlock(label=_("day"), required=False)
    items = blocks.ListBlock(AgendaItemBlock(), label=_("items"))

    class Meta:
        label = _("day")
        icon = "date"
