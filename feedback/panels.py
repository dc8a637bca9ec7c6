from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from feedback.models import FollowUp


class FollowUpsPanel(Component):
    """On the admin home page: the signed-in user's open and overdue follow-ups."""

    name = "followups"
    order = 20
    template_name = "surveys/admin/followups_panel.html"

    def get_context_data(self, parent_context=None):
        user = parent_context["request"].user
        counts = FollowUp.objects.filter(
            assigned_to=user, status__in=(FollowUp.OPEN, FollowUp.IN_PROGRESS)
        ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=timezone.now())))
        return {"counts": counts}
