"""After 0003 gave every case an owner and an escalation time: both become required, an
owner cannot be deleted while they hold cases, and a response has one case."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_followups_merged"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="followup", name="one_followup_per_response_and_kind"),
        migrations.RemoveField(model_name="followup", name="kind"),
        migrations.RemoveField(model_name="followup", name="detail"),
        migrations.AlterField(
            model_name="followup",
            name="assigned_to",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="followups",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned to",
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="escalate_at",
            field=models.DateTimeField(verbose_name="escalate to the managers at"),
        ),
        migrations.AddConstraint(
            model_name="followup",
            constraint=models.UniqueConstraint(fields=("response",), name="one_followup_per_response"),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["status", "escalate_at"], name="followup_escalation_idx"),
        ),
    ]
