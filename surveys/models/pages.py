"""SurveyPage places a survey in the site; its sub-URLs are the wizard's steps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from content.blocks import RICH_TEXT_FEATURES

PUBLIC = "public"
INVITATION_ONLY = "invitation"


class SurveyPage(RoutablePageMixin, Page):
    """A survey's home in the site: its introduction, who may answer, and where to go after."""

    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.PROTECT, related_name="pages", verbose_name=_("survey")
    )
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    access = models.CharField(
        _("who can answer"),
        max_length=12,
        choices=[(PUBLIC, _("Anyone with the link")), (INVITATION_ONLY, _("Only people invited by email"))],
        default=INVITATION_ONLY,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("survey"),
        FieldPanel("intro"),
        FieldPanel("access"),
        InlinePanel(
            "suggested_pages",
            label=_("Pages to suggest after answering"),
            help_text=_("Shown on the thank-you page, for example the care-setting pages."),
        ),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("survey page")

    @property
    def public(self) -> bool:
        return self.access == PUBLIC

    def serve(self, request, *args, **kwargs):
        from django.utils.cache import add_never_cache_headers

        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    @path("")
    def start(self, request):
        from surveys.views import survey_start

        return survey_start(request, page=self)

    @path("step/<str:step>/")
    def step(self, request, step):
        from surveys.views import survey_wizard

        return survey_wizard(request, page=self, step=step)

    @path("continue/")
    def resume(self, request):
        from surveys.views import survey_wizard

        return survey_wizard(request, page=self, step=None)

    @path("thank-you/")
    def thank_you(self, request):
        from surveys.views import survey_thank_you

        return survey_thank_you(request, page=self)


class SurveyPageSuggestion(Orderable):
    survey_page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="suggested_pages")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", ["content.ArticlePage", "content.CareSettingPage"])]
