from django.urls import include, path
from wagtail import hooks

from transitions.admin_chooser import facility_chooser_viewset
from transitions.admin_views import TransitionsGroup
from transitions.providers.importer import audit  # noqa: F401 - registers the import's log action


@hooks.register("register_admin_viewset")
def transitions_viewsets():
    return TransitionsGroup()


@hooks.register("register_admin_viewset")
def facility_chooser():
    return facility_chooser_viewset


@hooks.register("register_admin_urls")
def transition_import_urls():
    return [
        path("transitions-import/", include("transitions.admin_import")),
        path("providers-import/", include("transitions.admin_provider_import")),
    ]
