"""The admin home page of each staff role, as Wagtail home panels (``construct_homepage_panels``).

Each panel is a short, bounded list of work with a link to where it is done, or one plain
sentence when there is none. The reads are ``feedback.home``'s, scoped to the user, and the
lists show reference numbers, never patients' names. ``home_panels`` says which panels a
role sees and which of Wagtail's generic ones it no longer needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.components import Component

from content.readability import GRADE_WARNING
from feedback import home
from portal.roles import EDITOR, LIAISON, MANAGER


@dataclass(frozen=True)
class HomeItem:
    """One row of a home list: a link and what to know about it, in words."""

    url: str
    label: str
    details: tuple[str, ...] = ()
    flag: str = ""


def _when(value) -> str:
    """A date or moment as the admin shows it, in the organization's time zone."""
    if hasattr(value, "tzinfo"):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


class HomeListPanel(Component):
    """A heading, the first rows of a list, "See all N" when there are more, and a plain
    sentence when there are none. Subclasses say what the rows are and how each reads."""

    template_name = "feedback/admin/home/list_panel.html"
    heading = ""
    empty_text = ""

    def intro(self) -> str:
        """A sentence under the heading saying which rows the list holds ("" for none)."""
        return ""

    def rows(self, request) -> home.Bounded:
        raise NotImplementedError

    def item(self, row, request) -> HomeItem:
        raise NotImplementedError

    def see_all_url(self, request) -> str:
        """The filtered list with every row, when there is one ("" when there is none)."""
        return ""

    def get_context_data(self, parent_context=None):
        request = parent_context["request"]
        found = self.rows(request)
        return {
            "panel_id": f"home-{self.name}",
            "heading": self.heading,
            "intro": self.intro(),
            "empty_text": self.empty_text,
            "items": [self.item(row, request) for row in found.rows],
            "total": found.total,
            "see_all_url": self.see_all_url(request) if found.total > len(found.rows) else "",
        }


# --- follow-ups ----------------------------------------------------------------------------------


def _followup_item(followup, *, now, show_assignee: bool = False) -> HomeItem:
    transition = followup.response.transition
    details = [followup.get_severity_display(), _("due %(when)s") % {"when": _when(followup.due_at)}]
    if transition is not None:
        details.insert(0, _("reference %(reference)s") % {"reference": transition.external_reference})
    if show_assignee:
        person = followup.assigned_to
        details.append(
            _("held by %(name)s") % {"name": person.get_full_name() or person.get_username()}
            if person
            else _("no liaison yet")
        )
    return HomeItem(
        url=reverse("review:followup", args=[followup.pk]),
        label=_("Follow-up %(number)s") % {"number": followup.pk},
        details=tuple(details),
        flag=_("Overdue") if followup.due_at < now else "",
    )


def _followups_url(**filters) -> str:
    return f"{reverse('review:followups')}?{urlencode(filters)}" if filters else reverse("review:followups")


class FollowUpsPanel(HomeListPanel):
    """A liaison's open follow-ups, soonest due first."""

    name = "followups"
    order = 30
    heading = gettext_lazy("Your open follow-ups")
    empty_text = gettext_lazy("No open follow-ups — nothing is due.")

    def rows(self, request):
        return home.bounded(home.followups_due_for_user(user=request.user))

    def item(self, row, request):
        return _followup_item(row, now=timezone.now())

    def see_all_url(self, request):
        return _followups_url(mine="on")


class TeamOverdueFollowUpsPanel(HomeListPanel):
    """A manager's view of every follow-up past its due time."""

    name = "team_overdue_followups"
    order = 30
    heading = gettext_lazy("Overdue follow-ups across the team")
    empty_text = gettext_lazy("No follow-up is overdue.")

    def rows(self, request):
        return home.bounded(home.followups_overdue_for_team(user=request.user, now=timezone.now()))

    def item(self, row, request):
        return _followup_item(row, now=timezone.now(), show_assignee=True)

    def see_all_url(self, request):
        return _followups_url(overdue="on")


