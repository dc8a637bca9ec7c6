from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True  # this module also holds StaffUsersConfig, for wagtail.users
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import checks  # noqa: F401 - registers the deploy checks
        from portal.celery import ensure_broker_folders

        ensure_broker_folders()


class StaffUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the staff forms that keep managers within their role."""

    default = False
    user_viewset = "portal.staff_users.StaffUserViewSet"
