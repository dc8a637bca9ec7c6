from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem, SubMenuItem

from feedback import audit  # noqa: F401  (registers the review area's log actions)
from feedback.figures import figures_mark_pending, local_day
from feedback.home import home_role
from feedback.panels import home_panels
from feedback.selectors import followups_open_count, log_entries_visible_to, transition_retention_blockers
from feedback.services import responses_follow_transition
from feedback.tasks import followups_open_task
from portal.celery import enqueue_soon
from surveys.hooks import RESPONSE_FOLLOWUPS_DUE, RESPONSE_STORED
from surveys.selectors import HELD_PERMISSION
from transitions.hooks import TRANSITION_RETENTION_BLOCKERS, TRANSITION_SAVED


@hooks.register("scope_log_entries")
def log_entries_of_records_the_user_may_see(queryset, user):
    """Site history (portal.audit_log): entries about care transitions, invitations,
    responses and follow-ups only for those the user may see; deny by default, so an entry
    whose record was deleted is shown to managers only."""
    return log_entries_visible_to(queryset, user=user)


@hooks.register(RESPONSE_STORED)
def figures_follow_the_response(response) -> None:
    figures_mark_pending(day=local_day(response.submitted_at))


@hooks.register(RESPONSE_FOLLOWUPS_DUE)
def followups_queued(response_id: int) -> None:
    # A broker that is down must not fail or slow the patient's submit.
    enqueue_soon(followups_open_task, response_id)


def _followup_rules_moved(request):
    return redirect("wagtailsettings:edit", "feedback", "followuprules", permanent=True)


@hooks.register("register_admin_urls")
def feedback_admin_urls():
    return [
        path("invitations/", include("feedback.admin_log")),
        path("feedback/", include("feedback.admin_review")),
        path("held-submissions/", include("feedback.admin_held")),
        # Follow-up rules lived in the surveys app; bookmarks to the old address still work.
        path("settings/surveys/followuprules/", _followup_rules_moved),
    ]


class InvitationLogItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("transitions.view_caretransition")


@hooks.register("register_admin_menu_item")
def invitation_log_menu_item():
    return InvitationLogItem(
        pgettext_lazy("admin menu", "Invitation log"),
        reverse("invitation_log:index"),
        icon_name="mail",
        order=256,
    )


def _open_count(request) -> int:
    """The user's open follow-ups, counted once per request (two menu items show it)."""
    if not hasattr(request, "_followups_open_count"):
        request._followups_open_count = followups_open_count(user=request.user)
    return request._followups_open_count


class _ReviewItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("surveys.review_responses")


class FollowUpsMenuItem(_ReviewItem):
    """Its label carries the number of open follow-ups assigned to the signed-in user."""

    def render_component(self, request):
        count = _open_count(request)
        label = _("Follow-ups · %(count)s") % {"count": count} if count else self.label
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class FeedbackMenuItem(SubmenuMenuItem):
    """ "Feedback", with the signed-in user's open follow-ups counted beside it so they show
    without opening the menu."""

    def is_shown(self, request):
        return request.user.has_perm("surveys.review_responses")

    def render_component(self, request):
        count = _open_count(request)
        label = _("Feedback · %(count)s") % {"count": count} if count else self.label
        return SubMenuItem(
            self.name,
            label,
            self.menu.render_component(request),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


feedback_menu = Menu(register_hook_name="register_feedback_menu_item", construct_hook_name=None)


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    return FeedbackMenuItem(_("Feedback"), feedback_menu, icon_name="clipboard-list", order=250)


@hooks.register("register_feedback_menu_item")
def feedback_dashboard_item():
    return _ReviewItem(_("Dashboard"), reverse("review:dashboard"), icon_name="order", order=10)


@hooks.register("register_feedback_menu_item")
def feedback_responses_item():
    return _ReviewItem(_("Responses"), reverse("review:responses"), icon_name="list-ul", order=20)


@hooks.register("register_feedback_menu_item")
def feedback_followups_item():
    return FollowUpsMenuItem(_("Follow-ups"), reverse("review:followups"), icon_name="warning", order=30)


class HeldItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(HELD_PERMISSION)


@hooks.register("register_feedback_menu_item")
def feedback_held_item():
    return HeldItem(
        pgettext_lazy("admin menu", "Held for review"),
        reverse("held_submissions:index"),
        icon_name="warning",
        order=40,
    )


def _home_role(request) -> str | None:
    """The role whose home page the user sees, read once per request (two hooks ask)."""
    if not hasattr(request, "_home_role"):
        request._home_role = home_role(user=request.user)
    return request._home_role


# After Wagtail's own hooks (order 0), so the generic items and panels are there to drop.
@hooks.register("construct_homepage_summary_items", order=100)
def role_home_without_site_summary(request, summary_items):
    """ "32 Pages, 0 Images" says nothing to a liaison, manager or editor: their panels do."""
    if _home_role(request) is not None:
        summary_items.clear()


@hooks.register("construct_homepage_panels", order=100)
def role_home_panels(request, panels):
    """Each role's own panels in place of Wagtail's generic ones (feedback.panels)."""
    role = _home_role(request)
    if role is not None:
        panels[:] = home_panels(role=role, panels=panels)


@hooks.register(TRANSITION_SAVED)
def responses_follow_their_transition(transition):
    """Responses keep a copy of where their transition went (for the dashboards and the
    reviewers' scope): an edit moves them with it, in one UPDATE, and their days' figures."""
    responses_follow_transition(transition=transition)


@hooks.register(TRANSITION_RETENTION_BLOCKERS)
def followups_still_to_act_on():
    """A response the follow-up rules have not run on yet, or a follow-up still open."""
    return transition_retention_blockers()
