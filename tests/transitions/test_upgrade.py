"""A database built before the transitions and feedback apps existed upgrades with every row.

The test migrates the test database back to that schema (surveys 0012, packets 0002, no
transitions or feedback app), stores a row in every table that moved, with the foreign keys
between them and from the tables that stayed, grants a group a permission on a moved model
and logs an edit of one, then migrates forward and reads everything back through the new
apps. The schema is migrated forward again whatever happens, so later tests see it whole.

It touches each database's own behaviour (schema editor, content types, the audit guard on
PostgreSQL), so it belongs to both the SQLite and the PostgreSQL pass.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import ModelLogEntry

from content.models import Condition
from feedback.models import DailyFigures, FiguresDay, FiguresPending, FollowUp, FollowUpRules
from packets.models import Packet
from surveys.models import Invitation, Response
from tests.factories import StaffUserFactory
from transitions.models import CareTransition, EmailOptOut, Facility

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]

# The migrations as they stood before the move; the new apps had none.
BEFORE_THE_MOVE = {"surveys": "0012_us_spelling_in_help_texts", "packets": "0002_settings_permission"}
NEW_APPS = ("transitions", "feedback")
MOVED = {
    "transitions": ("facility", "caretransition", "emailoptout"),
    "feedback": ("figuresday", "figurespending", "followuprules", "dailyfigures", "followup"),
}


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def before_the_move() -> list[tuple[str, str | None]]:
    targets = [(app, BEFORE_THE_MOVE.get(app, name)) for app, name in latest() if app not in NEW_APPS]
    return targets + [(app, None) for app in NEW_APPS]


def old_rows(apps, *, survey_page, condition, user) -> dict:
    """One row in every moved table (and in the tables pointing at them), written with the
    models as they were before the move."""
    model = apps.get_model
    now = timezone.now()
    north = model("surveys", "Facility").objects.create(name="North", kind="hospital")
    south = model("surveys", "Facility").objects.create(name="South", kind="snf")
    north.liaisons.add(user.pk)
    transition = model("surveys", "CareTransition").objects.create(
        external_reference="UP-1",
        patient_first_name="Ada",
        email="ada@example.org",
        language="en",
        discharging_facility=north,
        receiving_facility=south,
        destination_kind="snf",
        transition_date=dt.date(2026, 11, 2),
        liaison_id=user.pk,
        condition_codes="I50.9",
    )
    transition.conditions.add(condition.pk)
    version = model("surveys", "SurveyVersion").objects.filter(survey_id=survey_page.survey_id).first()
    invitation = model("surveys", "Invitation").objects.create(
        page_id=survey_page.pk, transition=transition, language="en", expires_at=now + dt.timedelta(days=9)
    )
    response = model("surveys", "Response").objects.create(
        version=version,
        page_id=survey_page.pk,
        invitation=invitation,
        transition=transition,
        facility=north,
        receiving_facility=south,
        destination_kind="snf",
        liaison_id=user.pk,
        submission_key=uuid.uuid4(),
        language="en",
    )
    packet = model("packets", "Packet").objects.create(
        transition=transition, language="en", created_by_id=user.pk
    )
    followup = model("surveys", "FollowUp").objects.create(
        response=response, kind="call_back", assigned_to_id=user.pk, due_at=now
    )
    figures = model("surveys", "DailyFigures").objects.create(
        day=dt.date(2026, 11, 3),
        version=version,
        facility=north,
        receiving_facility=south,
        language="en",
        n=1,
    )
    model("surveys", "FiguresDay").objects.get_or_create(day=dt.date(2026, 11, 3))
    pending = model("surveys", "FiguresPending").objects.create(day=dt.date(2026, 11, 4))
    rules = (
        model("surveys", "FollowUpRules").objects.first()
        or model("surveys", "FollowUpRules").objects.create()
    )
    model("surveys", "FollowUpRules").objects.filter(pk=rules.pk).update(keywords="upgrade")
    opt_out = model("surveys", "EmailOptOut").objects.create(email_hash="a" * 64)

    content_type = model("contenttypes", "ContentType").objects.get(
        app_label="surveys", model="caretransition"
    )
    auditors = model("auth", "Group").objects.create(name="Upgrade auditors")
    auditors.permissions.add(
        model("auth", "Permission").objects.get(content_type=content_type, codename="view_caretransition"),
        model("auth", "Permission").objects.get(content_type__app_label="surveys", codename="view_followup"),
    )
    entry = model("wagtailcore", "ModelLogEntry").objects.create(
        content_type=content_type,
        object_id=str(transition.pk),
        label="UP-1",
        action="wagtail.edit",
        timestamp=now,
        user_id=user.pk,
    )
    return {
        "north": north.pk,
        "south": south.pk,
        "transition": transition.pk,
        "invitation": invitation.pk,
        "response": response.pk,
        "packet": packet.pk,
        "followup": followup.pk,
        "figures": figures.pk,
        "pending": pending.pk,
        "rules": rules.pk,
        "opt_out": opt_out.pk,
        "content_type": content_type.pk,
        "entry": entry.pk,
        "version": version.pk,
    }


def test_an_existing_database_upgrades_with_every_row_and_link_intact(migrated_data, home_page, survey_page):
    condition = Condition.objects.create(name="Heart failure", locale=home_page.locale)
    user = StaffUserFactory()
    targets = before_the_move()
    migrate(targets)
    try:
        old = MigrationExecutor(connection).loader.project_state([t for t in targets if t[1]]).apps
        assert not old.is_installed("transitions") and not old.is_installed("feedback")
        ids = old_rows(old, survey_page=survey_page, condition=condition, user=user)
    finally:
        migrate(latest())

    north, south = Facility.objects.get(pk=ids["north"]), Facility.objects.get(pk=ids["south"])
    assert (north.name, south.name) == ("North", "South")
    assert list(north.liaisons.all()) == [user]
    transition = CareTransition.objects.get(pk=ids["transition"])
    assert (transition.external_reference, transition.patient_first_name, transition.email) == (
        "UP-1",
        "Ada",
        "ada@example.org",
    )
    assert (transition.discharging_facility, transition.receiving_facility, transition.liaison) == (
        north,
        south,
        user,
    )
    assert list(transition.conditions.all()) == [condition]
    assert EmailOptOut.objects.get(pk=ids["opt_out"]).email_hash == "a" * 64

    invitation = Invitation.objects.get(pk=ids["invitation"])
    response = Response.objects.get(pk=ids["response"])
    assert invitation.transition == transition and invitation.page_id == survey_page.pk
    assert (response.transition, response.facility, response.receiving_facility) == (transition, north, south)
    assert response.invitation == invitation
    assert Packet.objects.get(pk=ids["packet"]).transition == transition
    assert list(transition.invitations.all()) == [invitation] and transition.packet.pk == ids["packet"]

    followup = FollowUp.objects.get(pk=ids["followup"])
    assert (followup.response, followup.assigned_to) == (response, user)
    assert list(followup.reasons.values_list("kind", flat=True)) == ["call_back"]
    figures = DailyFigures.objects.get(pk=ids["figures"])
    assert (figures.facility, figures.receiving_facility, figures.version_id) == (
        north,
        south,
        ids["version"],
    )
    assert FiguresDay.objects.filter(day=dt.date(2026, 11, 3)).exists()
    assert FiguresPending.objects.get(pk=ids["pending"]).day == dt.date(2026, 11, 4)
    assert FollowUpRules.objects.get(pk=ids["rules"]).routine_words == "upgrade"

    # The content types moved with their ids, so what pointed at them still does.
    content_type = ContentType.objects.get_for_model(CareTransition)
    assert content_type.pk == ids["content_type"]
    for app_label, models in MOVED.items():
        assert not ContentType.objects.filter(app_label="surveys", model__in=models).exists()
        assert ContentType.objects.filter(app_label=app_label, model__in=models).count() == len(models)
    auditors = Group.objects.get(name="Upgrade auditors")
    user.groups.add(auditors)
    user = type(user).objects.get(pk=user.pk)  # a fresh permission cache
    assert user.has_perm("transitions.view_caretransition") and user.has_perm("feedback.view_followup")
    entry = ModelLogEntry.objects.get(pk=ids["entry"])
    assert entry.content_type.model_class() is CareTransition and entry.object_id == str(transition.pk)
    # The roles still hold their permissions on the moved models, under the new apps' names.
    liaisons = Group.objects.get(name="Liaison").permissions.filter(content_type=content_type)
    assert set(liaisons.values_list("codename", flat=True)) == {
        "add_caretransition",
        "change_caretransition",
        "view_caretransition",
    }
