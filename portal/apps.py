from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import checks  # noqa: F401 - registers the deploy checks
        from portal.celery import ensure_broker_folders

        ensure_broker_folders()


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with its site open to superusers only (portal.admin_site)."""

    default = False  # "portal" itself is PortalConfig
    default_site = "portal.admin_site.SuperuserAdminSite"
