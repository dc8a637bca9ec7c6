"""Managers change when packet emails go out (see portal.roles)."""

from django.db import migrations

from portal.roles import roles_ensure


def grant(apps, schema_editor):
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("packets", "0001_packets"), ("portal", "0004_review_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
