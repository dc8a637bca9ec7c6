"""Packet factories: the patient an education packet is made for."""

import datetime as dt

from tests.transitions.factories import CareTransitionFactory
from transitions.models import CareTransition


def make_transition(*, facility, reference="HF-1", language="es", **fields) -> CareTransition:
    """Rosa, heart failure (I50.9), moving today to a skilled nursing facility; she reads
    Spanish unless ``language`` says otherwise."""
    values = {
        "external_reference": reference,
        "patient_first_name": "Rosa",
        "language": language,
        "discharging_facility": facility,
        "transition_date": dt.date.today(),
        "condition_codes": "I50.9",
        **fields,
    }
    return CareTransitionFactory(**values)
