from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Section, Tag


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "list-ul"
    list_display = ["name", "kind", "slug", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "slug"]


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]


class NewsroomViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newsroom")
    menu_icon = "doc-full"
    menu_order = 200
    items = (SectionViewSet, TagViewSet)


register_snippet(NewsroomViewSetGroup)
