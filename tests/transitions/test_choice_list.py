"""The liaison's choice list for a care transition: scope, putting providers on the list and
taking them off with a reason, sharing it (a frozen copy, the audit log, the timeline), the
"Your choices" section of the education packet and its PDF, and the patient's choice."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from wagtail import hooks
from wagtail.models import ModelLogEntry

from packets import handout
from packets.models import Packet, PacketToken
from packets.selectors import SESSION_PACKET
from packets.services import packet_save
from packets.suggestions import packet_suggestions
from surveys.models import token_hash
from tests.factories import staff
from tests.packets.factories import make_transition
from transitions.hooks import TRANSITIONS_CHANGED
from transitions.models import (
    ChoiceList,
    ChoiceListEntry,
    ChoiceListShare,
    Facility,
    ProviderDataRelease,
    ProviderMeasure,
)
from transitions.providers import choices_services

pytestmark = pytest.mark.both_databases

# ZIP 60601 (downtown Chicago) is at 41.8858, -87.6181.
ZIP = "60601"
OCTOBER = dt.date(2026, 10, 1)
JANUARY = dt.date(2027, 1, 1)


# --- helpers: a small directory of skilled nursing facilities around ZIP 60601 ---------------


def release(on: dt.date = OCTOBER) -> ProviderDataRelease:
    return ProviderDataRelease.objects.create(file_kind="nh_provider_info", released_on=on, rows=3)


def nursing_home(
    name: str, *, north_miles: float, ccn: str, overall: int | None, data=None, **fields
) -> Facility:
    """A skilled nursing facility ``north_miles`` north of ZIP 60601's centre, with its
    overall rating (and a national-average-free staffing rating one lower) from ``data``."""
    facility = Facility.objects.create(
        name=name,
        kind="snf",
        ccn=ccn,
        address=f"{ccn} N State St",
        city="Chicago",
        state="IL",
        zip_code="60601",
        phone="(312) 555-0100",
        latitude=41.8858 + north_miles / 69.05,
        longitude=-87.6181,
        location_source=Facility.LOCATION_FROM_FILE,
        **fields,
    )
    if overall is not None and data is not None:
        ProviderMeasure.objects.create(
            facility=facility, code="overall_rating", value=Decimal(overall), release=data
        )
        ProviderMeasure.objects.create(
            facility=facility, code="staffing_rating", value=Decimal(max(overall - 1, 1)), release=data
        )
    return facility


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="North Hospital", kind="hospital", zip_code=ZIP)


@pytest.fixture
def liaison(hospital):
    user = staff("Liaison", first_name="Nora", last_name="North")
    hospital.liaisons.add(user)
    return user


@pytest.fixture
def other_liaison(db):
    south = Facility.objects.create(name="South Hospital", kind="hospital")
    user = staff("Liaison", first_name="Sol", last_name="South")
    south.liaisons.add(user)
    return user


@pytest.fixture
def transition(library, hospital, liaison):
    """Rosa, heart failure, to a skilled nursing facility; she reads Spanish."""
    return make_transition(facility=hospital, liaison=liaison)


@pytest.fixture
def october(db):
    return release(OCTOBER)


@pytest.fixture
def homes(october):
    """Three homes 1, 3 and 8 miles north; Lakeview is affiliated with the organization; a
    fourth, Far Meadows, 80 miles off (outside any search)."""
    return {
        "oak": nursing_home("Oak Grove Nursing Center", north_miles=3, ccn="145001", overall=4, data=october),
        "lake": nursing_home(
            "Lakeview Care", north_miles=1, ccn="145002", overall=2, data=october, affiliated=True
        ),
        "pine": nursing_home("Pine Court", north_miles=8, ccn="145003", overall=5, data=october),
        "far": nursing_home("Far Meadows", north_miles=80, ccn="145004", overall=3, data=october),
    }


@pytest.fixture
def signed_in(client, liaison):
    client.force_login(liaison)
    return client


def list_url(transition) -> str:
    return reverse("transition_choices:list", args=[transition.pk])


def post(client, transition, action: str, **data):
    return client.post(list_url(transition), {"action": action, **data})


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def choices_section(html: str) -> str:
    """The "Your choices" section of a page, as text."""
    start = html.index('class="portal-choices"')
    return text_of(html[start : html.index("</section>", start)])


def entry(transition, facility) -> ChoiceListEntry:
    return ChoiceListEntry.objects.get(choice_list__transition=transition, facility=facility)


def shared_list(client, transition, homes) -> ChoiceListShare:
    """Oak Grove and Lakeview on the list, shared with the patient."""
    post(client, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10, goals="Cerca de mi hija")
    post(client, transition, "add", facility=homes["oak"].pk)
    post(client, transition, "add", facility=homes["lake"].pk)
    response = post(client, transition, "share")
    assert response.status_code == 302, response.content.decode()[:2000]
    return ChoiceListShare.objects.get(choice_list__transition=transition)


# --- scope ---------------------------------------------------------------------------------------


def test_a_liaison_from_another_hospital_gets_a_404_for_the_list_its_print_and_its_shares(
    client, signed_in, transition, homes, other_liaison
):
    share = shared_list(signed_in, transition, homes)
    client.force_login(other_liaison)
    assert client.get(list_url(transition)).status_code == 404
    assert client.get(reverse("transition_choices:print", args=[transition.pk])).status_code == 404
    assert client.get(reverse("transition_choices:share", args=[transition.pk, share.pk])).status_code == 404
    assert post(client, transition, "share").status_code == 404
    assert ChoiceListShare.objects.count() == 1


def test_staff_who_may_not_change_transitions_are_sent_back_to_the_admin_home(client, transition):
    client.force_login(staff("Content editor"))
    refused = client.get(list_url(transition))
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not ChoiceList.objects.exists()


def test_the_transition_pages_have_a_choice_list_button(signed_in, transition):
    page = signed_in.get(reverse("caretransition:edit", args=[transition.pk])).content.decode()
    assert list_url(transition) in page


# --- building the list -----------------------------------------------------------------------------


def test_a_new_list_starts_with_the_kind_of_care_the_patient_moves_to_and_the_hospitals_zip(
    signed_in, transition
):
    transition.destination_kind = "irf"
    transition.save()
    assert signed_in.get(list_url(transition)).status_code == 200
    choice_list = ChoiceList.objects.get(transition=transition)
    assert (choice_list.kind, choice_list.zip_code) == ("irf", ZIP)


def test_the_search_lists_providers_within_the_distance_nearest_first_with_their_ratings_in_words(
    signed_in, transition, homes
):
    post(signed_in, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10, goals="")
    page = text_of(signed_in.get(list_url(transition)).content.decode())
    found = page[page.index("Found within 10 miles") :]
    assert found.index("Lakeview Care") < found.index("Oak Grove") < found.index("Pine Court")
    assert "Far Meadows" not in page
    assert "4 out of 5 stars — above average" in page
    assert (
        "Affiliated with our organization" in found[found.index("Lakeview Care") : found.index("Oak Grove")]
    )


def test_an_unknown_zip_code_is_a_field_error(signed_in, transition):
    response = post(signed_in, transition, "search", kind="snf", zip_code="00000", radius_miles=10)
    assert response.status_code == 200
    assert 'href="#search-zip_code"' in response.content.decode()
    assert "Enter a US ZIP code" in response.content.decode()


def test_taking_a_provider_off_needs_a_reason_and_keeps_it(signed_in, transition, homes, liaison):
    post(signed_in, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10)
    post(signed_in, transition, "add", facility=homes["oak"].pk)
    assert entry(transition, homes["oak"]).included

    refused = post(signed_in, transition, "remove", facility=homes["oak"].pk, reason="  ")
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Say why this provider comes off the list." in body
    assert f'id="remove-reason-{homes["oak"].pk}-error"' in body
    assert entry(transition, homes["oak"]).included

    post(signed_in, transition, "remove", facility=homes["oak"].pk, reason="No bed until March")
    taken_off = entry(transition, homes["oak"])
    assert (taken_off.included, taken_off.reason, taken_off.changed_by) == (
        False,
        "No bed until March",
        liaison,
    )
    page = text_of(signed_in.get(list_url(transition)).content.decode())
    assert "Oak Grove Nursing Center: No bed until March" in page


def test_a_provider_from_outside_the_search_needs_a_reason(signed_in, transition, homes):
    post(signed_in, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10)
    refused = post(signed_in, transition, "add_outside", provider="145004", reason="")
    assert refused.status_code == 200
    assert "Say why this provider goes on the list." in refused.content.decode()
    assert not ChoiceListEntry.objects.exists()

    post(signed_in, transition, "add_outside", provider="far meadows", reason="Near her daughter")
    added = entry(transition, homes["far"])
    assert (added.included, added.reason) == (True, "Near her daughter")


def test_an_unknown_or_ambiguous_provider_name_is_a_field_error(signed_in, transition, homes):
    post(signed_in, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10)
    unknown = post(signed_in, transition, "add_outside", provider="Nowhere", reason="Asked for it")
    assert "No active provider of this kind of care has that name or CCN." in unknown.content.decode()
    several = post(signed_in, transition, "add_outside", provider="o", reason="Asked for it")
    assert "More than one provider matches" in several.content.decode()
    assert not ChoiceListEntry.objects.exists()


# --- sharing -----------------------------------------------------------------------------------------


def test_sharing_keeps_a_copy_in_the_patients_language_with_every_rating_and_its_date(
    signed_in, transition, homes
):
    share = shared_list(signed_in, transition, homes)
    snapshot = share.snapshot
    assert share.language == snapshot["language"] == "es"
    assert [provider["name"] for provider in snapshot["providers"]] == [
        "Lakeview Care",
        "Oak Grove Nursing Center",
    ]
    oak = snapshot["providers"][1]
    assert oak["phone"] == "(312) 555-0100" and oak["address"].startswith("145001 N State St")
    assert oak["care_compare_url"].endswith("/nursing-home/145001")
    overall = next(measure for measure in oak["measures"] if measure["code"] == "overall_rating")
    with translation.override("es"):
        assert overall["label"] == translation.gettext("Overall rating")
    assert overall["value"].startswith("4 ") and overall["released_on"] == "2026-10-01"
    assert snapshot["providers"][0]["affiliated"] and snapshot["providers"][0]["affiliation"]
    assert not oak["affiliation"]
    assert snapshot["sources"][0]["released_on"] == "2026-10-01"
    assert snapshot["goals"] == "Cerca de mi hija" and snapshot["kind"] == "snf"


def test_sharing_is_written_to_the_audit_log_without_the_patients_details(
    signed_in, transition, homes, liaison
):
    shared_list(signed_in, transition, homes)
    logged = ModelLogEntry.objects.for_instance(transition).get(action=choices_services.SHARED)
    assert logged.user == liaison
    assert logged.label == transition.external_reference
    message = str(logged.message)
    assert message.startswith("Shared quality data on 2 providers with the patient")
    assert "Rosa" not in message and "Rosa" not in str(logged.data)


def test_a_share_is_on_the_timeline_with_who_when_how_many_and_a_link_to_the_copy(
    signed_in, transition, homes
):
    share = shared_list(signed_in, transition, homes)
    page = signed_in.get(reverse("invitation_log:transition", args=[transition.pk])).content.decode()
    section = page[page.index('id="choices-heading"') :]
    copy_url = reverse("transition_choices:share", args=[transition.pk, share.pk])
    assert copy_url in section
    assert "Nora North" in section and "<td>2</td>" in section
    copy = text_of(signed_in.get(copy_url).content.decode())
    assert "Oak Grove Nursing Center" in copy and "Lakeview Care" in copy


def test_an_empty_list_is_not_shared(signed_in, transition):
    refused = post(signed_in, transition, "share")
    assert refused.status_code == 200
    assert "Put at least one provider on the list" in refused.content.decode()
    assert not ChoiceListShare.objects.exists()


def test_a_shared_copy_is_unchanged_after_a_new_data_import(signed_in, client, transition, homes, liaison):
    """The acceptance test: after sharing, Medicare's next release changes the ratings and the
    provider's phone; the copy, its page and the packet still show what was shared."""
    share = shared_list(signed_in, transition, homes)
    before = ChoiceListShare.objects.get(pk=share.pk).snapshot
    copy_url = reverse("transition_choices:share", args=[transition.pk, share.pk])
    copy_before = choices_section(signed_in.get(copy_url).content.decode())

    january = release(JANUARY)
    ProviderMeasure.objects.filter(facility=homes["oak"], code="overall_rating").update(
        value=1, release=january
    )
    ProviderMeasure.objects.filter(facility=homes["oak"], code="staffing_rating").update(
        value=1, release=january
    )
    Facility.objects.filter(pk=homes["oak"].pk).update(phone="(312) 555-0199", name="Oak Grove (new owner)")

    assert ChoiceListShare.objects.get(pk=share.pk).snapshot == before
    copy_after = choices_section(signed_in.get(copy_url).content.decode())
    assert copy_after == copy_before
    assert "(312) 555-0199" not in copy_after and "Oak Grove (new owner)" not in copy_after

    packet = open_packet(client, transition, liaison)
    page = choices_section(client.get(packet_page_url()).content.decode())
    assert packet.language == "es"
    assert "Oak Grove Nursing Center" in page and "(312) 555-0100" in page
    assert "Oak Grove (new owner)" not in page and "(312) 555-0199" not in page
    october_shown = before["sources"][0]["released_on_shown"]
    assert "2026" in october_shown and f"Datos al {october_shown}" in page
    assert "2027" not in page
    # The live list, by contrast, shows the new release.
    live = text_of(signed_in.get(list_url(transition)).content.decode())
    assert "2027-01-01" in live


