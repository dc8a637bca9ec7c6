"""Managers edit the organization's identity and the liaisons' direct lines (see portal.roles)."""

from django.db import migrations

from portal.roles import roles_ensure


def grant(apps, schema_editor):
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_organization_settings_and_staff_profile"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
