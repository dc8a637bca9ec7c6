from django.urls import include, path
from wagtail import hooks

from packets import services  # noqa: F401 - registers the packet audit log actions


@hooks.register("register_admin_urls")
def packet_admin_urls():
    from packets import admin_views

    return [path("packets/", include((admin_views.urlpatterns, admin_views.app_name)))]


from packets import reports  # noqa: E402, F401 - registers the content report's hooks
