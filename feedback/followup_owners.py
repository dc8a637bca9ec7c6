"""Who owns a follow-up: never nobody.

The fallback, in order: the transition's liaison (if active) → the liaisons of the receiving
facility, then of the discharging one (both see the response) → the managers → the active
superusers; within a group, the one with the fewest open cases (ties by id). Every owner may
review responses, so they can open the case they are given."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from feedback.models import FollowUp
from portal.roles import MANAGER

REVIEW_PERMISSION = "surveys.review_responses"
# Permissions come from groups and users (allauth's backend grants none).
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
OPEN = (FollowUp.OPEN, FollowUp.IN_PROGRESS)


def reviewers() -> QuerySet:
    """Active users who may review responses."""
    User = get_user_model()
    return User.objects.filter(
        pk__in=User.objects.with_perm(REVIEW_PERMISSION, backend=PERMISSION_BACKEND).values("pk")
    )


def _least_busy(people: QuerySet, *, exclude: int | None):
    """The one of ``people`` with the fewest open cases, ties by id."""
    if exclude is not None:
        people = people.exclude(pk=exclude)
    return (
        people.annotate(open_cases=Count("followups", filter=Q(followups__status__in=OPEN), distinct=True))
        .order_by("open_cases", "pk")
        .first()
    )


def followup_owner(*, response, exclude: int | None = None) -> tuple[object | None, str]:
    """(owner, how routed) for a response's case; (None, "") when nobody at all can own it.
    ``exclude`` leaves out one user (the one whose cases are being handed on)."""
    able = reviewers()
    transition = response.transition
    liaison_id = transition.liaison_id if transition else response.liaison_id
    if liaison_id and liaison_id != exclude:
        liaison = able.filter(pk=liaison_id).first()
        if liaison is not None:
            return liaison, FollowUp.LIAISON
    facilities = (
        [transition.receiving_facility_id, transition.discharging_facility_id]
        if transition
        else [response.receiving_facility_id, response.facility_id]
    )
    for facility_id in filter(None, facilities):
        owner = _least_busy(able.filter(facilities=facility_id), exclude=exclude)
        if owner is not None:
            return owner, FollowUp.FACILITY
    User = get_user_model()
    for people in (able.filter(groups__name=MANAGER), User.objects.filter(is_superuser=True, is_active=True)):
        owner = _least_busy(people, exclude=exclude)
        if owner is not None:
            return owner, FollowUp.MANAGER
    return None, ""


def owner_choices(*, followup: FollowUp) -> QuerySet:
    """Whom a case may be handed to: active reviewers who can see its response, but not
    the current owner."""
    response = followup.response
    able = reviewers().exclude(pk=followup.assigned_to_id)
    User = get_user_model()
    everything = User.objects.with_perm("surveys.review_all_facilities", backend=PERMISSION_BACKEND).values(
        "pk"
    )
    facilities = [pk for pk in (response.facility_id, response.receiving_facility_id) if pk]
    in_scope = Q(pk__in=everything) | Q(facilities__in=facilities)
    if response.liaison_id:
        in_scope |= Q(pk=response.liaison_id)
    # The scope rule of surveys.selectors.response_scope, asked the other way round.
    return able.filter(in_scope).distinct().order_by("first_name", "last_name", "pk")
