"""Follow-ups become one case per response: the reasons move to a table of their own, each
case gets a severity, a routing and an escalation time, and the rules get a severity per rule,
two word lists and business hours. 0003 merges the existing rows, 0004 tightens the columns."""

import datetime

import django.db.models.deletion
from django.db import migrations, models

SEVERITIES = [("urgent", "Urgent"), ("routine", "Routine")]
KINDS = [
    ("bottom_box", "Worst answer to a scored question"),
    ("low_rating", "Low overall rating"),
    ("detractor", "Would not recommend"),
    ("call_back", "Asked for a call"),
    ("keyword", "Words that need a look"),
]
WORDS_HELP = "One word or phrase per line, in any language; matched as whole words, ignoring case."


def _severity(name, verbose, default):
    return migrations.AddField(
        model_name="followuprules",
        name=name,
        field=models.CharField(choices=SEVERITIES, default=default, max_length=8, verbose_name=verbose),
    )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="FollowUpReason",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(choices=KINDS, max_length=12, verbose_name="reason")),
                ("severity", models.CharField(choices=SEVERITIES, max_length=8, verbose_name="severity")),
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
                    "followup",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reasons",
                        to="feedback.followup",
                    ),
                ),
            ],
            options={
                "verbose_name": "follow-up reason",
                "verbose_name_plural": "follow-up reasons",
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("followup", "kind"), name="one_reason_per_kind")
                ],
            },
        ),
        migrations.AddField(
            model_name="followup",
            name="severity",
            field=models.CharField(
                choices=SEVERITIES, default="routine", max_length=8, verbose_name="severity"
            ),
        ),
        migrations.AddField(
            model_name="followup",
            name="routed_to",
            field=models.CharField(
                choices=[
                    ("liaison", "The transition's liaison"),
                    ("facility", "A liaison of the facility"),
                    ("manager", "A manager, waiting for a liaison"),
                    ("reassigned", "Handed on by a person"),
                ],
                default="liaison",
                max_length=12,
                verbose_name="routed to",
            ),
        ),
        migrations.AddField(
            model_name="followup",
            name="escalate_at",
            field=models.DateTimeField(null=True, verbose_name="escalate to the managers at"),
        ),
        migrations.AddField(
            model_name="followup",
            name="handover_note",
            field=models.TextField(blank=True, verbose_name="note from the last hand-over"),
        ),
        migrations.RenameField(model_name="followuprules", old_name="keywords", new_name="routine_words"),
        migrations.AlterField(
            model_name="followuprules",
            name="routine_words",
            field=models.TextField(
                blank=True,
                default="pain\nmedication\nmedicine\nwrong\ndolor\nmedicamento\nmedicina",
                help_text=WORDS_HELP,
                verbose_name="routine words in free text",
            ),
        ),
        migrations.AddField(
            model_name="followuprules",
            name="urgent_words",
            field=models.TextField(
                blank=True,
                default="fall\nfell\nmedicine mistake\nwrong medicine\nno one came\nnobody came\n"
                "caída\ncayó\nse cayó\nerror de medicamento\nnadie vino",
                help_text=WORDS_HELP,
                verbose_name="urgent words in free text",
            ),
        ),
        _severity("bottom_box_severity", "severity of a worst answer", "routine"),
        _severity("low_rating_severity", "severity of a low rating", "routine"),
        _severity("detractor_severity", "severity of would not recommend", "routine"),
        _severity("call_back_severity", "severity of a call-back request", "urgent"),
        migrations.AlterField(
            model_name="followuprules",
            name="business_days_to_act",
            field=models.PositiveSmallIntegerField(
                default=2, help_text="For routine follow-ups.", verbose_name="business days to act"
            ),
        ),
        migrations.AddField(
            model_name="followuprules",
            name="business_day_starts",
            field=models.TimeField(default=datetime.time(8, 0), verbose_name="business day starts"),
        ),
        migrations.AddField(
            model_name="followuprules",
            name="business_day_ends",
            field=models.TimeField(default=datetime.time(17, 0), verbose_name="business day ends"),
        ),
        migrations.AddField(
            model_name="followuprules",
            name="urgent_escalation_hours",
            field=models.PositiveSmallIntegerField(
                default=4, verbose_name="business hours before an urgent follow-up goes to the managers"
            ),
        ),
    ]
