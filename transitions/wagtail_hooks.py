from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from transitions import choice_admin
from transitions.admin_chooser import facility_chooser_viewset
from transitions.admin_views import TransitionsGroup
from transitions.hooks import TRANSITION_BUTTONS, TRANSITION_TIMELINE_SECTIONS
from transitions.providers.choices_selectors import choice_shares_for_transition
from transitions.providers.choices_services import register_choice_actions
from transitions.providers.importer import audit  # noqa: F401 - registers the import's log action
from transitions.timeline import TimelineSection


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


@hooks.register("register_admin_urls")
def transition_choices_urls():
    return [path("transition-choices/", include((choice_admin.urlpatterns, choice_admin.app_name)))]


@hooks.register("register_log_actions")
def choice_list_actions(actions):
    register_choice_actions(actions)


@hooks.register(TRANSITION_BUTTONS)
def choice_list_button(request, transition):
    if not request.user.has_perm(choice_admin.PERMISSION):
        return []
    return [(_("Choice list"), choice_admin.choice_list_url(transition), "list-ul")]


@hooks.register(TRANSITION_TIMELINE_SECTIONS, order=300)
def choice_list_on_the_timeline(request, transition):
    """Each time the choice list was shared: when, by whom, how many providers, with a link
    to the frozen copy for those who may open the list."""
    return [
        TimelineSection(
            "transitions/choices/timeline_choices.html",
            {
                "shares": choice_shares_for_transition(transition=transition),
                "can_open": request.user.has_perm(choice_admin.PERMISSION),
            },
        )
    ]
