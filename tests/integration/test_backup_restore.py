"""Backups restore everything: a pg_dump archive restored with pg_restore into a new
PostgreSQL database, and the online copy of the embedded SQLite file, hold every response
with its answers, every audit entry, follow-up and care transition, and nothing that was
not committed when the backup ran."""

import os
import shutil
import sqlite3
import subprocess
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from content.services import home_page_ensure
from feedback import audit
from feedback.followups import followups_open
from feedback.models import FollowUp
from surveys.services import survey_create_from_snapshot, survey_page_ensure
from tests.factories import StaffUserFactory
from tests.surveys.factories import GOOD, POOR, answered_response, three_step_snapshot
from transitions.models import Facility

pytestmark = pytest.mark.both_databases

QUERIES = {
    "transitions": "SELECT id, external_reference FROM surveys_caretransition ORDER BY id",
    "responses": "SELECT id, transition_id, version_id, score FROM surveys_response ORDER BY id",
    "answers": 'SELECT response_id, "key", code, value, score, text FROM surveys_answer '
    'ORDER BY response_id, "key"',
    "followups": "SELECT id, response_id, severity, status, assigned_to_id FROM surveys_followup ORDER BY id",
    "reasons": "SELECT id, followup_id, kind FROM feedback_followupreason ORDER BY id",
    "audit": "SELECT id, action, content_type_id, object_id, user_id FROM wagtailcore_modellogentry "
    "ORDER BY id",
}
UNCOMMITTED_CHANGE = "UPDATE surveys_caretransition SET external_reference = 'UNCOMMITTED' WHERE id = "


def rows(cursor) -> dict[str, list[tuple]]:
    found = {}
    for name, sql in QUERIES.items():
        cursor.execute(sql)
        found[name] = [tuple(row) for row in cursor.fetchall()]
    return found


@pytest.fixture
def recorded(migrated_data):
    """Committed data of every kind a backup must keep: transitions, answered responses,
    follow-ups (opened by the rules, one then changed) and audit entries."""
    home = home_page_ensure(title="Care after the hospital", intro="Information for you.")
    survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home.locale)
    page = survey_page_ensure(parent=home, slug="move", title="Move", survey=survey, access="invitation")
    hospital = Facility.objects.create(name="North Hospital", kind="hospital")
    manager = StaffUserFactory(role="Liaison manager")
    responses = [
        answered_response(page=page, facility=hospital, answers=answers, reference=f"ENC-{number}")
        for number, answers in enumerate([POOR, GOOD, POOR])
    ]
    for response in responses:
        followups_open(response_id=response.pk)
        audit.response_viewed(response=response, user=manager)
    followup = FollowUp.objects.first()
    audit.followup_changed(followup=followup, user=manager, before=FollowUp.OPEN, after=FollowUp.IN_PROGRESS)
    FollowUp.objects.filter(pk=followup.pk).update(status=FollowUp.IN_PROGRESS)
    audit.responses_exported(survey=survey, user=manager, data={"format": "csv", "rows": 3})
    with connection.cursor() as cursor:
        expected = rows(cursor)
    # What was made above is all there, so the comparison below cannot pass on empty tables.
    assert [row[0] for row in expected["responses"]] == sorted(r.pk for r in responses)
    assert ("call_back", "yes") in {(row[1], row[2]) for row in expected["answers"]}
    assert len(expected["followups"]) >= 2
    actions = {row[1] for row in expected["audit"]}
    assert {
        audit.RESPONSE_VIEWED,
        audit.FOLLOWUP_OPENED,
        audit.FOLLOWUP_CHANGED,
        audit.RESPONSES_EXPORTED,
    } <= actions
    return expected, responses[0].transition


def postgres_connect(settings_dict: dict, dbname: str, **options) -> psycopg.Connection:
    return psycopg.connect(
        dbname=dbname,
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"] or "postgres",
        password=settings_dict["PASSWORD"] or None,
        **options,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL session runs this")
def test_a_pg_dump_archive_restores_into_a_new_database_with_everything_committed(recorded, tmp_path):
    assert shutil.which("pg_dump") and shutil.which("pg_restore")
    expected, transition = recorded
    settings_dict = connection.settings_dict
    archive = tmp_path / "portal.dump"
    # A change not yet committed when the backup runs must not be in it.
    with postgres_connect(settings_dict, settings_dict["NAME"]) as writer:
        writer.execute(
            UNCOMMITTED_CHANGE + "%s",
            [transition.pk],
        )
        call_command("portal_backup", output=str(archive))
        writer.rollback()

    restored = f"{settings_dict['NAME'][:40]}_restored_{uuid.uuid4().hex[:8]}"
    with postgres_connect(settings_dict, "postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        env = {"PGPASSWORD": settings_dict["PASSWORD"]} if settings_dict["PASSWORD"] else {}
        result = subprocess.run(
            [
                shutil.which("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                f"--host={settings_dict['HOST'] or '127.0.0.1'}",
                f"--port={settings_dict['PORT'] or 5432}",
                f"--username={settings_dict['USER'] or 'postgres'}",
                f"--dbname={restored}",
                str(archive),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            env=os.environ | env,
        )
        assert result.returncode == 0, result.stderr
        with postgres_connect(settings_dict, restored) as copy, copy.cursor() as cursor:
            assert rows(cursor) == expected
    finally:
        with postgres_connect(settings_dict, "postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    with postgres_connect(settings_dict, "postgres") as admin:
        gone = admin.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [restored]).fetchone()
    assert gone == (0,)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite session runs this")
def test_the_online_sqlite_copy_holds_everything_committed(recorded, tmp_path):
    expected, transition = recorded
    copy_path = tmp_path / "portal.sqlite3"
    # Another process is writing (and holds the write lock) while the copy is made.
    writer = sqlite3.connect(connection.settings_dict["NAME"], timeout=20, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            UNCOMMITTED_CHANGE + "?",
            [transition.pk],
        )
        call_command("portal_backup", output=str(copy_path))
        writer.execute("ROLLBACK")
    finally:
        writer.close()

    assert not copy_path.with_name(copy_path.name + "-wal").exists()  # one self-contained file
    copy = sqlite3.connect(f"file:{copy_path}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert rows(copy.cursor()) == expected
    finally:
        copy.close()


def test_the_backup_never_overwrites_a_file(db, tmp_path):
    existing = tmp_path / "portal.backup"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("portal_backup", output=str(existing))
    assert existing.read_bytes() == b"an older backup"
