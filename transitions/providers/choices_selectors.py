"""Reads for the patient's choice list: the list of a transition the user may see, the
providers on it and near the patient, the shares made of it, and a provider looked up by
name or CCN. The user's scope comes from ``transitions_for_user``, so a liaison reaches only
the lists of their own facilities' transitions."""

from __future__ import annotations

from django.db.models import Q

from transitions.models import (
    PROVIDER_KINDS,
    CareTransition,
    ChoiceList,
    ChoiceListEntry,
    ChoiceListShare,
    Facility,
)
from transitions.providers.geo import zip_location
from transitions.providers.search import (
    SORT_DISTANCE,
    ProviderFound,
    providers_by_ids,
    providers_near,
    providers_sorted,
)
from transitions.selectors import transitions_for_user

MAX_LOOKUP_MATCHES = 10


def choice_transition_for_user(*, user, pk: int) -> CareTransition | None:
    """A care transition the user may see, with its facilities; None otherwise."""
    return (
        transitions_for_user(user=user)
        .select_related("discharging_facility", "receiving_facility")
        .filter(pk=pk)
        .first()
    )


def choice_list_for_transition(*, transition: CareTransition) -> ChoiceList | None:
    """The transition's choice list, if one was started."""
    return ChoiceList.objects.select_related("chosen_facility").filter(transition=transition).first()


def choice_list_entries(*, choice_list: ChoiceList) -> list[ChoiceListEntry]:
    """Every entry, on the list or taken off, with its provider and who changed it last."""
    return list(
        choice_list.entries.select_related("facility", "changed_by").order_by("-included", "facility__name")
    )


def choice_list_origin(*, choice_list: ChoiceList) -> tuple[float, float] | None:
    """The centre of the list's ZIP code, the point distances are measured from."""
    return zip_location(choice_list.zip_code)


def choice_list_providers(*, choice_list: ChoiceList, entries: list[ChoiceListEntry]) -> list[ProviderFound]:
    """The providers on the list, nearest first, each with its measures and distance."""
    ids = [entry.facility_id for entry in entries if entry.included]
    found = providers_by_ids(ids, origin=choice_list_origin(choice_list=choice_list))
    return providers_sorted(found, sort=SORT_DISTANCE)


def choice_list_search(*, choice_list: ChoiceList) -> list[ProviderFound]:
    """Active providers of the list's kind within its distance of its ZIP code, nearest
    first (never an order of the organization's own); empty for an unknown ZIP code."""
    origin = choice_list_origin(choice_list=choice_list)
    if origin is None or choice_list.kind not in PROVIDER_KINDS:
        return []
    return providers_near(
        kind=choice_list.kind, latitude=origin[0], longitude=origin[1], radius_miles=choice_list.radius_miles
    )


def providers_matching(*, query: str, kind: str) -> list[Facility]:
    """Active providers of ``kind`` whose CCN is ``query``, or else whose name holds it."""
    query = query.strip()
    if not query:
        return []
    providers = Facility.objects.filter(kind=kind, active=True)
    by_ccn = list(providers.filter(ccn=query.upper()))
    if by_ccn:
        return by_ccn
    return list(providers.filter(Q(name__icontains=query)).order_by("name")[:MAX_LOOKUP_MATCHES])


def choice_shares(*, choice_list: ChoiceList) -> list[ChoiceListShare]:
    """Every time the list was shared, newest first, with who shared it (not the copies)."""
    return list(choice_list.shares.select_related("shared_by").defer("snapshot"))


def choice_shares_for_transition(*, transition: CareTransition) -> list[ChoiceListShare]:
    """Every share of the transition's list, newest first (its timeline's section)."""
    return list(
        ChoiceListShare.objects.filter(choice_list__transition=transition).select_related("shared_by")
    )


def choice_share_for_user(*, user, transition_id: int, share_id: int) -> ChoiceListShare | None:
    """One share of a transition the user may see; None otherwise."""
    return (
        ChoiceListShare.objects.filter(
            pk=share_id,
            choice_list__transition_id=transition_id,
            choice_list__transition__in=transitions_for_user(user=user),
        )
        .select_related("shared_by", "choice_list__transition")
        .first()
    )


def choice_share_latest(*, transition: CareTransition) -> ChoiceListShare | None:
    """The last copy of the list shared with the patient; None when it never was."""
    return (
        ChoiceListShare.objects.filter(choice_list__transition=transition)
        .order_by("-shared_at", "-pk")
        .first()
    )