# --- the packet -------------------------------------------------------------------------------------


def packet_page_url() -> str:
    with translation.override("es"):
        return reverse("packet_page")


def open_packet(client, transition, liaison) -> Packet:
    """Rosa's packet with the suggested pages, sent, opened in ``client``'s session."""
    pages = [suggestion.page for suggestion in packet_suggestions(transition=transition)]
    packet = packet_save(transition=transition, pages=pages, user=liaison)
    PacketToken.objects.create(packet=packet, token_hash=token_hash("choices-token-0123456789abcdefghij"))
    Packet.objects.filter(pk=packet.pk).update(status=Packet.SENT, sent_at=dt.datetime.now(dt.UTC))
    session = client.session
    session[SESSION_PACKET] = packet.pk
    session.save()
    packet.refresh_from_db()
    return packet


def test_the_packet_page_shows_your_choices_in_the_patients_language(
    client, signed_in, transition, homes, liaison
):
    shared_list(signed_in, transition, homes)
    client.logout()
    open_packet(client, transition, liaison)
    page = client.get(packet_page_url()).content.decode()
    section = page[page.index('id="packet-choices"') :]
    assert 'lang="es"' in section[:200]
    assert "Sus opciones" in section and "Lugares de atención para usted" in section
    assert "Usted decide adónde ir después." in section
    assert "Lakeview Care" in section and "Cerca de mi hija" in section


