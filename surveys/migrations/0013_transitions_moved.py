"""Facilities, care transitions and email opt-outs now live in the transitions app (see
transitions 0001): the foreign keys to them are re-pointed and the models leave this app's
state. Nothing changes in the database; the tables and their rows stay as they are."""

import django.db.models.deletion
from django.db import migrations, models

from portal.roles import roles_ensure


def roles_grant(apps, schema_editor):
    # The roles name the moved models' permissions under their new app (portal.roles): a
    # database built from scratch gets them here, an upgraded one already has them.
    roles_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0012_us_spelling_in_help_texts"),
        ("transitions", "0001_initial"),
        ("packets", "0003_transitions_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="response",
                    name="transition",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Empty for anonymous surveys and public links.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="responses",
                        to="transitions.caretransition",
                        verbose_name="care transition",
                    ),
                ),
                migrations.AlterField(
                    model_name="invitation",
                    name="transition",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="transitions.caretransition",
                        verbose_name="care transition",
                    ),
                ),
                migrations.DeleteModel(
                    name="EmailOptOut",
                ),
                migrations.AlterField(
                    model_name="dailyfigures",
                    name="facility",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="transitions.facility",
                    ),
                ),
                migrations.AlterField(
                    model_name="response",
                    name="receiving_facility",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="transitions.facility",
                        verbose_name="receiving facility",
                    ),
                ),
                migrations.AlterField(
                    model_name="dailyfigures",
                    name="receiving_facility",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="transitions.facility",
                    ),
                ),
                migrations.AlterField(
                    model_name="response",
                    name="facility",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="transitions.facility",
                        verbose_name="discharged from",
                    ),
                ),
                migrations.DeleteModel(
                    name="CareTransition",
                ),
                migrations.DeleteModel(
                    name="Facility",
                ),
            ],
        ),
        migrations.RunPython(roles_grant, migrations.RunPython.noop),
    ]
