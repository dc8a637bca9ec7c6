"""Editors and managers keep the conditions, the glossary and the promoted search results
(see portal.roles)."""

from django.db import migrations

from portal.roles import roles_ensure


def grant(apps, schema_editor):
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_review_permissions"),
        ("packets", "0002_settings_permission"),
        ("content", "0004_sample_content"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