def test_a_packet_without_a_shared_list_has_no_choices_section(client, transition, liaison):
    open_packet(client, transition, liaison)
    assert 'id="packet-choices"' not in client.get(packet_page_url()).content.decode()


def test_the_pdf_handout_holds_your_choices(client, signed_in, transition, homes, liaison):
    shared_list(signed_in, transition, homes)
    packet = open_packet(client, transition, liaison)
    reader = PdfReader(io.BytesIO(handout.handout_pdf(packet=packet)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Sus opciones" in text
    assert "Oak Grove Nursing Center" in text and "Lakeview Care" in text


# --- printing and choosing ----------------------------------------------------------------------------


def test_the_print_view_is_in_the_patients_language(signed_in, transition, homes):
    post(signed_in, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10)
    post(signed_in, transition, "add", facility=homes["oak"].pk)
    page = signed_in.get(reverse("transition_choices:print", args=[transition.pk])).content.decode()
    assert '<html lang="es">' in page and "Sus opciones" in page and "Oak Grove Nursing Center" in page
    assert not ChoiceListShare.objects.exists()


def test_recording_the_choice_sets_the_receiving_facility_and_runs_the_change_hooks(
    signed_in, transition, homes
):
    changed = []
    with hooks.register_temporarily(TRANSITIONS_CHANGED, lambda transitions: changed.extend(transitions)):
        post(signed_in, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10)
        post(signed_in, transition, "add", facility=homes["oak"].pk)
        transition.destination_kind = "home"
        transition.save()
        response = post(signed_in, transition, "choose", facility=homes["oak"].pk, reason="Close to family")
    assert response.status_code == 302
    transition.refresh_from_db()
    assert transition.receiving_facility == homes["oak"] and transition.destination_kind == "snf"
    choice_list = ChoiceList.objects.get(transition=transition)
    assert (choice_list.chosen_facility, choice_list.chosen_reason) == (homes["oak"], "Close to family")
    assert [item.pk for item in changed] == [transition.pk]
    logged = ModelLogEntry.objects.for_instance(transition).get(action=choices_services.CHOSEN)
    assert str(logged.message) == "The patient chose Oak Grove Nursing Center — with a reason"


def test_a_provider_not_on_the_list_cannot_be_recorded_as_the_choice(signed_in, transition, homes):
    post(signed_in, transition, "search", kind="snf", zip_code=ZIP, radius_miles=10)
    refused = post(signed_in, transition, "choose", facility=homes["pine"].pk)
    assert refused.status_code == 200 and 'href="#choose-facility"' in refused.content.decode()
    transition.refresh_from_db()
    assert transition.receiving_facility is None
