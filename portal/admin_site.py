"""Django's own admin, for superusers only, signed in through allauth like every staff page.

Staff work in the Wagtail admin; this one stays for the few things only it offers (allauth's
list of authenticators, where a lost phone's authenticator is removed). Portal accounts do
not carry Django's ``is_staff`` flag, so the stock site sent every signed-in role to its login
page, which forwards to allauth, which sent them straight back: a redirect loop. Here a
superuser is let in and anyone else signed in is refused plainly.
"""

from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        """Active superusers only; ``is_staff`` plays no part on this portal."""
        return request.user.is_active and request.user.is_superuser

    def admin_view(self, view, cacheable=False):
        """Django's wrapper (sign-in redirect, CSRF, no caching), plus a 403 for a signed-in
        user who is not a superuser, where Django would send them to sign in again."""
        inner = super().admin_view(view, cacheable)

        def refuse_or_view(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_or_view, view)
