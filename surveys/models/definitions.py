"""Survey definitions, edited by managers as translatable snippets, and the immutable
versions that publishing freezes."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index

from surveys.blocks import StepsBlock, snapshot_steps
from surveys.blocks.steps import new_survey_steps
from surveys.panels import SurveyStepsPanel, SurveyVersionsPanel


class Survey(TranslatableMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """What a survey asks, grouped into steps. Publishing freezes a SurveyVersion."""

    title = models.CharField(_("title"), max_length=120)
    introduction = models.TextField(
        _("introduction"), max_length=600, help_text=_("Why we ask and how long it takes.")
    )
    privacy_notice = models.TextField(
        _("privacy notice"), max_length=800, help_text=_("How answers are used and who sees them.")
    )
    thank_you = models.TextField(_("thank-you message"), max_length=600)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers are not linked to the person's care transition or invitation."),
    )
    steps = StreamField(StepsBlock(), default=new_survey_steps, verbose_name=_("steps"))
    current_version = models.ForeignKey(
        "surveys.SurveyVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("current version"),
    )

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]
    # A translation starts with no version of its own; publishing it freezes one.
    exclude_fields_in_copy = ["current_version"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("introduction"),
                    FieldPanel("privacy_notice"),
                    FieldPanel("thank_you"),
                    FieldPanel("anonymous"),
                ],
                heading=_("About"),
            ),
            ObjectList([SurveyStepsPanel("steps")], heading=_("Questions")),
            ObjectList(
                [MultiFieldPanel([SurveyVersionsPanel()], heading=_("Published versions"))],
                heading=_("Versions"),
            ),
        ]
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["title"]
        default_permissions = ("add", "change", "delete", "view", "publish", "lock", "unlock")

    def __str__(self) -> str:
        return self.title

    def snapshot(self) -> dict:
        """The definition as it stands now (not yet frozen). Built-in answer labels (the
        agreement scale, yes and no) are written in the survey's own language, whatever
        language the editor's screen is in."""
        language = self.locale.language_code if self.locale_id else settings.LANGUAGE_CODE
        with translation.override(language):
            steps = snapshot_steps(self.steps)
        return {
            "title": self.title,
            "introduction": self.introduction,
            "privacy_notice": self.privacy_notice,
            "thank_you": self.thank_you,
            "anonymous": self.anonymous,
            "language": language,
            "steps": steps,
        }

    def clean(self) -> None:
        # The admin form runs StepsBlock.clean already; surveys built in code (FHIR import,
        # templates) get the same whole-survey checks here.
        super().clean()
        try:
            self.steps.stream_block.clean(self.steps)
        except ValidationError as problem:
            raise ValidationError({"steps": problem}) from None


class SurveyVersion(models.Model):
    """A frozen snapshot of a survey as published. Never changed once written: every
    response points at the version it answered, so old answers keep their meaning."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("survey version")
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="survey_version_number")]
        ordering = ["survey", "-number"]

    def __str__(self) -> str:
        return f"{self.definition.get('title', '')} (v{self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published survey version cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def steps(self) -> list[dict]:
        return self.definition["steps"]

    @property
    def language(self) -> str:
        return self.definition.get("language", settings.LANGUAGE_CODE)