class WaitingForLiaisonPanel(HomeListPanel):
    """Cases that found no liaison and fell to the managers, for them to hand on."""

    name = "followups_waiting"
    order = 40
    heading = gettext_lazy("Follow-ups waiting for a liaison")
    empty_text = gettext_lazy("Every open follow-up has a liaison.")

    def rows(self, request):
        return home.bounded(home.followups_waiting_for_liaison(user=request.user))

    def item(self, row, request):
        return _followup_item(row, now=timezone.now(), show_assignee=True)

    def see_all_url(self, request):
        return _followups_url(waiting="on")


# --- transitions, invitations and packets ---------------------------------------------------------


def _transition_url(transition_id: int) -> str:
    return reverse("invitation_log:transition", args=[transition_id])


class InvitationsNotSentPanel(HomeListPanel):
    """Recent moves whose survey invitation could not go out, each with why."""

    name = "invitations_not_sent"
    order = 40
    heading = gettext_lazy("Invitations that could not be sent")
    empty_text = gettext_lazy("Every recent invitation could be sent.")

    def intro(self):
        return _("Moves in the last %(days)s days.") % {"days": home.INVITATION_PROBLEM_DAYS}

    def rows(self, request):
        return home.bounded(home.transitions_not_invited(user=request.user, today=timezone.localdate()))

    def item(self, row, request):
        reasons = []
        if row.no_email:
            reasons.append(_("no email address"))
        if row.opted_out:
            reasons.append(_("opted out of email"))
        if row.invitation_failed:
            reasons.append(_("the email failed"))
        return HomeItem(
            url=_transition_url(row.pk),
            label=_("Reference %(reference)s") % {"reference": row.external_reference},
            details=(_("moved %(when)s") % {"when": _when(row.transition_date)}, *reasons),
        )


class PacketsNotOpenedPanel(HomeListPanel):
    """Packets emailed a few days ago and never opened: worth a call to the patient."""

    name = "packets_not_opened"
    order = 50
    heading = gettext_lazy("Packets not opened")
    empty_text = gettext_lazy("Every packet sent has been opened, or was sent only recently.")

    def intro(self):
        return _("Emailed more than %(days)s days ago and not opened yet.") % {
            "days": home.PACKET_UNOPENED_DAYS
        }

    def rows(self, request):
        return home.bounded(home.packets_not_opened(user=request.user, now=timezone.now()))

    def item(self, row, request):
        return HomeItem(
            url=reverse("packets_admin:packet", args=[row.transition_id]),
            label=_("Reference %(reference)s") % {"reference": row.transition.external_reference},
            details=(_("emailed %(when)s") % {"when": _when(row.sent_at)},),
        )


class ResponseRatePanel(Component):
    """This month's response rate beside last month's, for the manager's scope."""

    name = "response_rate"
    order = 50
    template_name = "feedback/admin/home/response_rate.html"

    def get_context_data(self, parent_context=None):
        request = parent_context["request"]
        rates = home.response_rates(user=request.user, now=timezone.now())
        moved = rates["rate_change"]
        return {
            "rates": rates,
            "points": abs(moved) if moved is not None else None,
            "dashboard_url": reverse("review:dashboard"),
        }


# --- education pages ----------------------------------------------------------------------------


def _page_edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _review_item(page, *, today) -> HomeItem:
    due = page.review_due
    return HomeItem(
        url=_page_edit_url(page),
        label=page.title,
        details=(page.locale.get_display_name(), _("review due %(when)s") % {"when": _when(due)}),
        flag=_("Overdue") if due < today else "",
    )


