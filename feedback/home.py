"""What each role's admin home page lists: the reads behind ``feedback.panels``.

Feedback is the top product layer, so the home page reads follow-ups, care transitions,
invitations, packets and education pages from here. Every read starts from the selector
that scopes the user (``followups_for_user``, ``transitions_for_user``,
``invitations_for_user``), so a panel never lists what the user's own screens would refuse.
Lists are bounded: a panel shows the first ``HOME_LIST_LIMIT`` rows and the total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page, WorkflowState

from content.readability import GRADE_WARNING
from content.selectors import education_pages_review_due, education_pages_with_figures
from content.services import REVIEW_NOTICE_DAYS
from feedback.dashboard_numbers import change, percent
from feedback.figures import day_start, local_day
from feedback.models import FollowUp
from feedback.selectors import OPEN_STATUSES, followups_for_user, urgent_first
from packets.models import Packet
from portal.roles import EDITOR, LIAISON, MANAGER
from surveys.models import Invitation
from surveys.selectors import invitations_for_user
from transitions.selectors import transitions_for_user

HOME_LIST_LIMIT = 10
# A packet whose email went out this many days ago and was never opened is worth a call.
# A constant rather than a PacketSettings field: nobody has asked to tune it yet.
PACKET_UNOPENED_DAYS = 3
# Invitations that could not be sent are listed for moves this recent: older ones can no
# longer be surveyed in time, so they are no longer work to do.
INVITATION_PROBLEM_DAYS = 30


@dataclass(frozen=True)
class Bounded:
    """The first rows of a list and how many there are in all."""

    rows: list
    total: int


def bounded(queryset: QuerySet, *, limit: int = HOME_LIST_LIMIT) -> Bounded:
    """The first ``limit`` rows and the total; the COUNT query only when the list is full."""
    rows = list(queryset[:limit])
    return Bounded(rows=rows, total=queryset.count() if len(rows) == limit else len(rows))


def home_role(*, user) -> str | None:
    """The role whose home page the user sees: superusers see the manager's; a person in
    several roles sees the widest one (manager, then liaison, then editor); None for anyone
    else, who keeps Wagtail's own home page."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return MANAGER
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in (MANAGER, LIAISON, EDITOR) if role in names), None)


# --- follow-ups ----------------------------------------------------------------------------------


