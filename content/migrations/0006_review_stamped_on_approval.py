"""Clinical review is stamped when a reviewer approves: review fields empty until then, an
interval in months per page, and no "sample content" flag (an unreviewed page says so)."""

import django.core.validators
from django.db import migrations, models


def sample_pages_unreviewed(apps, schema_editor):
    """Sample pages carried made-up review dates and a "not yet reviewed" reviewer: they now
    say they are not yet reviewed, until a clinical reviewer approves them."""
    for model in ("ArticlePage", "CareSettingPage"):
        apps.get_model("content", model).objects.filter(sample_content=True).update(
            last_reviewed=None, next_review_due=None, reviewer=""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_education_pages_az_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlepage",
            name="review_interval_months",
            field=models.PositiveSmallIntegerField(
                default=12,
                help_text="When the next clinical review is due after each approval: at most 36 months.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(36),
                ],
                verbose_name="months between reviews",
            ),
        ),
        migrations.AddField(
            model_name="caresettingpage",
            name="review_interval_months",
            field=models.PositiveSmallIntegerField(
                default=12,
                help_text="When the next clinical review is due after each approval: at most 36 months.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(36),
                ],
                verbose_name="months between reviews",
            ),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="last_reviewed",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="last reviewed"),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="next_review_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="next review due"),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="reviewer",
            field=models.CharField(
                blank=True, editable=False, max_length=160, verbose_name="clinical reviewer"
            ),
        ),
        migrations.AlterField(
            model_name="caresettingpage",
            name="last_reviewed",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="last reviewed"),
        ),
        migrations.AlterField(
            model_name="caresettingpage",
            name="next_review_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="next review due"),
        ),
        migrations.AlterField(
            model_name="caresettingpage",
            name="reviewer",
            field=models.CharField(
                blank=True, editable=False, max_length=160, verbose_name="clinical reviewer"
            ),
        ),
        migrations.RunPython(sample_pages_unreviewed, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="articlepage",
            name="sample_content",
        ),
        migrations.RemoveField(
            model_name="caresettingpage",
            name="sample_content",
        ),
    ]
