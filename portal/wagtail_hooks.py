from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import admin_views, audit  # noqa: F401 - audit registers its log actions
from portal.models import StaffProfile
from portal.selectors import staff_profile_for
from portal.staff_users import user_may_grant_administrator
from portal.two_step import user_may_reset_second_factor


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


@hooks.register("insert_global_admin_css")
def portal_admin_styles():
    """The portal's own admin screens (review area, invitation log, packets) share one
    compiled stylesheet instead of inline <style> blocks."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def date_widgets_without_inline_scripts():
    return format_html('<script src="{}"></script>', static("js/admin/date-widgets.js"))


@hooks.register("register_admin_urls")
def two_step_reset_urls():
    return [
        path("users/<int:user_id>/two-step/reset/", admin_views.two_step_reset, name="portal_two_step_reset")
    ]


@hooks.register("register_user_listing_buttons")
def two_step_reset_button(user, request_user):
    if user_may_reset_second_factor(user=user, by=request_user):
        yield Button(
            _("Reset two-step verification"), reverse("portal_two_step_reset", args=[user.pk]), priority=50
        )


# --- what patients see of staff (a liaison's direct line, a reviewer's credentials): each
# person edits their own under Account; managers edit anyone's under Snippets ----------------
class StaffProfileForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["direct_phone", "credentials"]
        help_texts = {
            "direct_phone": gettext_lazy(
                "Shown to patients on the education packets you send, with your name."
            ),
            "credentials": gettext_lazy(
                "Shown after your name on the education pages you review, e.g. 'RN, MSN'."
            ),
        }


class StaffProfileSettingsPanel(BaseSettingsPanel):
    name = "direct_phone"
    title = gettext_lazy("What patients see of you")
    order = 150
    form_class = StaffProfileForm

    def get_form(self):
        profile = staff_profile_for(user=self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=profile, prefix=self.name)
        return self.form_class(instance=profile, prefix=self.name)


@hooks.register("register_account_settings_panel")
def staff_profile_panel(request, user, profile):
    return StaffProfileSettingsPanel(request, user, profile)


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = gettext_lazy("Staff direct lines")
    list_display = ["__str__", "direct_phone", "credentials"]
    # A plain select: Wagtail's choosers start with inline scripts, which the admin's
    # Content-Security-Policy does not allow.
    panels = [
        FieldPanel("user", widget=forms.Select),
        FieldPanel("direct_phone"),
        FieldPanel("credentials"),
    ]


register_snippet(StaffProfileViewSet)


@hooks.register("before_edit_user")
@hooks.register("before_delete_user")
def administrators_are_changed_by_administrators(request, user):
    """A manager who could change an administrator's email could take the account over
    through "Forgot password" (see portal.staff_users)."""
    if user.is_superuser and not user_may_grant_administrator(user=request.user):
        raise PermissionDenied
