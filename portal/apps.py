from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig

from portal.celery import ensure_broker_folders


class PortalConfig(AppConfig):
    default = True  # this module also holds StaffUsersConfig, for wagtail.users
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Registered once the app registry is ready (the spreadsheet guard imports Wagtail's admin).
        from portal import checks  # noqa: F401 - registers the deploy checks
        from portal.spreadsheets import spreadsheet_exports_guard

        ensure_broker_folders()
        spreadsheet_exports_guard()
        _connect_two_step_receivers()


def _connect_two_step_receivers() -> None:
    """Removing a second factor, or new recovery codes, ends other sessions (portal.two_step)."""
    # Both import allauth's models: only once the app registry is ready.
    from allauth.mfa import signals

    from portal import two_step

    signals.authenticator_removed.connect(
        two_step.on_authenticator_changed, dispatch_uid="portal.two_step.removed"
    )
    signals.authenticator_reset.connect(
        two_step.on_authenticator_changed, dispatch_uid="portal.two_step.reset"
    )


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with its site open to superusers only (portal.admin_site)."""

    default = False  # "portal" itself is PortalConfig
    default_site = "portal.admin_site.SuperuserAdminSite"


class StaffUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the staff forms that keep managers within their role."""

    default = False
    user_viewset = "portal.staff_users.StaffUserViewSet"
