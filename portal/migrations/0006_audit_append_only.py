"""Audit entries can be added, never changed or deleted (HIPAA 164.312(b) audit controls,
(c) integrity): on PostgreSQL a trigger refuses any DELETE of a Wagtail log entry and any
UPDATE other than of its label (the retention sweep rewrites labels that showed a hospital
reference) or of a content type that was itself deleted. The embedded SQLite default has no
such guard: Django empties SQLite tables with DELETE, which a trigger would refuse."""

from django.db import migrations

TABLES = ("wagtailcore_modellogentry", "wagtailcore_pagelogentry")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING MESSAGE = 'audit entries cannot be deleted: ' || TG_TABLE_NAME;
    END IF;
    IF (to_jsonb(NEW) - 'label' - 'content_type_id') IS DISTINCT FROM
       (to_jsonb(OLD) - 'label' - 'content_type_id') THEN
        RAISE EXCEPTION USING MESSAGE = 'audit entries cannot be changed: ' || TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS portal_append_only ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER portal_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION portal_audit_append_only()"
        )


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS portal_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_library_permissions"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(guard, unguard)]
