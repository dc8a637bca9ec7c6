"""Staff accounts in the Wagtail admin, within the role of whoever manages them.

Liaison managers hold ``auth.add_user`` and ``auth.change_user`` so they can bring staff in.
Wagtail's own user forms would also let them tick "Administrator" (``is_superuser``) and type
another person's password, which turns a manager into a superuser or into whoever they
choose. Here, only a superuser sees those two fields or changes an administrator's account;
anyone else gives the three staff roles only, and a new member of staff sets their own
password with "Forgot password". Wired in through Wagtail's documented seam: a
``WagtailUsersAppConfig`` whose ``user_viewset`` is the one below (see ``portal.apps``).
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from portal.roles import MODEL_PERMISSIONS


def user_may_grant_administrator(*, user) -> bool:
    """Only a superuser makes another superuser, sets another user's password or edits an
    administrator's account."""
    return bool(user and user.is_superuser)


class _WithinRole:
    """Drops "Administrator" and the password fields for a manager who is not a superuser
    (a form without them cannot change them, whatever is posted), and offers only the staff
    role groups; other groups the account already holds are kept as they were."""

    def __init__(self, *args, granted_by=None, editing_self: bool = False, **kwargs):
        self.within_role = not user_may_grant_administrator(user=granted_by)
        self.may_set_password = not self.within_role or editing_self
        super().__init__(*args, **kwargs)
        if self.within_role:
            self.fields.pop("is_superuser", None)
            if "groups" in self.fields:
                self.fields["groups"].queryset = Group.objects.filter(name__in=MODEL_PERMISSIONS).order_by(
                    "name"
                )

    @property
    def password_enabled(self):
        return self.may_set_password and super().password_enabled

    def save(self, commit=True):
        kept = []
        if self.within_role and self.instance.pk:
            kept = list(self.instance.groups.exclude(name__in=MODEL_PERMISSIONS))
        if not self.instance.pk and not self.password_enabled:
            self.instance.set_unusable_password()
        user = super().save(commit=commit)
        if commit and kept:
            user.groups.add(*kept)
        return user


class StaffUserCreationForm(_WithinRole, UserCreationForm):
    pass


class StaffUserEditForm(_WithinRole, UserEditForm):
    pass


class StaffUserCreateView(users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "granted_by": self.request.user}


class StaffUserEditView(users.EditView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "granted_by": self.request.user}


class StaffUserViewSet(users.UserViewSet):
    add_view_class = StaffUserCreateView
    edit_view_class = StaffUserEditView

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
