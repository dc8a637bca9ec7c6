from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="form")
class SurveySettings(BaseGenericSetting):
    """Site-wide survey choices managers can change."""

    page_feedback_survey = models.ForeignKey(
        "surveys.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page feedback survey"),
        help_text=_(
            "Asked at the end of every education page, in the page's language where translated. "
            "Leave empty to show no feedback form."
        ),
    )

    class Meta:
        verbose_name = pgettext_lazy("settings menu", "survey settings")
