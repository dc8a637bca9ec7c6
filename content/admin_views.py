"""Admin view to submit a synced translation to clinical review (see
content.services.translation_review_submit)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.models import Page
from wagtail_localize.views.update_translations import UpdateTranslationsView

from content.services import synced_translation, translation_review_submit


def translation_may_be_submitted(*, page, user) -> bool:
    """A synced translation its writer may edit, with no review already under way."""
    # Cheapest and most selective first: it runs for each row of the page explorer.
    return (
        synced_translation(page=page) is not None
        and page.permissions_for_user(user).can_edit()
        and not page.workflow_in_progress
        and page.get_workflow() is not None
    )


class TranslationReviewSubmitView(View):
    """GET asks to confirm; POST saves the translation as a draft and submits it."""

    template_name = "content/admin/translation_review_submit.html"

    def dispatch(self, request, page_id: int):
        self.page = get_object_or_404(Page, id=page_id).specific
        if not translation_may_be_submitted(page=self.page, user=request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get(self, request, page_id: int):
        return TemplateResponse(request, self.template_name, {"page": self.page})

    def post(self, request, page_id: int):
        translation_review_submit(page=self.page, user=request.user)
        title = self.page.get_admin_display_title()
        messages.success(request, _("'%(title)s' was submitted for clinical review.") % {"title": title})
        return redirect("wagtailadmin_explore", self.page.get_parent().id)


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages" with its "Publish immediately" box only for
    those who may publish the page: for anyone else the box is not offered, so the updates
    land in the translations as drafts, which then go through clinical review.
    (The library checks only its own translate permission before publishing.)"""

    def get_form(self):
        form = super().get_form()
        source = self.object.get_source_instance()
        if isinstance(source, Page) and not source.permissions_for_user(self.request.user).can_publish():
            # Hidden and disabled: the library's template leaves hidden fields out of its list,
            # and a disabled field keeps its initial value whatever is posted.
            form.fields["publish_translations"] = forms.BooleanField(
                required=False, disabled=True, initial=False, widget=forms.HiddenInput
            )
        return form
