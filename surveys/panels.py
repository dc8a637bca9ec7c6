from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component


class SurveyVersionsPanel(Panel):
    """Lists a survey's frozen versions with how many responses each has."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Versions"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "surveys/admin/versions_panel.html"

        def get_context_data(self, parent_context=None):
            from surveys.selectors import survey_versions_with_counts

            context = super().get_context_data(parent_context)
            survey = self.instance
            context["versions"] = survey_versions_with_counts(survey=survey) if survey.pk else []
            context["survey"] = survey
            return context


class FollowUpsPanel(Component):
    """On the admin home page: the signed-in user's open and overdue follow-ups."""

    name = "followups"
    order = 20
    template_name = "surveys/admin/followups_panel.html"

    def get_context_data(self, parent_context=None):
        from django.db.models import Count, Q
        from django.utils import timezone

        from surveys.models import FollowUp

        user = parent_context["request"].user
        counts = FollowUp.objects.filter(
            assigned_to=user, status__in=(FollowUp.OPEN, FollowUp.IN_PROGRESS)
        ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=timezone.now())))
        return {"counts": counts}
