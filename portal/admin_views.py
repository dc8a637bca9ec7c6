"""Admin views for staff accounts: a manager resets a colleague's two-step verification."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.two_step import user_has_second_factor, user_may_reset_second_factor, user_second_factor_reset


def two_step_reset(request, user_id: int):
    """Confirm, then remove the colleague's authenticator and recovery codes (audited)."""
    account = get_object_or_404(get_user_model(), pk=user_id)
    if not user_may_reset_second_factor(user=account, by=request.user):
        raise PermissionDenied
    if request.method == "POST":
        user_second_factor_reset(user=account, by=request.user)
        messages.success(
            request,
            _("Two-step verification of %(email)s was reset. They set it up again when they next sign in.")
            % {"email": account.email},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "portal/admin/two_step_reset.html",
        {"account": account, "has_second_factor": user_has_second_factor(user=account)},
    )
