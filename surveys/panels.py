from django.utils.html import format_html, json_script
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, Panel

from surveys import definition


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


def _builder_words() -> dict:
    """The survey editor's script's wording, in the editor's language: its choices' names and
    the answers of the built-in scales (surveys.definition)."""
    return {
        "always": gettext_now("Always ask"),
        "no_answer": gettext_now("Choose an answer"),
        "not_earlier": gettext_now("“%(value)s” (not in an earlier step)"),
        "not_an_answer": gettext_now("“%(value)s” (not one of its answers)"),
        "yes_no": definition.yes_no_options(),
        "scale": definition.scale_options(),
        "agreement": {
            points: definition.agreement_options(int(points), not_applicable=False) for points in ("4", "5")
        },
        "not_applicable": {"code": definition.NOT_APPLICABLE, "label": gettext_now("Not applicable")},
    }


class SurveyStepsPanel(FieldPanel):
    """The survey's steps, with the script that offers the earlier questions and their
    answers in "Show only if" (static/js/admin/survey-builder.js) and its wording: on the
    survey editor only, not on every page and snippet editor."""

    class BoundPanel(FieldPanel.BoundPanel):
        class Media:
            js = ["js/admin/survey-builder.js"]

        def render_html(self, parent_context=None):
            return format_html(
                "{}{}",
                super().render_html(parent_context),
                json_script(_builder_words(), "survey-builder-words"),
            )
