from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys and feedback")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import published

        from content.context_processors import public_caches_clear
        from surveys.models import Survey, SurveySettings

        published.connect(_freeze_published_survey, sender=Survey, dispatch_uid="survey_version_freeze")
        # Education pages embed the page feedback questions: a new version or a different
        # survey must reach cached pages at once.
        post_save.connect(public_caches_clear, sender=SurveySettings, dispatch_uid="surveys.caches.settings")


def _freeze_published_survey(sender, instance, revision=None, **kwargs):
    from content.context_processors import public_caches_clear
    from surveys.services import survey_version_freeze

    if survey_version_freeze(survey=instance, user=getattr(revision, "user", None)) is not None:
        public_caches_clear()
