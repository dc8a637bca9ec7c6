"""The named hooks through which the apps above add to a care transition's journey.

Transitions sit below surveys, packets and feedback and never import them: what those apps
do when a transition changes, they register here with Wagtail's hook registry, in their own
wagtail_hooks.py (``@hooks.register(TRANSITIONS_CHANGED)``).
"""

from __future__ import annotations

from wagtail import hooks

# fn(transitions: list[CareTransition]) after staff created or edited them (the admin form,
# the CSV import), in the same transaction: surveys brings their invitations up to date.
TRANSITIONS_CHANGED = "transitions_changed"
# fn(transition) after every save of a transition: feedback moves the copy each response
# keeps of where its transition went, and the daily figures with it.
TRANSITION_SAVED = "transition_saved"
# The transitions list in the admin: fn(queryset) -> queryset (to fetch what added columns
# show in the same query), fn(request) -> [Column] (columns to add), and
# fn(request, transition) -> [(label, url, icon name)] (buttons on a transition's row and
# on its edit and inspect pages). Packets adds the education packet's column and button.
TRANSITION_LIST_QUERYSET = "transition_list_queryset"
TRANSITION_LIST_COLUMNS = "transition_list_columns"
TRANSITION_BUTTONS = "transition_buttons"
# Retention (transitions.retention): fn() -> [QuerySet] of rows that keep a transition open
# while any exists (each filtered on ``OuterRef("pk")``, the transition), and
# fn(transition_ids) that clears what the app copied from their contact details.
TRANSITION_RETENTION_BLOCKERS = "transition_retention_blockers"
TRANSITION_CONTACTS_ERASED = "transition_contacts_erased"
# A transition's timeline page (transitions.admin_timeline): fn(request, transition) ->
# [TimelineSection] (transitions.timeline: a template name and its context), shown under the
# transition's details in hook order (``order=`` on register), then registration order.
# Surveys adds each invitation's timeline and emails; packets the education packet's.
TRANSITION_TIMELINE_SECTIONS = "transition_timeline_sections"


def hooks_run(name: str, *args) -> None:
    """Call every function registered under ``name``, in registration order."""
    for hook in hooks.get_hooks(name):
        hook(*args)


def hooks_collect(name: str, *args) -> list:
    """Every item the functions registered under ``name`` return, in registration order."""
    return [item for hook in hooks.get_hooks(name) for item in hook(*args)]
