from django.utils import timezone
from wagtail.admin.ui.components import Component

from feedback.selectors import followup_counts_for_user


class FollowUpsPanel(Component):
    """On the admin home page: the signed-in user's open and overdue follow-ups."""

    name = "followups"
    order = 20
    template_name = "surveys/admin/followups_panel.html"

    def get_context_data(self, parent_context=None):
        user = parent_context["request"].user
        return {"counts": followup_counts_for_user(user=user, now=timezone.now())}
