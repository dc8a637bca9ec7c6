from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import published, unpublished


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys and feedback")

    def ready(self):
        # Inside ready(): models (and modules that import them) load only once the app
        # registry is ready.
        from content.context_processors import public_caches_clear
        from surveys.models import Survey, SurveySettings

        published.connect(_freeze_published_survey, sender=Survey, dispatch_uid="survey_version_freeze")
        # Education pages embed the page feedback questions: a new version or a different
        # survey must reach cached pages at once.
        post_save.connect(public_caches_clear, sender=SurveySettings, dispatch_uid="surveys.caches.settings")
        # Survey pages are kept with their survey (content.routing): a survey that stops
        # being live must stop being served at once (publishing is handled with the freeze).
        unpublished.connect(public_caches_clear, sender=Survey, dispatch_uid="surveys.caches.unpublished")
        post_delete.connect(public_caches_clear, sender=Survey, dispatch_uid="surveys.caches.deleted")


def _freeze_published_survey(sender, instance, revision=None, **kwargs):
    # Late: this module loads before the app registry, and these import models.
    from content.context_processors import public_caches_clear
    from surveys.services import survey_version_freeze

    survey_version_freeze(survey=instance, user=getattr(revision, "user", None))
    # Even with no new version: survey pages are kept with their survey (content.routing).
    public_caches_clear()
