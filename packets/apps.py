from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PacketsConfig(AppConfig):
    name = "packets"
    verbose_name = _("Education packets")
