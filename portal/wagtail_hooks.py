from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component


class MFANotEnforcedPanel(Component):
    """Says on the dashboard, in plain words, when two-step sign-in is not enforced."""

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


@hooks.register("insert_global_admin_js")
def date_widgets_without_inline_scripts():
    return format_html('<script src="{}"></script>', static("js/admin/date-widgets.js"))


@hooks.register("before_edit_user")
@hooks.register("before_delete_user")
def administrators_are_changed_by_administrators(request, user):
    """A manager who could change an administrator's email could take the account over
    through "Forgot password" (see portal.staff_users)."""
    from portal.staff_users import user_may_grant_administrator

    if user.is_superuser and not user_may_grant_administrator(user=request.user):
        raise PermissionDenied
