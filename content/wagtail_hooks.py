from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.models import Condition, GlossaryTerm


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "pick"
    list_display = ["name", "locale"]
    search_fields = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    list_display = ["term", "definition", "locale"]
    search_fields = ["term", "definition"]


class EducationSnippets(SnippetViewSetGroup):
    menu_label = _("Education library")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = [ConditionViewSet, GlossaryTermViewSet]


register_snippet(EducationSnippets)
