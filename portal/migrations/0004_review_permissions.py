"""Liaisons export their facilities' responses; managers see the review audit trail
(see portal.roles)."""

from django.db import migrations

from portal.roles import roles_ensure


def grant(apps, schema_editor):
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_survey_permissions"), ("surveys", "0004_response_transition")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
