"""A care transition's timeline page: the transition's details, then the sections the apps
above add through the ``TRANSITION_TIMELINE_SECTIONS`` hook, in hook order."""

from django.template import Template
from django.urls import reverse
from wagtail import hooks

from tests.factories import StaffUserFactory, activate_totp
from tests.transitions.factories import CareTransitionFactory
from transitions.hooks import TRANSITION_TIMELINE_SECTIONS
from transitions.timeline import TimelineSection


def extra_section(request, transition):
    note = Template('<p id="extra">{{ section.note }} for {{ transition.external_reference }}</p>')
    return [TimelineSection(note, {"note": f"Seen by {request.user.pk}"})]


def test_a_registered_section_follows_the_invitations_and_the_packet(client, db):
    transition = CareTransitionFactory(external_reference="ENC-77")
    user = StaffUserFactory(role="Liaison")
    activate_totp(user)
    transition.discharging_facility.liaisons.add(user)
    client.force_login(user)
    with hooks.register_temporarily(TRANSITION_TIMELINE_SECTIONS, extra_section, order=300):
        response = client.get(reverse("invitation_log:transition", args=[transition.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    order = [
        body.index("No survey invitation was scheduled"),
        body.index('id="packet-heading"'),
        body.index(f'<p id="extra">Seen by {user.pk} for ENC-77</p>'),
    ]
    assert order == sorted(order)
