"""Admin views for staff accounts: a manager resets a colleague's two-step verification."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.selectors import account_for_id
from portal.two_step import user_has_second_factor, user_may_reset_second_factor, user_second_factor_reset


def two_step_reset(request, user_id: int):
    """Confirm, then remove the colleague's authenticator and recovery codes (audited)."""
    account = account_for_id(user_id=user_id)
    if account is None:
        raise Http404
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