def _followup_rows(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """What a home list shows of a follow-up: its reference number, severity, due time and
    owner, urgent first and then soonest due, as the queue sorts them (one query)."""
    return urgent_first(
        queryset.filter(status__in=OPEN_STATUSES)
        .select_related("assigned_to", "response__transition")
        .only(
            "pk",
            "severity",
            "status",
            "due_at",
            "response__id",
            "response__transition__external_reference",
            "assigned_to__first_name",
            "assigned_to__last_name",
            "assigned_to__username",
        )
    )


def followups_due_for_user(*, user) -> QuerySet[FollowUp]:
    """The user's own open follow-ups that they may open, soonest due first."""
    return _followup_rows(followups_for_user(user=user).filter(assigned_to=user))


def followups_overdue_for_team(*, user, now: dt.datetime) -> QuerySet[FollowUp]:
    """Every open follow-up past its due time in the user's scope, most overdue first."""
    return _followup_rows(followups_for_user(user=user).filter(due_at__lt=now))


def followups_waiting_for_liaison(*, user) -> QuerySet[FollowUp]:
    """Open cases in the user's scope that found no liaison and fell to a manager (every case
    has an owner, so "waiting" means routed to the managers, not unassigned)."""
    return _followup_rows(followups_for_user(user=user).filter(routed_to=FollowUp.MANAGER))


# --- care transitions, invitations and packets ---------------------------------------------------


def transitions_not_invited(*, user, today: dt.date) -> QuerySet:
    """Recent moves in the user's scope whose survey invitation could not go out: no email
    address (and not marked do-not-contact), an invitation that failed or an address that
    opted out; each with ``no_email``, ``invitation_failed`` and ``opted_out``, newest first."""
    invitations = Invitation.objects.filter(transition=OuterRef("pk"))
    return (
        transitions_for_user(user=user)
        .filter(
            transition_date__gte=today - dt.timedelta(days=INVITATION_PROBLEM_DAYS),
            contact_erased_at__isnull=True,
        )
        .annotate(
            no_email=ExpressionWrapper(Q(email="", do_not_contact=False), output_field=BooleanField()),
            invitation_failed=Exists(invitations.filter(status=Invitation.FAILED)),
            opted_out=Exists(invitations.filter(status=Invitation.OPTED_OUT)),
        )
        .filter(Q(no_email=True) | Q(invitation_failed=True) | Q(opted_out=True))
        .only("pk", "external_reference", "transition_date")
        .order_by("-transition_date", "-pk")
    )


def packets_not_opened(*, user, now: dt.datetime) -> QuerySet[Packet]:
    """Packets in the user's scope emailed more than ``PACKET_UNOPENED_DAYS`` ago, whose
    link still works and was never opened, longest waiting first."""
    return (
        Packet.objects.filter(
            transition__in=transitions_for_user(user=user).values("pk"),
            status=Packet.SENT,
            opened_at__isnull=True,
            sent_at__lt=now - dt.timedelta(days=PACKET_UNOPENED_DAYS),
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("transition")
        .only("pk", "sent_at", "transition__id", "transition__external_reference")
        .order_by("sent_at", "pk")
    )


def response_rates(*, user, now: dt.datetime) -> dict:
    """Invitations sent this month so far and last month in the user's scope, and the share
    answered (as the dashboard counts them: answered among those sent), in one query."""
    first_day = local_day(now).replace(day=1)
    this_start = day_start(first_day)
    last_start = day_start((first_day - dt.timedelta(days=1)).replace(day=1))
    answered = Q(responded_at__isnull=False)
    this = Q(sent_at__gte=this_start, sent_at__lt=now)
    last = Q(sent_at__gte=last_start, sent_at__lt=this_start)
    counts = (
        invitations_for_user(user=user)
        .filter(sent_at__gte=last_start)
        .aggregate(
            sent=Count("pk", filter=this),
            answered=Count("pk", filter=this & answered),
            previous_sent=Count("pk", filter=last),
            previous_answered=Count("pk", filter=last & answered),
        )
    )
    rate = percent(counts["answered"], counts["sent"])
    previous_rate = percent(counts["previous_answered"], counts["previous_sent"])
    return {
        **counts,
        "rate": rate,
        "previous_rate": previous_rate,
        "rate_change": change(rate, previous_rate),
        "month": first_day,
        "previous_month": last_start.date(),
    }


# --- education pages ---------------------------------------------------------------------------


def pages_review_due_for_owner(*, user, today: dt.date) -> QuerySet[Page]:
    """Education pages the user owns whose clinical review is overdue or due within
    ``REVIEW_NOTICE_DAYS``, soonest first (a page without a review date is not listed)."""
    return education_pages_review_due(by=today + dt.timedelta(days=REVIEW_NOTICE_DAYS)).filter(owner=user)


def pages_review_overdue(*, today: dt.date) -> QuerySet[Page]:
    """Every education page whose clinical review date has passed, most overdue first."""
    return education_pages_review_due(by=today - dt.timedelta(days=1))


def pages_hard_to_read_for_owner(*, user) -> QuerySet[Page]:
    """Education pages the user owns that read above the grade target, hardest first."""
    return (
        education_pages_with_figures().filter(owner=user, grade__gt=GRADE_WARNING).order_by("-grade", "title")
    )


def pages_in_review_for_user(*, user) -> QuerySet[WorkflowState]:
    """Workflows in progress on pages the user submitted or owns, with the page and the
    current task, newest task first (as Wagtail's own panel reads them, limited to pages)."""
    owned = Page.objects.filter(owner=user).annotate(key=Cast("pk", CharField())).values("key")
    return (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .filter(Q(object_id__in=owned) | Q(requested_by=user))
        .select_related("current_task_state__task")
        .prefetch_related("content_object")
        .order_by("-current_task_state__started_at", "-pk")
    )
