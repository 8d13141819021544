"""The blocks an article body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "superscript", "subscript"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    speaker = blocks.CharBlock(label=_("speaker"), max_length=120)
    role = blocks.CharBlock(label=_("role"), max_length=120, required=False)
    organisation = blocks.CharBlock(label=_("organisation"), max_length=160, required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=300, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class ConclusionBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("title"),
        max_length=120,
        help_text=_("For example “Conclusion” or “Key takeaways”."),
    )
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "tick-inverse"
        template = "blocks/conclusion.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"), max_length=200, icon="title", template="blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph.html"
    )
    quote = QuoteBlock(label=_("quote"))
    image = ImageBlock(label=_("image"))
    table = TableBlock(label=_("table"), template="blocks/table.html")
    conclusion = ConclusionBlock(label=_("conclusion / key takeaways"))
