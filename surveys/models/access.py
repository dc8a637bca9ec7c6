from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyAccess(models.Model):
    """Holds the survey permissions that belong to no single model (no table).

    Reviewing responses is a permission apart from editing content, so a content editor
    never sees patients' answers and a liaison need not be able to publish pages.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("review_responses", _("Can review survey responses for assigned facilities")),
            ("review_all_facilities", _("Can review survey responses for all facilities")),
            ("export_responses", _("Can export survey responses")),
            ("manage_surveys", _("Can build and publish surveys")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
