"""Packet fixtures: a heart-failure patient moving to a skilled nursing facility, with the
small education library (tests/library.py) to choose pages from."""

import datetime as dt

import pytest

from tests.factories import StaffUserFactory, activate_totp
from transitions.models import CareTransition, Facility


def staff(role: str, **fields):
    user = StaffUserFactory(role=role, **fields)
    user.totp_secret = activate_totp(user)
    return user


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="North Hospital", kind="hospital")


@pytest.fixture
def liaison(hospital):
    user = staff("Liaison", first_name="Nora", last_name="North")
    hospital.liaisons.add(user)
    return user


def make_transition(*, facility, reference="HF-1", language="es", **fields) -> CareTransition:
    values = {
        "external_reference": reference,
        "patient_first_name": "Rosa",
        "email": f"{reference.lower()}@example.org",
        "language": language,
        "discharging_facility": facility,
        "destination_kind": "snf",
        "transition_date": dt.date.today(),
        "condition_codes": "I50.9",
        **fields,
    }
    return CareTransition.objects.create(**values)


@pytest.fixture
def transition(library, hospital, liaison):
    """Rosa, heart failure (I50.9), to a skilled nursing facility; she reads Spanish."""
    return make_transition(facility=hospital, liaison=liaison)


@pytest.fixture
def packet(transition, liaison):
    """Rosa's packet with the suggested pages, not sent yet."""
    from packets.services import packet_save
    from packets.suggestions import packet_suggestions

    pages = [suggestion.page for suggestion in packet_suggestions(transition=transition)]
    return packet_save(transition=transition, pages=pages, user=liaison)
