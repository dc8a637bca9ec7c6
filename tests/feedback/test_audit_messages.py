"""Every audit entry the project writes reads as a sentence wherever it is shown: Site history,
its CSV export, a survey's history, a follow-up's page (issue 22, finding 1). A message given
to Wagtail as a plain function came out as ``<bound method _export_message of
<wagtail.log_actions._LogFormatter …>>``.

The actions are taken from Wagtail's registry, so an action added later is logged and shown
here too, and fails if it does not read as text."""

import csv
import html
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_actions
from wagtail.models import ModelLogEntry

from feedback.audit import SYSTEM_ACTOR, followup_opened
from feedback.exports import ExportOptions, responses_export
from feedback.followups import followup_reassign, followup_status_change
from feedback.models import FollowUp
from packets.models import Packet
from portal.audit import two_step_reset_logged
from surveys.audit import held_submission_deleted, held_submission_released
from surveys.models import Response
from tests.factories import StaffUserFactory, activate_totp

pytestmark = pytest.mark.both_databases

REPRS = ("<bound method", "object at 0x", "<wagtail.")
HISTORY = reverse("wagtailadmin_reports:site_history")
EXPORT_SENTENCE = (
    "Exported 1 response as CSV (labels, de-identified)"
    " — filters: facility North Hospital, 2026-01-01 to 2026-12-06"
)


def project_actions() -> list[str]:
    """The log actions registered by the project's own apps (by the action's first part)."""
    ours = {
        config.label
        for config in apps.get_app_configs()
        if str(config.path).startswith(str(settings.BASE_DIR)) and ".venv" not in str(config.path)
    }
    return [action for action, _label in log_actions.get_choices() if action.split(".")[0] in ours]


@pytest.fixture
def everything_logged(cast, survey):
    """One entry of every project action (the project's own call where there is one),
    returned with the records they are about."""
    response = cast.north_response
    followup, _created = FollowUp.objects.get_or_create(
        response=response,
        defaults={"assigned_to": cast.north_liaison, "due_at": timezone.now(), "escalate_at": timezone.now()},
    )
    followup_opened(followup=followup, kinds=[FollowUp.CALL_BACK])
    followup_reassign(followup=followup, to=cast.manager, note="on leave this week", user=cast.north_liaison)
    followup_status_change(
        followup=followup, status=FollowUp.RESOLVED, note="called the daughter", user=cast.manager
    )
    responses_export(
        responses=Response.objects.filter(pk=response.pk),
        versions=[response.version],
        survey=survey,
        options=ExportOptions(format="csv", labels=True, deidentified=True),
        user=cast.manager,
        filters={
            "survey": str(survey.translation_key),
            "facility": cast.north,
            "from": "2026-01-01",
            "to": "2026-12-06",
        },
    )
    responses_export(
        responses=Response.objects.all(),
        versions=[response.version],
        survey=survey,
        options=ExportOptions(format="xlsx"),
        actor=SYSTEM_ACTOR,
        filters={"survey": str(survey.translation_key), "facility": cast.south.pk, "since": "2026-01-01"},
    )
    held = SimpleNamespace(pk=7, version=SimpleNamespace(survey=survey), received_at=timezone.now())
    held_submission_released(held=held, response=response, user=cast.manager)
    held_submission_deleted(held=held, user=cast.manager)
    two_step_reset_logged(user=cast.north_liaison, by=cast.manager)
    packet = Packet.objects.create(transition=response.transition, language="en")
    done = set(ModelLogEntry.objects.values_list("action", flat=True))
    for action in project_actions():
        if action not in done:  # the packet's, and any action added later
            log(instance=packet, action=action, user=cast.manager, data={"pages": [1, 2, 3]})
    return SimpleNamespace(cast=cast, survey=survey, followup=followup, response=response)


def readable(text: str) -> str:
    text = html.unescape(text)
    shown = [repr_ for repr_ in REPRS if repr_ in text]
    assert not shown, f"an object's repr instead of a sentence: {shown}"
    return text


def body(response) -> str:
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_every_action_of_the_project_has_a_message_that_is_text(everything_logged):
    actions = project_actions()
    assert {"surveys.responses.export", "surveys.followup.change", "packets.packet.save"} <= set(actions)
    for action in actions:
        entry = ModelLogEntry.objects.filter(action=action).first()
        assert entry is not None, action
        for language in ("en", "es"):
            with translation.override(language):
                message = readable(str(entry.message))
                assert message.strip() and "Unknown" not in message, (action, language, message)


@pytest.fixture
def admin(db):
    """Sees every entry in Site history, whatever record it is about."""
    user = StaffUserFactory(is_superuser=True)
    activate_totp(user)
    return user


def test_site_history_and_its_exports_read_as_sentences(client, everything_logged, admin):
    logged = everything_logged
    client.force_login(admin)
    page = readable(body(client.get(HISTORY)))
    followup = logged.followup.pk
    assert EXPORT_SENTENCE in page
    assert f"Follow-up #{followup}: open → resolved — with a note" in page
    assert (
        "Exported 2 responses as XLSX (codes) — filters: facility South Hospital, from 2026-01-01"
        f" — by {SYSTEM_ACTOR}" in page
    )
    assert f"Follow-up #{followup} opened by the rules: asked for a call" in page
    manager = logged.cast.manager.get_full_name()
    assert f"Follow-up #{followup} reassigned from Nora North to {manager} — with a note" in page
    assert "on leave" not in page  # the note stays on the case
    assert "Chose 3 pages for the education packet" in page
    export = readable(body(client.get(HISTORY + "?export=csv")))
    cells = [cell for row in csv.reader(io.StringIO(export)) for cell in row]
    assert EXPORT_SENTENCE in cells
    assert f"Follow-up #{followup}: open → resolved — with a note" in cells
    workbook = load_workbook(io.BytesIO(client.get(HISTORY + "?export=xlsx").getvalue()))
    assert EXPORT_SENTENCE in {cell.value for row in workbook.active.iter_rows() for cell in row}


def test_a_survey_history_and_a_follow_up_page_read_as_sentences(client, everything_logged, admin):
    logged = everything_logged
    client.force_login(logged.cast.manager)
    followup_page = readable(body(client.get(reverse("review:followup", args=[logged.followup.pk]))))
    assert f"Follow-up #{logged.followup.pk}: open → resolved — with a note" in followup_page
    readable(body(client.get(reverse("review:response", args=[logged.response.pk]))))
    client.force_login(admin)
    survey_history = readable(
        body(client.get(reverse("wagtailsnippets_surveys_survey:history", args=[logged.survey.pk])))
    )
    assert EXPORT_SENTENCE in survey_history


def test_the_export_sentence_is_in_spanish_for_a_spanish_reader(everything_logged):
    entry = ModelLogEntry.objects.filter(action="surveys.responses.export", user__isnull=False).get()
    with translation.override("es"):
        message = str(entry.message)
    assert message == (
        "Se exportó 1 respuesta en CSV (etiquetas, sin datos identificativos)"
        " — filtros: centro North Hospital, 2026-01-01 a 2026-12-06"
    )
