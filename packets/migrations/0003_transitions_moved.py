"""The packet's care transition now lives in the transitions app: re-pointed in the model
state only (the table and its foreign key stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("packets", "0002_settings_permission"),
        ("transitions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="packet",
                    name="transition",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="packet",
                        to="transitions.caretransition",
                        verbose_name="care transition",
                    ),
                ),
            ],
        ),
    ]
