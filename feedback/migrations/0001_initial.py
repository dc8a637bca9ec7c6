"""The dashboard's daily figures and the follow-ups move here from the surveys app.

Their tables keep their names (``surveys_*``) and every row: this migration only tells
Django's model state where they live now (the database is not touched), and moves their
content types, so the permissions granted to groups, the audit log and the revisions that
point at them follow. surveys 0014 takes them out of the surveys app's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("figuresday", "figurespending", "followuprules", "dailyfigures", "followup")


def content_types_move(apps, schema_editor, *, source="surveys", target="feedback"):
    """Before Django creates content types of its own for the moved models, relabel the old
    ones (their ids, and everything pointing at them, stay)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def content_types_move_back(apps, schema_editor):
    content_types_move(apps, schema_editor, source="feedback", target="surveys")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("surveys", "0013_transitions_moved"),
        ("transitions", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FiguresDay",
                    fields=[
                        ("day", models.DateField(primary_key=True, serialize=False)),
                    ],
                    options={
                        "db_table": "surveys_figuresday",
                    },
                ),
                migrations.CreateModel(
                    name="FiguresPending",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField()),
                    ],
                    options={
                        "db_table": "surveys_figurespending",
                    },
                ),
                migrations.CreateModel(
                    name="FollowUpRules",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "bottom_box",
                            models.BooleanField(
                                default=True, verbose_name="worst answer to any scored question"
                            ),
                        ),
                        (
                            "low_rating_at_most",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                default=6,
                                help_text="For 0–10 rating questions. Leave empty to switch off.",
                                null=True,
                                verbose_name="overall rating at or below",
                            ),
                        ),
                        (
                            "detractor",
                            models.BooleanField(default=True, verbose_name="would not recommend (0 to 6)"),
                        ),
                        ("call_back", models.BooleanField(default=True, verbose_name="asked for a call")),
                        (
                            "keywords",
                            models.TextField(
                                blank=True,
                                default="fall\nfell\npain\nmedication\nmedicine\nwrong\ncaída\ncayó\ndolor\nmedicamento\nmedicina",
                                help_text="One word per line, in any language; matched as whole words, ignoring case.",
                                verbose_name="words in free text",
                            ),
                        ),
                        (
                            "business_days_to_act",
                            models.PositiveSmallIntegerField(default=2, verbose_name="business days to act"),
                        ),
                    ],
                    options={
                        "verbose_name": "follow-up rules",
                        "db_table": "surveys_followuprules",
                    },
                ),
                migrations.CreateModel(
                    name="DailyFigures",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField()),
                        ("destination_kind", models.CharField(blank=True, max_length=20)),
                        ("language", models.CharField(max_length=8)),
                        ("packet_status", models.CharField(blank=True, max_length=8)),
                        ("key", models.CharField(blank=True, max_length=40)),
                        ("n", models.PositiveIntegerField(default=0)),
                        ("value_n", models.PositiveIntegerField(default=0)),
                        ("value_sum", models.FloatField(default=0)),
                        ("score_n", models.PositiveIntegerField(default=0)),
                        ("score_sum", models.FloatField(default=0)),
                        ("top", models.PositiveIntegerField(default=0)),
                        ("promoters", models.PositiveIntegerField(default=0)),
                        ("detractors", models.PositiveIntegerField(default=0)),
                        (
                            "facility",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="transitions.facility",
                            ),
                        ),
                        (
                            "liaison",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "receiving_facility",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="transitions.facility",
                            ),
                        ),
                        (
                            "version",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="surveys.surveyversion",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "surveys_dailyfigures",
                        "indexes": [
                            models.Index(fields=["version", "day"], name="surveys_dai_version_00ab4a_idx"),
                            models.Index(
                                condition=models.Q(("key", "")),
                                fields=["version", "day"],
                                include=(
                                    "facility",
                                    "destination_kind",
                                    "liaison",
                                    "n",
                                    "score_n",
                                    "score_sum",
                                ),
                                name="daily_figures_responses",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="FollowUp",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("bottom_box", "Worst answer to a scored question"),
                                    ("low_rating", "Low overall rating"),
                                    ("detractor", "Would not recommend"),
                                    ("call_back", "Asked for a call"),
                                    ("keyword", "Words that need a look"),
                                ],
                                max_length=12,
                                verbose_name="reason",
                            ),
                        ),
                        (
                            "detail",
                            models.CharField(
                                blank=True,
                                help_text="Question keys or words, never answers.",
                                max_length=200,
                                verbose_name="what triggered it",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("in_progress", "In progress"),
                                    ("resolved", "Resolved"),
                                    ("no_action", "No action needed"),
                                ],
                                default="open",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        ("opened_at", models.DateTimeField(auto_now_add=True, verbose_name="opened")),
                        ("due_at", models.DateTimeField(verbose_name="due")),
                        ("notified_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "escalated_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="escalated"),
                        ),
                        ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                        ("resolution_note", models.TextField(blank=True, verbose_name="what was done")),
                        (
                            "assigned_to",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="followups",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="assigned to",
                            ),
                        ),
                        (
                            "response",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="followups",
                                to="surveys.response",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "follow-up",
                        "verbose_name_plural": "follow-ups",
                        "db_table": "surveys_followup",
                        "indexes": [
                            models.Index(fields=["status", "due_at"], name="surveys_fol_status_a577f7_idx"),
                            models.Index(
                                fields=["assigned_to", "status"], name="surveys_fol_assigne_544c8b_idx"
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("response", "kind"), name="one_followup_per_response_and_kind"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_move, content_types_move_back),
    ]
