"""Only liaison managers (the clinical reviewers) publish pages; editors and managers
translate them with wagtail-localize (see portal.roles)."""

from django.db import migrations

from portal.roles import roles_ensure


def grant(apps, schema_editor):
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_staff_credentials"),
        ("content", "0006_review_stamped_on_approval"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
