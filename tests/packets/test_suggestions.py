"""Which pages a packet suggests, and how chosen pages are kept."""

import pytest
from django.core.exceptions import ValidationError

from packets.models import PacketItem
from packets.services import MAX_PAGES, PacketError, item_open, packet_save
from packets.suggestions import packet_suggestions
from tests.packets.factories import make_transition


def titles(suggestions):
    return [(s.page.title, s.page.locale.language_code, s.fallback) for s in suggestions]


def test_a_spanish_heart_failure_patient_going_to_a_nursing_facility(transition):
    """The care setting comes first; it has no Spanish version, so English stands in, marked."""
    assert titles(packet_suggestions(transition=transition)) == [
        ("What to expect in a skilled nursing facility", "en", True),
        ("Vivir con insuficiencia cardíaca", "es", False),
    ]


def test_an_english_reader_gets_english_pages_and_no_fallback_note(library, hospital):
    moved = make_transition(facility=hospital, language="en")
    assert titles(packet_suggestions(transition=moved)) == [
        ("What to expect in a skilled nursing facility", "en", False),
        ("Living with heart failure", "en", False),
    ]


def test_conditions_picked_from_the_library_count_like_codes(library, hospital):
    moved = make_transition(facility=hospital, language="es", condition_codes="", destination_kind="hospice")
    moved.conditions.add(library["conditions"]["copd"])
    assert titles(packet_suggestions(transition=moved)) == [("Living with COPD", "en", True)]


def test_several_codes_and_a_picked_condition_suggest_each_page_once(library, hospital):
    moved = make_transition(facility=hospital, language="en", condition_codes="I50.20, J44.9, I50.9")
    moved.conditions.add(library["conditions"]["heart"])
    assert [s.page.title for s in packet_suggestions(transition=moved)] == [
        "What to expect in a skilled nursing facility",
        "Living with COPD",
        "Living with heart failure",
    ]


def test_a_code_no_page_is_about_and_a_place_with_no_page_suggest_nothing(library, hospital):
    moved = make_transition(facility=hospital, condition_codes="E11.9", destination_kind="hospice")
    assert packet_suggestions(transition=moved) == []


def test_drafts_and_private_pages_are_never_suggested(library, hospital):
    library["heart_es"].unpublish()
    library["snf"].unpublish()
    moved = make_transition(facility=hospital, language="es")
    assert titles(packet_suggestions(transition=moved)) == [("Living with heart failure", "en", True)]


@pytest.mark.parametrize(
    ("entered", "kept"),
    [("i50.9;  e11.65 ,I50.9", "I50.9, E11.65"), ("", ""), (" J44.9 ", "J44.9")],
)
def test_codes_are_tidied_on_clean(library, hospital, entered, kept):
    moved = make_transition(facility=hospital, condition_codes=entered)
    moved.full_clean()
    assert moved.condition_codes == kept


@pytest.mark.parametrize("entered", ["heart failure", "I50.9, 12345", "U07.1"])
def test_a_wrong_code_is_named_next_to_the_field(library, hospital, entered):
    moved = make_transition(facility=hospital, condition_codes=entered)
    with pytest.raises(ValidationError) as caught:
        moved.full_clean()
    assert "is not an ICD-10-CM code" in caught.value.message_dict["condition_codes"][0]


def test_saving_pages_keeps_their_order_language_and_fallback(transition, liaison, library):
    packet = packet_save(transition=transition, pages=[library["copd"], library["heart"]], user=liaison)
    items = list(packet.items.select_related("page", "page__locale"))
    # The heart page is kept in Spanish, the COPD page in English (no translation).
    assert [(i.page.title, i.page.locale.language_code, i.fallback) for i in items] == [
        ("Living with COPD", "en", True),
        ("Vivir con insuficiencia cardíaca", "es", False),
    ]
    assert packet.language == "es"


def test_the_same_page_in_two_languages_is_kept_once(transition, liaison, library):
    packet = packet_save(transition=transition, pages=[library["heart"], library["heart_es"]], user=liaison)
    assert packet.items.count() == 1


def test_a_page_kept_keeps_its_open_count_and_a_page_removed_goes(transition, liaison, library):
    packet = packet_save(transition=transition, pages=[library["heart"], library["snf"]], user=liaison)
    item_open(item=packet.items.get(page=library["heart_es"]))
    packet = packet_save(transition=transition, pages=[library["snf"], library["heart"]], user=liaison)
    assert [(i.page_id, i.opened_count) for i in packet.items.all()] == [
        (library["snf"].pk, 0),
        (library["heart_es"].pk, 1),
    ]
    packet_save(transition=transition, pages=[library["snf"]], user=liaison)
    assert list(PacketItem.objects.filter(packet=packet).values_list("page_id", flat=True)) == [
        library["snf"].pk
    ]


def test_a_packet_needs_a_page_and_holds_a_bounded_number(transition, liaison, library):
    with pytest.raises(PacketError, match="at least one page"):
        packet_save(transition=transition, pages=[], user=liaison)
    with pytest.raises(PacketError, match=f"at most {MAX_PAGES}"):
        packet_save(transition=transition, pages=[library["heart"]] * (MAX_PAGES + 1), user=liaison)


def test_choosing_pages_is_recorded_in_the_audit_log(packet, liaison):
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.for_instance(packet).get()
    assert (entry.action, entry.user_id) == ("packets.packet.save", liaison.pk)
