from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class SurveyVersionsPanel(Panel):
    """Lists a survey's frozen versions with how many responses each has."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Versions"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "surveys/admin/versions_panel.html"

        def get_context_data(self, parent_context=None):
            # Late: the Survey model holds this panel, and the selectors import that model.
            from surveys.selectors import survey_versions_with_counts

            context = super().get_context_data(parent_context)
            survey = self.instance
            context["versions"] = survey_versions_with_counts(survey=survey) if survey.pk else []
            context["survey"] = survey
            return context
