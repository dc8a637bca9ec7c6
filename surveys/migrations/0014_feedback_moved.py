"""The daily figures and the follow-ups now live in the feedback app (see feedback 0001):
they leave this app's state. Nothing changes in the database; the tables and their rows
stay as they are."""

from django.db import migrations

from portal.roles import roles_ensure


def roles_grant(apps, schema_editor):
    # The roles name the moved models' permissions under their new app (portal.roles): a
    # database built from scratch gets them here, an upgraded one already has them.
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0013_transitions_moved"),
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="FiguresDay"),
                migrations.DeleteModel(name="FiguresPending"),
                migrations.DeleteModel(name="FollowUpRules"),
                migrations.DeleteModel(name="DailyFigures"),
                migrations.DeleteModel(name="FollowUp"),
            ],
        ),
        migrations.RunPython(roles_grant, migrations.RunPython.noop),
    ]
