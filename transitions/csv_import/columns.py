"""What an import file holds: its columns, which of them are required, the limits a file
must keep to, and what each column means in plain words for the upload page."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from transitions.models import DESTINATION_KINDS

IMPORT_PERMISSION = "transitions.add_caretransition"
CHANGE_PERMISSION = "transitions.change_caretransition"

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
MAX_CELL = 200  # the longest value any column that has no field length of its own accepts
# Far more than the template's columns plus what an EHR export adds; a row with more cells
# is refused before it is split, so no file costs more than a moment to read.
MAX_COLUMNS = 200

COLUMNS = (
    "external_reference",
    "patient_first_name",
    "email",
    "phone",
    "language",
    "respondent",
    "proxy_name",
    "discharging_facility",
    "destination_kind",
    "receiving_facility",
    "transition_date",
    "liaison_email",
    "do_not_contact",
    "condition_codes",
)
REQUIRED_COLUMNS = (
    "external_reference",
    "patient_first_name",
    "discharging_facility",
    "destination_kind",
    "transition_date",
)
# Our own error file adds this column; uploading that file again must not warn about it.
IGNORED_COLUMNS = ("errors",)


def column_help() -> list[dict]:
    """What each column holds, in plain words, for the upload page."""
    kinds = ", ".join(f"{code} ({label})" for code, label in DESTINATION_KINDS)
    languages = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
    explanations = {
        "external_reference": _(
            "Your organization's number for the discharge, such as the encounter number. A row whose "
            "reference already exists updates that discharge instead of adding a new one."
        ),
        "patient_first_name": _("The patient's first name only."),
        "email": _("Where the survey invitation goes. Leave empty if there is none."),
        "phone": _("Digits, spaces and + ( ) - only."),
        "language": _("The language of the invitation: %(choices)s. Empty means English.")
        % {"choices": languages},
        "respondent": _("patient, or proxy when a family member or carer answers. Empty means patient."),
        "proxy_name": _("The family member's or carer's name. Needed when respondent is proxy."),
        "discharging_facility": _(
            "The facility the patient left, named exactly as in the portal (capitals do not matter). "
            "It must be one of your facilities."
        ),
        "destination_kind": _("Where the patient moved to: %(choices)s.") % {"choices": kinds},
        "receiving_facility": _("The facility the patient moved to, named as in the portal."),
        "transition_date": _("The date of the move: YYYY-MM-DD or MM/DD/YYYY."),
        "liaison_email": _("The email of the staff member responsible for the discharge."),
        "do_not_contact": _("yes to send no survey or reminder; no or empty to send them."),
        "condition_codes": _(
            "The ICD-10-CM codes from the discharge, separated by commas, such as I50.9, E11.9. They "
            "choose the education pages suggested for the patient's packet. May be empty."
        ),
    }
    return [
        {"name": name, "required": name in REQUIRED_COLUMNS, "explanation": explanations[name]}
        for name in COLUMNS
    ]
