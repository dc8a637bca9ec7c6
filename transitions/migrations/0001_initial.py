"""Facilities, care transitions and email opt-outs move here from the surveys app.

Their tables keep their names (``surveys_*``) and every row: this migration only tells
Django's model state where they live now (the database is not touched), and moves their
content types, so the permissions granted to groups, the audit log and the revisions that
point at them follow. surveys 0013 and packets 0003 re-point the foreign keys in the state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("facility", "caretransition", "emailoptout")


def content_types_move(apps, schema_editor, *, source="surveys", target="transitions"):
    """Before Django creates content types of its own for the moved models, relabel the old
    ones (their ids, and everything pointing at them, stay)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def content_types_move_back(apps, schema_editor):
    content_types_move(apps, schema_editor, source="transitions", target="surveys")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("surveys", "0012_us_spelling_in_help_texts"),
        ("content", "0005_education_pages_az_name"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # After every earlier migration that grants the roles (portal.roles_ensure creates
        # content types for the models of its day): run later, on a new database, one of them
        # would create a second content type under the old app label beside the moved one.
        ("portal", "0008_organization_permissions"),
        ("packets", "0002_settings_permission"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailOptOut",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("email_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "email opt-out",
                        "db_table": "surveys_emailoptout",
                    },
                ),
                migrations.CreateModel(
                    name="Facility",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=150, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("hospital", "Hospital"),
                                    ("snf", "Skilled nursing facility"),
                                    ("irf", "Inpatient rehabilitation facility"),
                                    ("home_health", "Home health agency"),
                                    ("hospice", "Hospice"),
                                    ("ltach", "Long-term acute care hospital"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "liaisons",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Staff who see this facility's transitions, invitations and responses.",
                                related_name="facilities",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="liaisons",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "facility",
                        "verbose_name_plural": "facilities",
                        "db_table": "surveys_facility",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="CareTransition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "external_reference",
                            models.CharField(
                                help_text="The organization's own number for this discharge, such as the encounter number.",
                                max_length=64,
                                unique=True,
                                verbose_name="reference",
                            ),
                        ),
                        (
                            "patient_first_name",
                            models.CharField(max_length=60, verbose_name="patient's first name"),
                        ),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="contact email"),
                        ),
                        ("phone", models.CharField(blank=True, max_length=30, verbose_name="phone")),
                        (
                            "language",
                            models.CharField(
                                choices=[("en", "English"), ("es", "Español")],
                                default="en",
                                max_length=8,
                                verbose_name="preferred language",
                            ),
                        ),
                        (
                            "respondent",
                            models.CharField(
                                choices=[("patient", "The patient"), ("proxy", "A family member or carer")],
                                default="patient",
                                max_length=10,
                                verbose_name="who answers",
                            ),
                        ),
                        (
                            "proxy_name",
                            models.CharField(
                                blank=True, max_length=80, verbose_name="family member's or carer's name"
                            ),
                        ),
                        (
                            "destination_kind",
                            models.CharField(
                                choices=[
                                    ("snf", "Skilled nursing facility"),
                                    ("irf", "Inpatient rehabilitation facility"),
                                    ("home_health", "Home health care"),
                                    ("hospice", "Hospice"),
                                    ("ltach", "Long-term acute care hospital"),
                                    ("home", "Going home"),
                                ],
                                max_length=20,
                                verbose_name="moving to",
                            ),
                        ),
                        ("transition_date", models.DateField(verbose_name="date of the move")),
                        (
                            "condition_codes",
                            models.CharField(
                                blank=True,
                                help_text="ICD-10-CM codes from the discharge, separated by commas, e.g. I50.9, E11.9.",
                                max_length=200,
                                verbose_name="condition codes",
                            ),
                        ),
                        (
                            "do_not_contact",
                            models.BooleanField(
                                default=False,
                                help_text="No survey or reminder is sent while this is ticked.",
                                verbose_name="do not contact",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "contact_erased_at",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="contact details erased"
                            ),
                        ),
                        (
                            "conditions",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Or pick the conditions from the library's list.",
                                related_name="+",
                                to="content.condition",
                                verbose_name="conditions",
                            ),
                        ),
                        (
                            "liaison",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="transitions",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="responsible liaison",
                            ),
                        ),
                        (
                            "discharging_facility",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="discharges",
                                to="transitions.facility",
                                verbose_name="discharged from",
                            ),
                        ),
                        (
                            "receiving_facility",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="admissions",
                                to="transitions.facility",
                                verbose_name="receiving facility",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "care transition",
                        "verbose_name_plural": "care transitions",
                        "db_table": "surveys_caretransition",
                        "ordering": ["-transition_date", "-pk"],
                        "indexes": [
                            models.Index(fields=["transition_date"], name="surveys_car_transit_092a10_idx"),
                            models.Index(
                                condition=models.Q(("contact_erased_at__isnull", True)),
                                fields=["transition_date"],
                                name="transition_contact_kept",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_move, content_types_move_back),
    ]