class PagesReviewDuePanel(HomeListPanel):
    """A liaison's own pages whose clinical review is due within 30 days or overdue."""

    name = "pages_review_due"
    order = 60
    heading = gettext_lazy("Your pages due for clinical review")
    empty_text = gettext_lazy("None of your pages is due for clinical review in the next 30 days.")

    def rows(self, request):
        return home.bounded(home.pages_review_due_for_owner(user=request.user, today=timezone.localdate()))

    def item(self, row, request):
        return _review_item(row, today=timezone.localdate())

    def see_all_url(self, request):
        return reverse("content_reports:review_due")


class PagesReviewOverduePanel(PagesReviewDuePanel):
    """Every page past its clinical review date, for the manager."""

    name = "pages_review_overdue"
    heading = gettext_lazy("Pages overdue for clinical review")
    empty_text = gettext_lazy("No page is overdue for clinical review.")

    def rows(self, request):
        return home.bounded(home.pages_review_overdue(today=timezone.localdate()))


class PagesInReviewPanel(HomeListPanel):
    """Pages the user submitted or owns that are in a review workflow, with the step they wait at."""

    name = "pages_in_review"
    order = 20
    heading = gettext_lazy("Your pages in review")
    empty_text = gettext_lazy("None of your pages is in review.")

    def rows(self, request):
        return home.bounded(home.pages_in_review_for_user(user=request.user))

    def item(self, row, request):
        task_state = row.current_task_state
        details = []
        if task_state is not None:
            details = [
                _("waiting at “%(task)s”") % {"task": task_state.task.name},
                _("since %(when)s") % {"when": _when(task_state.started_at)},
            ]
        return HomeItem(
            url=_page_edit_url(row.content_object), label=str(row.content_object), details=tuple(details)
        )

    def see_all_url(self, request):
        return f"{reverse('wagtailadmin_reports:workflow')}?{urlencode({'requested_by': request.user.pk})}"


class ReadabilityPanel(HomeListPanel):
    """An editor's own pages that read above the grade target, hardest first."""

    name = "readability_warnings"
    order = 30
    heading = gettext_lazy("Your pages above the reading target")
    empty_text = gettext_lazy("All your pages read at or below the target grade.")

    def intro(self):
        return _("Pages that read above grade %(grade)s.") % {"grade": int(GRADE_WARNING)}

    def rows(self, request):
        return home.bounded(home.pages_hard_to_read_for_owner(user=request.user))

    def item(self, row, request):
        return HomeItem(
            url=_page_edit_url(row),
            label=row.title,
            details=(row.locale.get_display_name(), _("grade %(grade).1f") % {"grade": row.grade}),
        )

    def see_all_url(self, request):
        return reverse("content_reports:readability")


# --- which panels each role sees ----------------------------------------------------------------

# Wagtail's generic panels that each role has no use for (by Component name). Editors and
# managers publish, so they keep "Awaiting your review"; editors keep their recent edits.
GENERIC_PANELS_DROPPED = {
    LIAISON: {
        "workflow_objects_to_moderate",
        "user_objects_in_workflow_moderation",
        "recent_edits",
        "locked_pages",
    },
    MANAGER: {"recent_edits"},
    EDITOR: {"user_objects_in_workflow_moderation", "locked_pages"},
}

ROLE_PANELS = {
    LIAISON: (
        FollowUpsPanel,
        InvitationsNotSentPanel,
        PacketsNotOpenedPanel,
        PagesReviewDuePanel,
        PagesInReviewPanel,
    ),
    MANAGER: (TeamOverdueFollowUpsPanel, WaitingForLiaisonPanel, ResponseRatePanel, PagesReviewOverduePanel),
    EDITOR: (PagesInReviewPanel, ReadabilityPanel),
}


def home_panels(*, role: str, panels: list) -> list:
    """The home panels of ``role``: Wagtail's (and the other apps') that still mean something
    to it, followed by its own."""
    dropped = GENERIC_PANELS_DROPPED[role]
    kept = [panel for panel in panels if getattr(panel, "name", None) not in dropped]
    return kept + [panel_class() for panel_class in ROLE_PANELS[role]]
