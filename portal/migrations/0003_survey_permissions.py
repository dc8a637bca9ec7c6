"""Give liaison managers the survey editor's permissions (see portal.roles)."""

from django.db import migrations

from portal.roles import roles_ensure


def grant(apps, schema_editor):
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_staff_roles"), ("surveys", "0002_surveys_and_responses")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
