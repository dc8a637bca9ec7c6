"""Audit entries for staff accounts, in Wagtail's log (Reports → Site history)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

TWO_STEP_RESET = "portal.two_step.reset"


@hooks.register("register_log_actions")
def register_account_actions(actions):
    actions.register_action(
        TWO_STEP_RESET, _("Reset two-step verification"), _("Two-step verification reset")
    )


def two_step_reset_logged(*, user, by) -> None:
    """One entry against the account whose authenticator was removed, naming who did it."""
    log(instance=user, action=TWO_STEP_RESET, user=by)
