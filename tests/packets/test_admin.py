"""The liaison's side of education packets: choosing the pages in the admin, sending, printing,
withdrawing, and following what happened in the log."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from packets import services
from packets.models import Packet, PacketItem
from packets.sending import packets_sweep
from packets.services import item_open, packet_open
from tests.factories import staff
from tests.packets.factories import make_transition
from tests.portal.test_admin_csp import inline_executable_scripts
from transitions.models import CareTransition, EmailOptOut, Facility
from transitions.optouts import email_hash

pytestmark = pytest.mark.both_databases

NEW_YORK = ZoneInfo("America/New_York")
MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=NEW_YORK)
NIGHT = dt.datetime(2026, 3, 2, 22, 30, tzinfo=NEW_YORK)


def packet_url(transition) -> str:
    return reverse("packets_admin:packet", args=[transition.pk])


def withdraw_url(transition) -> str:
    return reverse("packets_admin:withdraw", args=[transition.pk])


def page_ids(packet) -> list[int]:
    return list(packet.items.order_by("position").values_list("page_id", flat=True))


def post(client, transition, action, pages, add_page=""):
    return client.post(packet_url(transition), {"action": action, "pages": pages, "add_page": add_page})


def body_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def entries(packet, action) -> int:
    return ModelLogEntry.objects.for_instance(packet).filter(action=action).count()


@pytest.fixture
def signed_in(client, liaison):
    client.force_login(liaison)
    return client


@pytest.fixture
def other_liaison(db):
    south = Facility.objects.create(name="South Hospital", kind="hospital")
    user = staff("Liaison", first_name="Sol", last_name="South")
    south.liaisons.add(user)
    return user


# --- scope ----------------------------------------------------------------------------------------


def test_a_liaison_from_another_hospital_gets_a_404_for_the_packet_print_and_withdraw(
    client, packet, transition, other_liaison, library
):
    client.force_login(other_liaison)
    assert client.get(packet_url(transition)).status_code == 404
    printed = post(client, transition, "print", [library["snf"].pk])
    assert printed.status_code == 404 and printed["Content-Type"] != "application/pdf"
    assert client.post(withdraw_url(transition)).status_code == 404
    packet.refresh_from_db()
    assert packet.last_printed_at is None and entries(packet, services.PRINTED) == 0


def test_staff_who_may_not_change_transitions_get_a_page_that_says_so(client, transition):
    client.force_login(staff("Content editor"))
    refused = client.get(packet_url(transition))
    assert refused.status_code == 403
    assert "Rosa" not in refused.content.decode()
    assert "permission to change care transitions" in refused.content.decode()


def test_a_manager_reaches_any_facilitys_packet(client, manager, transition):
    client.force_login(manager)
    assert client.get(packet_url(transition)).status_code == 200


# --- choosing the pages ---------------------------------------------------------------------------


def test_on_first_open_the_suggestions_are_ticked_with_their_reasons(signed_in, transition, library):
    response = signed_in.get(packet_url(transition))
    body = body_of(response)
    rows = response.context["rows"]
    assert [row.page.pk for row in rows] == [library["snf"].pk, library["heart_es"].pk]
    assert all(row.checked for row in rows)
    assert [row.fallback for row in rows] == [True, False]
    for text in (
        "Rosa",
        "Spanish",
        "Skilled nursing facility",
        "Heart failure",
        "I50.9",
        "Suggested: Where they are going",
        "Suggested: Their conditions",
        "English: not yet translated into Spanish",
        "Vivir con insuficiencia cardíaca",
        "Save pages",
        "Save and send by email",
        "Print packet",
    ):
        assert text in body, text
    assert body.count(" checked") == 2
    # Any other live page can be added: COPD has no Spanish version, so it is offered in English.
    groups = dict(response.context["form"].fields["add_page"].choices[1:])
    assert list(groups.values()) == [[(library["copd"].pk, "Living with COPD")]]
    assert "In English: not yet translated into Spanish" in body
    assert transition.email not in body
    assert not Packet.objects.exists()  # opening the page saves nothing


def test_saving_with_a_page_removed_and_one_added_keeps_the_order_and_the_fallback_flags(
    signed_in, packet, transition, library
):
    heart_es, snf, copd = library["heart_es"], library["snf"], library["copd"]
    assert page_ids(packet) == [snf.pk, heart_es.pk]
    response = post(signed_in, transition, "save", [heart_es.pk], add_page=copd.pk)
    assert response.status_code == 302 and response["Location"].endswith("?done=saved")
    assert page_ids(packet) == [heart_es.pk, copd.pk]
    assert list(packet.items.order_by("position").values_list("fallback", flat=True)) == [False, True]

    # The packet's pages come first and ticked; the suggestion left out comes after, unticked.
    page = signed_in.get(response["Location"])
    assert "The pages are saved." in body_of(page)
    rows = page.context["rows"]
    assert [(row.page.pk, row.checked) for row in rows] == [
        (heart_es.pk, True),
        (copd.pk, True),
        (snf.pk, False),
    ]

    post(signed_in, transition, "save", [heart_es.pk, copd.pk, snf.pk])
    assert page_ids(packet) == [heart_es.pk, copd.pk, snf.pk]
    assert list(packet.items.order_by("position").values_list("fallback", flat=True)) == [False, True, True]
    assert entries(packet, services.SAVED) == 3  # the fixture's, and one per change


def test_adding_the_english_page_of_a_translated_one_keeps_the_translation(
    signed_in, packet, transition, library
):
    # The English heart failure page is not offered (its Spanish version is in the packet);
    # posted anyway, it is refused as not one of the choices.
    response = post(signed_in, transition, "save", [library["snf"].pk], add_page=library["heart"].pk)
    body = body_of(response)
    assert "packet-error-summary" in body and 'href="#id_add_page"' in body
    assert page_ids(packet) == [library["snf"].pk, library["heart_es"].pk]


def test_saving_with_nothing_ticked_says_what_to_do_and_keeps_the_packet(signed_in, packet, transition):
    before = page_ids(packet)
    body = body_of(post(signed_in, transition, "save", []))
    assert "Choose at least one page." in body and "packet-error-summary" in body
    assert page_ids(packet) == before


# --- sending ------------------------------------------------------------------------------------


def test_send_schedules_the_packet_and_the_sweep_sends_one_email_naming_no_condition_or_page(
    client, liaison, transition, library
):
    pages = [library["snf"].pk, library["heart_es"].pk]
    with time_machine.travel(MORNING, tick=False):
        client.force_login(liaison)
        response = post(client, transition, "send", pages)
        assert response.status_code == 302 and response["Location"].endswith("?done=sent")
        packet = Packet.objects.get(transition=transition)
        assert packet.status == Packet.SCHEDULED and packet.due_at == MORNING
        assert page_ids(packet) == pages
        shown = body_of(client.get(response["Location"]))
        assert "Waiting to send" in shown and "Now" in shown
        assert packets_sweep(now=MORNING).sent == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    everything = email.subject + email.body + email.alternatives[0][0]
    titles = [page.title for page in (library["snf"], library["heart"], library["heart_es"], library["copd"])]
    for private in ("Heart failure", "heart failure", "insuficiencia", "COPD", "I50", *titles):
        assert private not in everything, private
    packet.refresh_from_db()
    assert packet.status == Packet.SENT


def test_at_night_the_page_says_when_the_email_will_go(client, liaison, transition, library):
    with time_machine.travel(NIGHT, tick=False):
        client.force_login(liaison)
        before = body_of(client.get(packet_url(transition)))
        assert "Emails go out between 08:00 and 20:00: sent now, it goes at 2026-03-03 08:00." in before
        response = post(client, transition, "send", [library["snf"].pk])
        after = body_of(client.get(response["Location"]))
    assert "At 2026-03-03 08:00, when the sending window opens" in after
    assert Packet.objects.get().due_at == dt.datetime(2026, 3, 3, 8, 0, tzinfo=NEW_YORK)


def test_a_double_click_on_send_sends_one_email_and_logs_one_request(client, liaison, packet, transition):
    pages = page_ids(packet)
    with time_machine.travel(MORNING, tick=False):
        client.force_login(liaison)
        first = post(client, transition, "send", pages)
        second = post(client, transition, "send", pages)
        assert first.status_code == second.status_code == 302
        packets_sweep(now=MORNING)
        packets_sweep(now=MORNING)
    assert len(mail.outbox) == 1
    assert entries(packet, services.SENT) == 1
    assert entries(packet, services.SAVED) == 1  # only the fixture's: the pages did not change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": ""}, "There is no email address for this patient"),
        ({"do_not_contact": True}, "marked “do not contact”"),
        ("opted_out", "asked us to stop sending emails"),
    ],
)
def test_send_without_a_way_to_email_shows_why_suggests_printing_and_keeps_the_pages(
    signed_in, transition, library, change, message
):
    if change == "opted_out":
        EmailOptOut.objects.create(email_hash=email_hash(transition.email))
    else:
        CareTransition.objects.filter(pk=transition.pk).update(**change)
    pages = [library["snf"].pk, library["heart_es"].pk]  # as shown: the suggestions' order
    response = post(signed_in, transition, "send", pages, add_page=library["copd"].pk)
    body = body_of(response)
    assert message in body and "Print" in body
    assert 'class="packet-error-summary" role="alert"' in body
    packet = Packet.objects.get()
    assert packet.status == Packet.DRAFT and page_ids(packet) == [*pages, library["copd"].pk]
    assert [row.checked for row in response.context["rows"]] == [True, True, True]
    assert entries(packet, services.SENT) == 0
    packets_sweep(now=MORNING)
    assert mail.outbox == []


# --- printing -------------------------------------------------------------------------------------


def test_print_returns_the_handout_as_a_pdf_and_records_it(signed_in, transition, liaison, library):
    response = post(signed_in, transition, "print", [library["snf"].pk, library["heart_es"].pk])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="education-packet-hf-1.pdf"'
    assert response.content.startswith(b"%PDF")
    packet = Packet.objects.get()  # bedside: the packet is saved and printed in one step
    assert page_ids(packet) == [library["snf"].pk, library["heart_es"].pk]
    assert packet.last_printed_at is not None and packet.status == Packet.DRAFT
    entry = ModelLogEntry.objects.for_instance(packet).get(action=services.PRINTED)
    assert entry.user == liaison
    assert "Last printed" in body_of(signed_in.get(packet_url(transition)))


# --- withdrawing ----------------------------------------------------------------------------------


def test_withdraw_asks_first_then_stops_the_link_once(client, liaison, packet, transition, library):
    with time_machine.travel(MORNING, tick=False):
        client.force_login(liaison)
        post(client, transition, "send", page_ids(packet))
        packets_sweep(now=MORNING)
        page = body_of(client.get(packet_url(transition)))
        assert withdraw_url(transition) in page
        confirm = body_of(client.get(withdraw_url(transition)))
        assert "Yes, withdraw the link" in confirm and 'method="post"' in confirm
        packet.refresh_from_db()
        assert packet.status == Packet.SENT  # asking does nothing
        done = client.post(withdraw_url(transition))
        assert done.status_code == 302 and done["Location"].endswith("?done=withdrawn")
        client.post(withdraw_url(transition))  # a second click changes nothing
        after = body_of(client.get(done["Location"]))
        # The pages can still be printed, unchanged.
        printed = post(client, transition, "print", page_ids(packet))
        assert printed["Content-Type"] == "application/pdf"
    packet.refresh_from_db()
    assert packet.status == Packet.WITHDRAWN and not packet.tokens.exists()
    assert entries(packet, services.WITHDRAWN) == 1
    assert "The link is withdrawn" in after and "Save and send by email" not in after
    assert withdraw_url(transition) not in after and "Print packet" in after
    assert packet.last_printed_at is not None


def test_there_is_nothing_to_withdraw_before_a_packet_exists(signed_in, transition):
    assert signed_in.get(withdraw_url(transition)).status_code == 404


# --- the transition form --------------------------------------------------------------------------


def transition_form(transition, **changes) -> dict:
    data = {
        "external_reference": transition.external_reference,
        "patient_first_name": transition.patient_first_name,
        "email": transition.email,
        "phone": "",
        "language": transition.language,
        "respondent": "patient",
        "proxy_name": "",
        "discharging_facility": transition.discharging_facility_id,
        "destination_kind": transition.destination_kind,
        "receiving_facility": "",
        "transition_date": transition.transition_date.isoformat(),
        "liaison": "",
        "condition_codes": transition.condition_codes,
    }
    data.update(changes)
    return data


def test_the_transition_form_shows_a_bad_code_next_to_the_field(signed_in, transition):
    url = reverse("caretransition:edit", args=[transition.pk])
    response = signed_in.post(url, transition_form(transition, condition_codes="I50.9, heart"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["condition_codes"]
    assert "“HEART” is not an ICD-10-CM code" in errors["condition_codes"][0]
    body = response.content.decode()
    field = body.index('name="condition_codes"')
    assert body.index("is not an ICD-10-CM code") < field + 1500  # shown with the field
    transition.refresh_from_db()
    assert transition.condition_codes == "I50.9"


def test_the_transition_form_saves_codes_and_ticked_conditions(signed_in, transition, library):
    url = reverse("caretransition:edit", args=[transition.pk])
    copd = library["conditions"]["copd"]
    form = signed_in.get(url)
    body = body_of(form)
    assert 'type="checkbox" name="conditions"' in body and "COPD" in body
    choices = list(form.context["form"].fields["conditions"].queryset)
    assert all(condition.locale.language_code == "en" for condition in choices)
    response = signed_in.post(
        url, transition_form(transition, condition_codes="i50.9; e11.9", conditions=[copd.pk])
    )
    assert response.status_code == 302
    transition.refresh_from_db()
    assert transition.condition_codes == "I50.9, E11.9"
    assert list(transition.conditions.all()) == [copd]
    suggested = signed_in.get(packet_url(transition)).context["rows"]
    assert library["copd"].pk in [row.page.pk for row in suggested]


# --- buttons to get there -------------------------------------------------------------------------


def test_the_transition_list_edit_and_inspect_pages_link_to_the_packet(signed_in, packet, transition):
    url = packet_url(transition)
    listing = body_of(signed_in.get(reverse("caretransition:index")))
    assert f'href="{url}"' in listing and "Education packet" in listing and "Not sent" in listing
    for view in ("edit", "inspect"):
        page = body_of(signed_in.get(reverse(f"caretransition:{view}", args=[transition.pk])))
        assert f'href="{url}"' in page, view


def test_the_transition_list_takes_the_same_queries_for_2_or_12_transitions(signed_in, hospital, liaison):
    url = reverse("caretransition:index")
    signed_in.get(url)

    def queries_with(total):
        while CareTransition.objects.count() < total:
            number = CareTransition.objects.count() + 1
            made = make_transition(facility=hospital, reference=f"Q-{number}", liaison=liaison)
            if number % 2:
                Packet.objects.create(transition=made, language="es", status=Packet.SENT)
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(url).status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(12)


# --- the timeline and the log ---------------------------------------------------------------------


def test_the_timeline_shows_pages_chosen_sent_opened_and_each_pages_opens(
    client, liaison, transition, library
):
    with time_machine.travel(MORNING, tick=False):
        client.force_login(liaison)
        post(client, transition, "send", [library["snf"].pk, library["heart_es"].pk])
        packets_sweep(now=MORNING)
    packet = Packet.objects.get()
    with time_machine.travel(MORNING + dt.timedelta(hours=2), tick=False):
        packet_open(packet=packet)
        heart = PacketItem.objects.get(packet=packet, page=library["heart_es"])
        item_open(item=heart)
        item_open(item=heart)
        client.logout()  # two hours idle: a fresh sign-in
        client.force_login(liaison)
        body = body_of(client.get(reverse("invitation_log:transition", args=[transition.pk])))
    section = body[body.index('id="packet-heading"') :]
    order = [
        section.index("2 pages chosen"),
        section.index("Email requested"),
        section.index("Sent</strong>"),
        section.index("Opened</strong>"),
    ]
    assert order == sorted(order)
    assert "2026-03-02 10:00" in section and "2026-03-02 12:00" in section
    assert "by Nora North" in section
    assert "Vivir con insuficiencia cardíaca</td>\n                <td>2</td>" in section
    assert "in English: not yet translated" in section
    assert packet_url(transition) in section


def test_the_timeline_shows_printing_and_withdrawal(client, liaison, packet, transition):
    client.force_login(liaison)
    services.packet_printed(packet=packet, user=liaison)
    services.packet_withdraw(packet=packet, user=liaison)
    body = body_of(client.get(reverse("invitation_log:transition", args=[transition.pk])))
    section = body[body.index('id="packet-heading"') :]
    assert section.index("Printed") < section.index("Link withdrawn")
    assert "(Withdrawn)" in section


def test_the_timeline_without_a_packet_says_so(signed_in, transition):
    body = body_of(signed_in.get(reverse("invitation_log:transition", args=[transition.pk])))
    assert "No education packet was prepared" in body


# --- query counts and CSP -------------------------------------------------------------------------


def test_the_packet_page_takes_the_same_queries_for_2_or_3_pages(signed_in, packet, transition, library):
    url = packet_url(transition)
    signed_in.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(url).status_code == 200
        return len(captured)

    two = queries()
    post(signed_in, transition, "save", page_ids(packet), add_page=library["copd"].pk)
    assert len(page_ids(packet)) == 3
    assert queries() == two


def test_the_packet_pages_hold_no_inline_scripts(signed_in, packet, transition):
    services.packet_send(packet=packet, user=None)
    for url in (
        packet_url(transition),
        withdraw_url(transition),
        reverse("invitation_log:transition", args=[transition.pk]),
        reverse("invitation_log:index"),
        reverse("caretransition:index"),
        reverse("caretransition:edit", args=[transition.pk]),
        reverse("caretransition:inspect", args=[transition.pk]),
    ):
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert inline_executable_scripts(response.content.decode()) == [], url
