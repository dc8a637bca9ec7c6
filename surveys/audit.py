"""Audit entries for what happens to survey submissions held as possibly automated (Wagtail
log entries, with actions of our own; the review area's own entries are in feedback.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

HELD_RELEASED = "surveys.held.release"
HELD_DELETED = "surveys.held.delete"


@hooks.register("register_log_actions")
def register_held_actions(actions):
    actions.register_action(
        HELD_RELEASED, _("Release held submission"), _("Released a possible automated submission")
    )
    actions.register_action(
        HELD_DELETED, _("Delete held submission"), _("Deleted a possible automated submission")
    )


def held_submission_released(*, held, response, user) -> None:
    """Logged against the response the held answers became."""
    log(instance=response, action=HELD_RELEASED, user=user, data={"held": str(held.pk)})


def held_submission_deleted(*, held, user) -> None:
    """Logged against the survey version: the held row itself is gone afterwards."""
    log(
        instance=held.version.survey,
        action=HELD_DELETED,
        user=user,
        data={"held": str(held.pk), "received_at": held.received_at.isoformat()},
    )
