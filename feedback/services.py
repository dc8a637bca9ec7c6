"""Writes the review area makes when another app tells it something changed."""

from __future__ import annotations

from feedback.figures import figures_rebuild_for
from transitions.models import CareTransition


def responses_follow_transition(*, transition: CareTransition) -> int:
    """Responses keep a copy of where their transition went (for the dashboards and the
    reviewers' scope): an edit moves them with it, in one UPDATE, and rebuilds their days'
    figures. Returns how many responses moved."""
    moved = transition.responses.exclude(
        facility_id=transition.discharging_facility_id,
        receiving_facility_id=transition.receiving_facility_id,
        destination_kind=transition.destination_kind,
        liaison_id=transition.liaison_id,
    ).update(
        facility_id=transition.discharging_facility_id,
        receiving_facility_id=transition.receiving_facility_id,
        destination_kind=transition.destination_kind,
        liaison_id=transition.liaison_id,
    )
    if moved:
        figures_rebuild_for(transition.responses.all())
    return moved
