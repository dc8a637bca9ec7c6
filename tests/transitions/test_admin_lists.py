"""The transitions' admin listings read "Yes" and "No", not Python's True and False."""

import re

from django.urls import reverse

from tests.factories import StaffUserFactory, activate_totp
from tests.surveys.factories import scheduled_transition
from transitions.models import Facility


def cells(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_transition_and_facility_listings_say_yes_or_no(client, db):
    admin = StaffUserFactory(is_superuser=True)
    activate_totp(admin)
    hospital = Facility.objects.create(name="North Hospital", kind="hospital")
    Facility.objects.create(name="Old Hospital", kind="hospital", active=False)
    scheduled_transition(hospital, external_reference="N-1")
    client.force_login(admin)
    for url, expected in (
        (reverse("caretransition:index"), {"No"}),
        (reverse("facility:index"), {"Yes", "No"}),
    ):
        shown = cells(client.get(url).content.decode())
        assert expected <= set(shown), shown
        assert not {"True", "False"} & set(shown)
