"""Who may see which facilities, care transitions and liaisons: every list, form and
import that touches them starts here."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from transitions.models import CareTransition, Facility


def facilities_for_user(*, user):
    """The facilities a user works with: all of them for managers, else those assigned."""
    if user.is_superuser or user.has_perm("surveys.review_all_facilities"):
        return Facility.objects.all()
    return Facility.objects.filter(liaisons=user)


def facilities_listed_for_user(*, user):
    """The facilities a user's drop-downs and filters offer: those they work with, less the
    directory's providers that nobody works at and no recorded move went to or from (the
    Medicare import brings thousands; they are found through the chooser and the search)."""
    staffed = Facility.liaisons.through.objects.filter(facility=OuterRef("pk"))
    moves = CareTransition.objects.filter(
        Q(discharging_facility=OuterRef("pk")) | Q(receiving_facility=OuterRef("pk"))
    )
    return facilities_for_user(user=user).filter(
        Q(ccn__isnull=True) | Q(affiliated=True) | Exists(staffed) | Exists(moves)
    )


def facilities_active_for_user(*, user):
    """The active facilities a user works with: those a discharge may be recorded from."""
    return facilities_listed_for_user(user=user).filter(active=True)


def facilities_active():
    """Every active facility: those a patient may be recorded as moving to."""
    return Facility.objects.filter(active=True)


def liaisons_for_user(*, user):
    """The staff a user may name as a transition's liaison: those assigned to the active
    facilities the user works with (so no other hospital's staff list is shown)."""
    mine = facilities_active_for_user(user=user).values("pk")
    assigned = Facility.liaisons.through.objects.filter(facility__in=mine).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=assigned)


def liaison_choices_for_user(*, user, current_id: int | None = None):
    """The liaisons a user may choose on a transition's form, by name, with the one already
    named (``current_id``) kept, so an edit does not have to change it."""
    liaisons = liaisons_for_user(user=user)
    if current_id:
        liaisons = liaisons | get_user_model().objects.filter(pk=current_id)
    return liaisons.order_by("last_name", "first_name", "email")


def transitions_for_user(*, user):
    """Care transitions the user may see: every one for managers; for a liaison, those
    discharged from or received by their facilities, or assigned to them. Deny by default."""
    if not user.is_authenticated:
        return CareTransition.objects.none()
    if user.is_superuser or user.has_perm("surveys.review_all_facilities"):
        return CareTransition.objects.all()
    mine = facilities_for_user(user=user).values("pk")
    return CareTransition.objects.filter(
        Q(discharging_facility__in=mine) | Q(receiving_facility__in=mine) | Q(liaison=user)
    )


def transitions_listed_for_user(*, user):
    """The transitions list's rows: those the user may see, each with the facility shown."""
    return transitions_for_user(user=user).select_related("discharging_facility")


def transition_for_timeline(*, user, pk: int) -> CareTransition | None:
    """One care transition the user may see, with its facilities and without its contact
    details; None otherwise."""
    return (
        transitions_for_user(user=user)
        .select_related("discharging_facility", "receiving_facility")
        .defer("email", "phone", "proxy_name")
        .filter(pk=pk)
        .first()
    )


def transition_filter(filters: dict, *, prefix: str = "transition__"):
    """The facility, destination and liaison filters of a review or log form, as one
    condition on rows that reach a care transition through ``prefix``."""
    condition = Q()
    if "facility" in filters:
        facility = filters["facility"]
        condition &= Q(**{f"{prefix}discharging_facility": facility}) | Q(
            **{f"{prefix}receiving_facility": facility}
        )
    if "destination" in filters:
        condition &= Q(**{f"{prefix}destination_kind": filters["destination"]})
    if "liaison" in filters:
        condition &= Q(**{f"{prefix}liaison": filters["liaison"]})
    return condition
