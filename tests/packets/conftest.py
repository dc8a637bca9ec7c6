"""Packet fixtures: a heart-failure patient moving to a skilled nursing facility, with the
small education library (tests/library.py) to choose pages from."""

import pytest

from tests.factories import staff
from tests.packets.factories import make_transition
from transitions.models import Facility


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="North Hospital", kind="hospital")


@pytest.fixture
def liaison(hospital):
    user = staff("Liaison", first_name="Nora", last_name="North")
    hospital.liaisons.add(user)
    return user


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
