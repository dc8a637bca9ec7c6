"""Follow-ups a user may see, and how many wait for them."""

from __future__ import annotations

from feedback.models import FollowUp
from surveys.selectors import responses_for_user


def followups_for_user(*, user):
    """Follow-ups on the responses the user may see."""
    return FollowUp.objects.filter(response__in=responses_for_user(user=user).values("pk"))


def followups_open_count(*, user) -> int:
    """Open and in-progress follow-ups assigned to the user (one COUNT query)."""
    if not user.is_authenticated:
        return 0
    return FollowUp.objects.filter(assigned_to=user, status__in=(FollowUp.OPEN, FollowUp.IN_PROGRESS)).count()
