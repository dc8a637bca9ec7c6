from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel


class MFANotEnforcedPanel(Component):
    """Says on the dashboard, in plain words, when two-step verification is not enforced."""

    name = "mfa_not_enforced"
    order = 10

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="help-block help-warning" aria-labelledby="mfa-warning-heading">'
            '<h2 id="mfa-warning-heading">{}</h2><p>{}</p></section>',
            _("Two-step verification is not enforced on this server"),
            _(
                "This is a demonstration setting (REQUIRE_MFA=false). Staff can reach the "
                "admin with a password alone. Production always requires an authenticator app."
            ),
        )


@hooks.register("construct_homepage_panels")
def warn_when_mfa_is_relaxed(request, panels):
    if not settings.PORTAL_REQUIRE_MFA:
        panels.insert(0, MFANotEnforcedPanel())


TWO_STEP_TEMPLATE = "portal/admin/two_step_panel.html"


def _two_step_context(user) -> dict:
    return {"two_step_enabled": is_mfa_enabled(user, types=["totp"])}


class TwoStepVerificationSettingsPanel(BaseSettingsPanel):
    """Account → Profile: whether two-step verification is on, with the link that sets it up
    or manages it (allauth's pages; Wagtail's sidebar account menu takes no extra items, so
    the Account page and the dashboard are where staff find it)."""

    name = "two_step_verification"
    title = gettext_lazy("Two-step verification")
    order = 50
    template_name = TWO_STEP_TEMPLATE

    def get_form(self):
        # Nothing to save here: an empty, unbound form, so the Account page's Save skips it.
        return forms.Form(prefix=self.name)

    def get_context_data(self):
        return _two_step_context(self.user)


@hooks.register("register_account_settings_panel")
def two_step_verification_settings_panel(request, user, profile):
    return TwoStepVerificationSettingsPanel(request, user, profile)


class TwoStepVerificationOffPanel(Component):
    """On the dashboard of a staff member without two-step verification: the link to set it up."""

    name = "two_step_verification_off"
    order = 20

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        body = render_to_string(TWO_STEP_TEMPLATE, _two_step_context(request.user), request=request)
        return format_html(
            '<section class="help-block help-info" aria-labelledby="two-step-heading">'
            '<h2 id="two-step-heading">{}</h2>{}</section>',
            _("Two-step verification"),
            body,
        )


@hooks.register("construct_homepage_panels")
def offer_two_step_verification_set_up(request, panels):
    if not is_mfa_enabled(request.user, types=["totp"]):
        panels.insert(0, TwoStepVerificationOffPanel())


@hooks.register("insert_global_admin_js")
def date_widgets_without_inline_scripts():
    return format_html('<script src="{}"></script>', static("js/admin/date-widgets.js"))
