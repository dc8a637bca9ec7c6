from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from content import readability


class ReadabilityPanel(Panel):
    """Shows the reading figures measured when the page was last saved."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("How easy is this page to read?"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/admin/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(
                measured=page.readability_grade is not None,
                grade=page.readability_grade,
                sentence_words=page.readability_sentence_words,
                details=page.readability_details or {},
                grade_warning=readability.GRADE_WARNING,
                grade_limit=readability.GRADE_LIMIT,
                sentence_limit=readability.SENTENCE_WORDS_LIMIT,
                above_warning=(page.readability_grade or 0) > readability.GRADE_WARNING,
                needs_reason=page.readability_needs_reason,
            )
            return context


class ReviewStatusPanel(Panel):
    """The last clinical review as stamped on approval: shown, never typed (see
    EducationPage.publish)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Last clinical review"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/admin/review_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            return context
