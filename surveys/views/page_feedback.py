""" "Was this page helpful?" at the end of an education page: anonymous, and tied to no
session so that it works on cached pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.ratelimit import rate_limit_exceeded
from surveys import selectors, services
from surveys.forms import step_form_class, stored_answers
from surveys.views.rendering import never_cached_page


@csrf_exempt  # anonymous and tied to no session: the form must work on cached pages
@require_POST
def page_feedback(request, page_id: int):
    """Receive "Was this page helpful?" from the end of an education page."""
    page = selectors.feedback_page(page_id=page_id)
    if page is None:
        raise Http404
    feedback = selectors.page_feedback_definition(language=page.locale.language_code)
    if feedback is None:
        raise Http404
    form = step_form_class(feedback["questions"])(data=request.POST, prefix="feedback", honeypot=True)
    if not form.is_valid():
        context = {"page": page, "feedback": feedback, "form": form, "action": request.path}
        return never_cached_page(request, "surveys/page_feedback.html", context)
    if rate_limit_exceeded(
        request, scope="page-feedback", limit=settings.PAGE_FEEDBACK_PER_HOUR, period_seconds=3600
    ):
        context = {"page": page}
        return never_cached_page(request, "surveys/too_many.html", context, status=429)
    version = selectors.survey_version(version_id=feedback["version_id"])
    answers = stored_answers(feedback["questions"], form.cleaned_data)
    if form.honeypot_filled:
        # Perhaps a robot, perhaps a browser's autofill: held for a manager, never dropped.
        services.submission_hold(
            version=version,
            answers=answers,
            page=page,
            language=page.locale.language_code,
            page_feedback=True,
        )
    else:
        services.page_feedback_submit(
            version=version, page=page, answers=answers, language=page.locale.language_code
        )
    messages.success(request, _("Thank you for your feedback. It helps us make these pages clearer."))
    return redirect(page.url)
