"""SurveyPage places a survey in the site; its sub-URLs are the wizard's steps."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester

from content.blocks import RICH_TEXT_FEATURES
from content.models import ArticlePage, CareSettingPage
from content.rich_text import rich_text_clean
from content.routing import RouteCached
from transitions.models import DESTINATION_KINDS

PUBLIC = "public"
INVITATION_ONLY = "invitation"
# A survey page decides who may answer and what patients are emailed: it is changed by
# those who build surveys, not by everyone who edits the education pages.
SURVEY_PERMISSION = "surveys.manage_surveys"


def user_may_change_survey_pages(*, user) -> bool:
    """Liaison managers (and superusers) hold the survey permission; editors and liaisons,
    who may edit every other page, see survey pages read-only."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(SURVEY_PERMISSION)))


class SurveyPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, with every change refused to users without the survey
    permission. Wagtail's edit, publish, delete, move, copy, lock, bulk-action and
    translation views all ask this tester, so a POST is refused as well as the form."""

    def _may_change(self) -> bool:
        return user_may_change_survey_pages(user=self.user)

    def can_add_subpage(self):
        return self._may_change() and super().can_add_subpage()

    def can_edit(self):
        return self._may_change() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._may_change() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._may_change() and super().can_unpublish()

    def can_publish(self):
        return self._may_change() and super().can_publish()

    def can_submit_for_moderation(self):
        return self._may_change() and super().can_submit_for_moderation()

    def can_set_view_restrictions(self):
        return self._may_change() and super().can_set_view_restrictions()

    def can_unschedule(self):
        return self._may_change() and super().can_unschedule()

    def can_lock(self):
        return self._may_change() and super().can_lock()

    def can_unlock(self):
        return self._may_change() and super().can_unlock()

    def can_publish_subpage(self):
        return self._may_change() and super().can_publish_subpage()

    def can_reorder_children(self):
        return self._may_change() and super().can_reorder_children()

    def can_move(self):
        return self._may_change() and super().can_move()

    def can_copy(self):
        return self._may_change() and super().can_copy()

    def can_move_to(self, destination):
        return self._may_change() and super().can_move_to(destination)

    def can_copy_to(self, destination, recursive=False):
        return self._may_change() and super().can_copy_to(destination, recursive=recursive)


class SurveyPageForm(WagtailAdminPageForm):
    invite_destination_kinds = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Invite people moving to"),
        help_text=_("Recording a care transition to one of these schedules an email invitation."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invite_destination_kinds"].choices = DESTINATION_KINDS
        if "suggested_pages" in self.fields:
            pages = Page.objects.type(ArticlePage, CareSettingPage).order_by("title")
            if self.instance.locale_id:
                pages = pages.filter(locale_id=self.instance.locale_id)
            self.fields["suggested_pages"].queryset = pages


class SurveyPage(RouteCached, RoutablePageMixin, Page):
    """A survey's home in the site: its introduction, who may answer, and where to go after."""

    # Every step reads the survey and the version it serves: fetched with the page, and
    # kept with its route (publishing or unpublishing the page or the survey starts a new
    # generation, see surveys.apps). The survey's editable questions are for the editor; a
    # step reads the frozen version's.
    route_related = ("locale", "survey__current_version")
    route_deferred = ("survey__steps",)
    route_keeps_page = True

    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.PROTECT, related_name="pages", verbose_name=_("survey")
    )
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    access = models.CharField(
        _("who can answer"),
        max_length=12,
        choices=[(PUBLIC, _("Anyone with the link")), (INVITATION_ONLY, _("Only people invited by email"))],
        default=INVITATION_ONLY,
    )

    suggested_pages = ParentalManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("pages to suggest after answering"),
        help_text=_("Shown on the thank-you page, after the page about the place the person moved to."),
    )
    invite_destination_kinds = models.JSONField(_("invite people moving to"), default=list, blank=True)
    send_after_days = models.PositiveSmallIntegerField(
        _("send after (days)"), default=2, help_text=_("Days after the move.")
    )
    reminder_count = models.PositiveSmallIntegerField(_("reminders"), default=2, help_text=_("At most 5."))
    reminder_every_days = models.PositiveSmallIntegerField(_("days between reminders"), default=5)
    expire_after_days = models.PositiveSmallIntegerField(
        _("link lasts (days)"), default=30, help_text=_("Counted from the first email.")
    )
    send_from = models.TimeField(_("send from"), default=dt.time(9))
    send_until = models.TimeField(
        _("send until"), default=dt.time(19), help_text=_("In the organization's time zone.")
    )

    invitation_subject = models.CharField(
        _("invitation subject"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty for the standard wording."),
    )
    invitation_message = models.TextField(
        _("invitation message"),
        max_length=800,
        blank=True,
        help_text=_(
            "Leave empty for the standard wording. Never mention a condition or treatment: "
            "the greeting, the link and a way to stop these emails are added for you."
        ),
    )
    reminder_subject = models.CharField(_("reminder subject"), max_length=120, blank=True)
    reminder_message = models.TextField(_("reminder message"), max_length=800, blank=True)

    base_form_class = SurveyPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("survey", widget=forms.Select),
        FieldPanel("intro"),
        FieldPanel("access"),
        MultiFieldPanel(
            [
                FieldPanel("invite_destination_kinds"),
                FieldRowPanel([FieldPanel("send_after_days"), FieldPanel("expire_after_days")]),
                FieldRowPanel([FieldPanel("reminder_count"), FieldPanel("reminder_every_days")]),
                FieldRowPanel([FieldPanel("send_from"), FieldPanel("send_until")]),
            ],
            heading=_("Email invitations"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("invitation_subject"),
                FieldPanel("invitation_message"),
                FieldPanel("reminder_subject"),
                FieldPanel("reminder_message"),
            ],
            heading=_("Email wording"),
            classname="collapsed",
        ),
        # Plain form widgets, not Wagtail's choosers: those start with inline scripts, which
        # the admin's Content-Security-Policy does not allow.
        FieldPanel("suggested_pages", widget=forms.CheckboxSelectMultiple),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("survey page")

    def permissions_for_user(self, user):
        return SurveyPagePermissionTester(user, self)

    @property
    def public(self) -> bool:
        return self.access == PUBLIC

    def email_subject(self, *, kind: str, organization: str) -> str:
        """In the active language; the standard wording, naming the organization, unless
        the editor wrote their own."""
        if kind == "reminder":
            return self.reminder_subject or gettext(
                "Reminder from %(organization)s: how did your move go?"
            ) % {"organization": organization}
        return self.invitation_subject or gettext(
            "How did your move go? A short survey from %(organization)s"
        ) % {"organization": organization}

    def email_body(self, *, kind: str) -> str:
        if kind == "reminder":
            return self.reminder_message or gettext(
                "A few days ago we asked how your move to a new place of care went. If you have a few "
                "minutes, we would still like to hear from you."
            )
        return self.invitation_message or gettext(
            "You (or the person you care for) recently moved to a new place of care. Please tell us how "
            "the move went. It takes about 3 minutes, and your answers help us make moves better."
        )

    def save(self, *args, **kwargs):
        # An introduction saved in code skips the editor, which is what drops script links.
        self.intro = rich_text_clean(html=self.intro)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.send_from >= self.send_until:
            errors["send_until"] = _("The sending window must end after it starts.")
        if self.reminder_count > 5:
            errors["reminder_count"] = _("Send at most 5 reminders.")
        if self.reminder_count and self.reminder_every_days < 1:
            errors["reminder_every_days"] = _("Leave at least one day between reminders.")
        if self.expire_after_days < 1:
            errors["expire_after_days"] = _("The link must last at least one day.")
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    @path("")
    def start(self, request):
        # Late: the views import this module's models, so importing them at the top would loop.
        from surveys.views import survey_start

        return survey_start(request, page=self)

    # Every sub-page has an address in each language (SUBPAGE_ROUTES); both answer on every
    # page, so links already sent with the English words keep working on Spanish pages.
    @path("step/<str:step>/")
    @path("paso/<str:step>/", name="step_es")
    def step(self, request, step):
        # Late: the views import this module's models, so importing them at the top would loop.
        from surveys.views import survey_wizard

        return survey_wizard(request, page=self, step=STEP_ALIASES.get(step, step))

    @path("continue/")
    @path("continuar/", name="resume_es")
    def resume(self, request):
        # Late: the views import this module's models, so importing them at the top would loop.
        from surveys.views import survey_wizard

        return survey_wizard(request, page=self, step=None)

    @path("thank-you/")
    @path("gracias/", name="thank_you_es")
    def thank_you(self, request):
        # Late: the views import this module's models, so importing them at the top would loop.
        from surveys.views import survey_thank_you

        return survey_thank_you(request, page=self)

    def subpage_path(self, name: str, *, language: str | None = None, **kwargs) -> str:
        """The sub-page ``name`` (a route above) in the page's language, or in ``language``:
        a Spanish page's steps live at .../paso/1/ and its end at .../gracias/."""
        language = language or self.locale.language_code
        route = SUBPAGE_ROUTES.get(language, {}).get(name, name)
        if kwargs.get("step") is not None:
            kwargs["step"] = STEP_NAMES.get(language, {}).get(kwargs["step"], kwargs["step"])
        return self.reverse_subpage(route, kwargs=kwargs or None)


# The localized names of the sub-pages' routes and of the wizard's last step, by language
# (English is the routes' own names).
SUBPAGE_ROUTES = {"es": {"step": "step_es", "resume": "resume_es", "thank_you": "thank_you_es"}}
STEP_NAMES = {"es": {"check": "revisar"}}
STEP_ALIASES = {alias: step for names in STEP_NAMES.values() for step, alias in names.items()}
