"""The patient-facing survey: invitation links, the step-by-step wizard and the thank-you page.

The wizard is django-formtools' NamedUrlWizardView with its steps built at run time from
the survey version, and a storage that keeps every step's answers in a SurveyDraft row
(not the session), so closing the browser or changing device loses nothing.

A draft belongs to its invitation, or on a public page to a long-lived signed cookie, never
to the session's lifetime: every step of an invitation's attempt carries a signed field
naming the invitation, so a post whose session lapsed (it ends 12 hours after the link was
opened, or the phone cleared it) carries on in the same draft instead of starting a new one.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView
from wagtail.models import Page

from portal.ratelimit import rate_limit_exceeded
from portal.token_links import no_referrer, token_guessing_limited
from surveys import definition, selectors, services
from surveys.forms import PHONE_SUFFIX, CheckAnswersForm, StepForm, step_form_class, stored_answers
from surveys.models import Invitation, Survey, SurveyDraft, SurveyPage, SurveyVersion

CHECK_STEP = "check"
SESSION_INVITATIONS = "survey_invitations"
SESSION_DRAFTS = "survey_drafts"
SESSION_SUBMITTED = "survey_submitted"
# Public drafts by page (translation key), in a signed cookie that outlives the session.
DRAFT_COOKIE = "survey_drafts"
DRAFT_COOKIE_SALT = "surveys.public-drafts"
DRAFT_COOKIE_KEPT = 10
# The signed field on every step of an invitation's attempt (see the module docstring).
ATTEMPT_FIELD = "survey_attempt"
ATTEMPT_SALT = "surveys.attempt"
# Sent with "Send my answers" once the person has confirmed sending no answer at all.
CONFIRM_EMPTY_FIELD = "send_empty"
SESSION_ENDED = _lazy("Your session ended — open the link in your email again to carry on where you stopped.")
# Raw answers kept in a draft are bounded, whatever is posted.
MAX_STORED_VALUE = 5000
MAX_STORED_VALUES = 30


@dataclass
class Attempt:
    """One person's attempt at a survey page: what they answer and where it is kept."""

    page: SurveyPage
    version: SurveyVersion
    invitation: Invitation | None
    draft: SurveyDraft | None
    group: str  # the page's translation key: the same attempt in every language
    submitted: bool = False
    # The post named an invitation, but the signed field could not be read (too old, or
    # altered): nothing is stored, and the step says how to carry on.
    lapsed: bool = False

    @property
    def language(self) -> str:
        return self.page.locale.language_code

    @property
    def public(self) -> bool:
        return self.page.public


def _subpage_url(page: SurveyPage, name: str, **kwargs) -> str:
    # A step links to every other step: the page's own URL is worked out once per request.
    if getattr(page, "_portal_url", None) is None:
        page._portal_url = page.url
    return page._portal_url + page.subpage_path(name, **kwargs)


def _session_map(request, name: str) -> dict:
    return request.session.get(name, {})


def _remember(request, name: str, group: str, value) -> None:
    values = dict(request.session.get(name, {}))
    values[group] = value
    request.session[name] = values


def _submitted_here(request, group: str) -> bool:
    return group in request.session.get(SESSION_SUBMITTED, [])


def _mark_submitted(request, group: str) -> None:
    request.session[SESSION_SUBMITTED] = [*request.session.get(SESSION_SUBMITTED, []), group][-50:]


def _public_drafts(request) -> dict:
    """The public drafts this browser started, by page group (from the signed cookie)."""
    raw = request.get_signed_cookie(
        DRAFT_COOKIE,
        default=None,
        salt=DRAFT_COOKIE_SALT,
        max_age=dt.timedelta(days=settings.SURVEY_PUBLIC_DRAFT_DAYS),
    )
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def _remember_public_draft(request, response, group: str, draft_id: str) -> None:
    values = {key: value for key, value in _public_drafts(request).items() if key != group}
    values[group] = draft_id
    kept = dict(list(values.items())[-DRAFT_COOKIE_KEPT:])
    response.set_signed_cookie(
        DRAFT_COOKIE,
        json.dumps(kept),
        salt=DRAFT_COOKIE_SALT,
        max_age=settings.SURVEY_PUBLIC_DRAFT_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def attempt_field_value(*, invitation: Invitation, group: str) -> str:
    """The signed value of the field that ties a step's post to its invitation."""
    return signing.dumps({"i": invitation.pk, "g": group}, salt=ATTEMPT_SALT, compress=True)


def _invitation_from_attempt_field(request, group: str) -> tuple[int | None, bool]:
    """The invitation a post's signed field names, if the post carries one: (id, present)."""
    value = request.POST.get(ATTEMPT_FIELD) if request.method == "POST" else None
    if not value:
        return None, False
    try:
        signed = signing.loads(
            value[:200], salt=ATTEMPT_SALT, max_age=dt.timedelta(days=settings.SURVEY_INVITATION_DAYS)
        )
    except signing.BadSignature:
        return None, True
    if not isinstance(signed, dict) or signed.get("g") != group or not isinstance(signed.get("i"), int):
        return None, True
    return signed["i"], True


def _survey_of(page: SurveyPage) -> Survey | None:
    """The page's survey with its current version: as fetched with the page in this
    request (see SurveyPage.route_related), or read now."""
    survey = page._state.fields_cache.get("survey")
    if survey is not None and "current_version" in survey._state.fields_cache:
        return survey
    return Survey.objects.select_related("current_version").filter(pk=page.survey_id).first()


def _attempt_for(request, page: SurveyPage):
    """The attempt for this request, or a response to send instead (invitation needed,
    already answered, survey not yet published)."""
    survey = _survey_of(page)
    if survey is None or survey.current_version is None or not survey.live:
        raise Http404
    page.survey, version = survey, survey.current_version
    group = str(page.translation_key)
    invitation = None
    invitation_id = _session_map(request, SESSION_INVITATIONS).get(group)
    if invitation_id is None:
        # The session lapsed (or the phone cleared it) in the middle of an invitation's
        # attempt: the step's signed field finds the invitation, and its draft, again.
        invitation_id, named = _invitation_from_attempt_field(request, group)
        if invitation_id is not None:
            _remember(request, SESSION_INVITATIONS, group, invitation_id)
        elif named:
            return Attempt(page=page, version=version, invitation=None, draft=None, group=group, lapsed=True)
    if invitation_id is not None:
        # The invitation and its draft (if any) in one query; for a POST, which may be the
        # submit, also the care move whose details the response copies.
        related = ("draft", "transition") if request.method == "POST" else ("draft",)
        invitation = Invitation.objects.select_related(*related).filter(pk=invitation_id).first()
        if invitation is None or invitation.responded_at is not None:
            return redirect(_subpage_url(page, "thank_you"))
        if not invitation.usable:
            return _link_problem(request, status=410)
    if _submitted_here(request, group):
        return redirect(_subpage_url(page, "thank_you"))
    if invitation is None and not page.public:
        return _page(request, "surveys/invitation_only.html", {"page": page}, status=403)

    draft = None
    if invitation is not None:
        draft = getattr(invitation, "draft", None)
    else:
        # Drafts kept in the session before the cookie are still found there.
        draft_id = _public_drafts(request).get(group) or _session_map(request, SESSION_DRAFTS).get(group)
        if draft_id:
            draft = SurveyDraft.objects.filter(pk=draft_id).first()
    if draft is not None and draft.submitted_at is not None:
        if invitation is None:
            _mark_submitted(request, group)
        return redirect(_subpage_url(page, "thank_you"))
    if draft is not None:
        if draft.version_id == version.pk:
            draft.version = version  # the row already read, rather than a query
        # A draft keeps the version it started on, unless the person switched language:
        # then it moves to that language's version, answers kept by question key.
        same_survey = draft.version.survey_id == page.survey_id
        version = draft.version if same_survey else version
    return Attempt(page=page, version=version, invitation=invitation, draft=draft, group=group)


def _page(request, template: str, context: dict, *, status: int = 200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def _link_problem(request, *, status: int = 404):
    return _page(request, "surveys/link_problem.html", {}, status=status)


class DraftStorage(BaseStorage):
    """Wizard storage kept in the attempt's SurveyDraft row, saved after every request
    that changed it. Nothing is written for a visitor who has not answered anything."""

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.attempt: Attempt = request.survey_attempt
        draft = self.attempt.draft
        if draft is not None and draft.data:
            self.data = copy.deepcopy(draft.data)
            self.data.setdefault(self.extra_data_key, {})
        else:
            self.init_data()
        self._saved = json.dumps(self.data, sort_keys=True)

    def update_response(self, response):
        super().update_response(response)
        if self.attempt.submitted or self.attempt.lapsed:
            return
        state = json.dumps(self.data, sort_keys=True)
        moved = self.attempt.draft is not None and self.attempt.draft.version_id != self.attempt.version.pk
        if state == self._saved and not moved:
            return
        if self.attempt.draft is None and not self.data[self.step_data_key]:
            return
        creating = self.attempt.draft is None
        self.attempt.draft = services.draft_save(
            draft=self.attempt.draft,
            version=self.attempt.version,
            invitation=self.attempt.invitation,
            data=self.data,
        )
        if creating and self.attempt.invitation is None:
            _remember_public_draft(self.request, response, self.attempt.group, str(self.attempt.draft.pk))
        self._saved = state


_FORM_CLASSES: dict[tuple, type] = {}


def _step_form_class(version: SurveyVersion, number: int, step: dict, shown: list[dict]):
    """The form class of a version's step with these questions shown, built once (its
    labels are lazy, so one class serves every language): each wizard request plans every
    step, and building the classes anew each time was most of a request's work."""
    # With the moment it was published: a version's id alone can come back after a rolled
    # back transaction (SQLite reuses the highest id), carrying other questions.
    key = (version.pk, version.published_at, number, tuple(question["key"] for question in shown))
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        if len(_FORM_CLASSES) >= 512:
            _FORM_CLASSES.clear()
        form_class = step_form_class(shown)
        form_class.title = step["title"]
        _FORM_CLASSES[key] = form_class
    return form_class


class SurveyWizard(NamedUrlWizardView):
    storage_name = "surveys.views.DraftStorage"
    template_name = "surveys/step.html"

    def dispatch(self, request, *args, attempt: Attempt, **kwargs):
        self.attempt = attempt
        request.survey_attempt = attempt
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return "survey"

    # Steps ------------------------------------------------------------------------------

    def get_form_list(self):
        """The version's steps that still have a question to ask given the answers so far,
        then "check your answers". Rebuilt whenever a step's answers are saved."""
        if getattr(self, "_resolved_form_list", None) is None:
            self._resolved_form_list, self.answers = self._plan()
            self._cache_signature = None
        return self._resolved_form_list.copy()

    def _plan(self):
        answers: dict[str, object] = {}
        form_list = OrderedDict()
        self._first_open = None
        self._planned_forms = {}
        for number, step in enumerate(self.attempt.version.steps, start=1):
            shown = [q for q in step["questions"] if definition.condition_met(q.get("show_if"), answers)]
            if not shown:
                continue
            name = str(number)
            form_class = _step_form_class(self.attempt.version, number, step, shown)
            form_list[name] = form_class
            data = self.storage.get_step_data(name)
            form = None if data is None else form_class(data=data, prefix=name, **self.get_form_kwargs(name))
            self._planned_forms[name] = form
            if form is not None and form.is_valid():
                answers.update(stored_answers(shown, form.cleaned_data))
            elif self._first_open is None:
                self._first_open = name
        form_list[CHECK_STEP] = CheckAnswersForm
        return form_list, answers

    def _replan(self):
        self._resolved_form_list = None

    def first_unanswered_step(self) -> str:
        """The first step not yet answered in full (found while planning the steps)."""
        self.get_form_list()
        return self._first_open or CHECK_STEP

    def get_step_url(self, step):
        page = self.attempt.page
        if step == CHECK_STEP or step in self.get_form_list():
            return _subpage_url(page, "step", step=step)
        return _subpage_url(page, "resume")

    def get_form(self, step=None, data=None, files=None):
        step = step or self.steps.current
        if step == CHECK_STEP and data is None:
            data = {}  # nothing to fill in, so always complete
        # Planning the steps bound (and validated) each answered step's form to its saved
        # answers: the same answers get that form back rather than a second validation.
        self.get_form_list()
        planned = self._planned_forms.get(step)
        if planned is not None and files is None and data is not None and planned.data == data:
            return planned
        return super().get_form(step, data, files)

    def get_form_kwargs(self, step=None):
        # A personal invitation link is proof enough of a person: no spam trap for them (a
        # password manager filling it once must not cost anyone their answers).
        return {"honeypot": self.attempt.public and self.attempt.invitation is None}

    def get_form_step_data(self, form):
        """Keep only this step's own fields, each bounded in size."""
        kept = {}
        for name in form.fields:
            values = form.data.getlist(form.add_prefix(name))[:MAX_STORED_VALUES]
            if name != "website" and values:
                # PostgreSQL's JSON cannot hold NUL; no answer needs one.
                kept[form.add_prefix(name)] = [
                    str(value).replace("\x00", "")[:MAX_STORED_VALUE] for value in values
                ]
        return kept

    # Requests ---------------------------------------------------------------------------

    def get(self, request, *args, step=None, **kwargs):
        form_list = self.get_form_list()
        first_open = self.first_unanswered_step()
        if step is None or step not in form_list:
            return redirect(self.get_step_url(first_open))
        if step != next(iter(form_list)) and self._nothing_kept():
            # A later step with nothing behind it: most likely a session that ended. Say so
            # rather than showing a blank step 1 as if nothing had been answered.
            messages.info(request, SESSION_ENDED)
            return redirect(self.attempt.page.url)
        if step == CHECK_STEP and first_open != CHECK_STEP:
            return redirect(self.get_step_url(first_open))
        extra = self.storage.extra_data
        if request.GET.get("change") == "1" and step != CHECK_STEP:
            extra["return_to_check"] = True
        elif step == CHECK_STEP:
            extra.pop("return_to_check", None)
        self.storage.current_step = step
        data = self.storage.get_step_data(step)
        return self.render(self.get_form(step, data=data))

    def post(self, request, *args, step=None, **kwargs):
        form_list = self.get_form_list()
        if self.attempt.lapsed:
            return self._render_lapsed(step)
        if step not in form_list:
            return redirect(self.get_step_url(self.first_unanswered_step()))
        self.storage.current_step = step
        form = self.get_form(step, data=request.POST)
        if form.honeypot_filled:
            self.storage.extra_data["bot"] = True
        back_to = request.POST.get("wizard_goto_step")
        if back_to is not None:
            # Back keeps what was typed on this step, even if it is not finished.
            if step != CHECK_STEP:
                self.storage.set_step_data(step, self.process_step(form))
            target = back_to if back_to in form_list else (self.get_prev_step(step) or step)
            return redirect(self.get_step_url(target))
        if not form.is_valid():
            return self.render(form)
        if step == CHECK_STEP:
            if (
                not self.answers
                and self.first_unanswered_step() == CHECK_STEP
                and request.POST.get(CONFIRM_EMPTY_FIELD) != "1"
            ):
                # Every step gone through and nothing answered: asked once, on the server, so
                # it works without JavaScript.
                return self.render(form, confirm_empty=True)
            return self.render_done(form, step=step)
        self.storage.set_step_data(step, self.process_step(form))
        self._replan()
        if self.storage.extra_data.get("return_to_check"):
            return redirect(self.get_step_url(self.first_unanswered_step()))
        following = self.get_next_step(step)
        return redirect(self.get_step_url(following or CHECK_STEP))

    def _nothing_kept(self) -> bool:
        return self.attempt.invitation is None and not self.storage.data.get(self.storage.step_data_key)

    def _render_lapsed(self, step: str | None):
        """The step again with what was posted on it still filled in (every question of the
        step, as the answers that showed them are not known here), and how to carry on."""
        from django.forms.utils import ErrorDict

        steps = self.attempt.version.steps
        if step not in self.get_form_list() or step == CHECK_STEP:
            messages.info(self.request, SESSION_ENDED)
            return redirect(self.attempt.page.url)
        number = int(step)
        questions = steps[number - 1]["questions"]
        form_class = _step_form_class(self.attempt.version, number, steps[number - 1], questions)
        form = form_class(data=self.request.POST, prefix=step)
        form._errors = ErrorDict()  # not checked: nothing is stored until the link is opened
        self.storage.current_step = step
        return self.render(form, session_ended=True)

    def render_done(self, form, **kwargs):
        # Checked before formtools submits, because it empties the storage afterwards and the
        # person must find their answers when they come back.
        attempt = self.attempt
        if (
            # Only anonymous public answers count towards the per-address limit: people
            # with their own invitation (many may share a care home's address) never do.
            attempt.public
            and attempt.invitation is None
            and rate_limit_exceeded(
                self.request,
                scope="survey-submit",
                limit=settings.SURVEY_PUBLIC_SUBMISSIONS_PER_HOUR,
                period_seconds=3600,
            )
        ):
            return _page(
                self.request,
                "surveys/too_many.html",
                {"page": attempt.page, "answers_saved": True},
                status=429,
            )
        # Submit straight from the POST (formtools would redirect to a GET "done" URL).
        return super(NamedUrlWizardView, self).render_done(form, **kwargs)

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        self.storage.current_step = failed_step
        return redirect(self.get_step_url(failed_step))

    def done(self, form_list, **kwargs):
        request, attempt = self.request, self.attempt
        thank_you = _subpage_url(attempt.page, "thank_you")
        answers: dict[str, object] = {}
        for form in form_list:
            if isinstance(form, StepForm):
                answers.update(stored_answers(form.questions, form.cleaned_data))
        if attempt.draft is None:
            attempt.draft = services.draft_save(
                draft=None, version=attempt.version, invitation=attempt.invitation, data=self.storage.data
            )
        # Every path below stores a row before the thank-you: a response, or (the spam trap
        # filled on a public page) the answers held for a manager to release.
        if self.storage.extra_data.get("bot") and attempt.invitation is None:
            services.submission_hold(
                version=attempt.draft.version,
                answers=answers,
                page=attempt.page,
                language=attempt.language,
                draft=attempt.draft,
            )
        else:
            services.response_submit(
                draft=attempt.draft, answers=answers, page=attempt.page, language=attempt.language
            )
        attempt.submitted = True
        if attempt.invitation is None:
            _mark_submitted(request, attempt.group)
        return redirect(thank_you)

    # Rendering --------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        form_list = self.get_form_list()
        names = list(form_list)
        step = self.steps.current
        page = self.attempt.page
        previous = self.get_prev_step(step)
        context.update(
            page=page,
            self=page,
            version=self.attempt.version,
            survey=self.attempt.version.definition,
            step_name=step,
            step_number=names.index(step) + 1,
            step_count=len(names),
            step_titles=[
                (name, _("Check your answers") if name == CHECK_STEP else form_list[name].title)
                for name in names
            ],
            previous_step=previous,
            is_check=step == CHECK_STEP,
            step_heading=_("Check your answers") if step == CHECK_STEP else form_list[step].title,
            # Switching language keeps the place, at the other language's address.
            page_subpath={
                code: page.subpage_path("step", language=code, step=step)
                for code, _name in settings.LANGUAGES
            },
            # The step's own address: an empty action would post to the address with its
            # #fragment (from a Change link), which every redirect after it then carries.
            form_action=self.get_step_url(step),
        )
        if step == CHECK_STEP:
            context["summary"] = self._summary(form_list)
        if self.attempt.invitation is not None:
            context["attempt_field"] = {
                "name": ATTEMPT_FIELD,
                "value": attempt_field_value(invitation=self.attempt.invitation, group=self.attempt.group),
            }
        context["confirm_empty_field"] = CONFIRM_EMPTY_FIELD
        return context

    def _summary(self, form_list) -> list[dict]:
        """Every answer on the check page, by step, with a link to change it."""
        summary = []
        for name, form_class in form_list.items():
            if name == CHECK_STEP:
                continue
            rows = []
            for question in form_class.questions:
                for key, label in _answer_labels(question):
                    rows.append(
                        {
                            "key": key,
                            "question": label,
                            "answer": _answer_text(question, key, self.answers),
                            "change_url": f"{self.get_step_url(name)}?change=1#{name}-{key}",
                        }
                    )
            summary.append({"title": form_class.title, "rows": rows})
        return summary

    def render(self, form=None, **kwargs):
        response = super().render(form, **kwargs)
        add_never_cache_headers(response)
        return response


def _answer_labels(question: dict) -> list[tuple[str, str]]:
    if question["type"] == definition.MATRIX:
        return [(s["key"], f"{question['text']}: {s['text']}") for s in question["statements"]]
    return [(question["key"], question["text"])]


def _answer_text(question: dict, key: str, answers: dict) -> str:
    given = answers.get(key)
    if given in (None, "", []):
        return _("Not answered")
    labels = {option["code"]: option["label"] for option in question.get("options", [])}
    if question["type"] == definition.CALLBACK:
        if given == "yes":
            return _("Yes, please call me at %(phone)s") % {"phone": answers.get(key + PHONE_SUFFIX, "")}
        return _("No, thank you")
    if isinstance(given, list):
        return ", ".join(labels.get(code, code) for code in given)
    return labels.get(given, str(given))


_wizard_view = SurveyWizard.as_view(form_list=[(CHECK_STEP, CheckAnswersForm)], url_name="survey-step")


def survey_wizard(request, *, page: SurveyPage, step: str | None):
    attempt = _attempt_for(request, page)
    if not isinstance(attempt, Attempt):
        return attempt
    return _wizard_view(request, step=step, attempt=attempt)


def survey_start(request, *, page: SurveyPage):
    """The survey's front page: why we ask, the privacy notice, and Start (or Continue)."""
    attempt = _attempt_for(request, page)
    if not isinstance(attempt, Attempt):
        return attempt
    definition_ = attempt.version.definition
    context = {
        "page": page,
        "self": page,
        "survey": definition_,
        "has_draft": attempt.draft is not None and bool(attempt.draft.data.get("step_data")),
        "start_url": _subpage_url(page, "resume"),
        "question_count": sum(len(definition.answer_keys(q)) for q in definition.questions(definition_)),
    }
    return _page(request, "surveys/survey_page.html", context)


def survey_thank_you(request, *, page: SurveyPage):
    group = str(page.translation_key)
    invitation_id = _session_map(request, SESSION_INVITATIONS).get(group)
    invitation = (
        Invitation.objects.select_related("transition").filter(pk=invitation_id).first()
        if invitation_id is not None
        else None
    )
    answered = _submitted_here(request, group) or (
        invitation is not None and invitation.responded_at is not None
    )
    if not answered:
        return redirect(page.url)
    version = page.survey.current_version
    suggestions = list(page.suggested_pages.live().order_by("title").specific())
    setting_page = _care_setting_page(invitation, language=page.locale.language_code)
    if setting_page is not None:
        suggestions = [setting_page] + [other for other in suggestions if other.pk != setting_page.pk]
    context = {
        "page": page,
        "self": page,
        "survey": version.definition if version else {},
        "suggestions": suggestions,
    }
    return _page(request, "surveys/thank_you.html", context)


def _care_setting_page(invitation: Invitation | None, *, language: str):
    """The education page about the place the person moved to, in their language if it exists."""
    from content.models import CareSettingPage

    if invitation is None or invitation.transition is None:
        return None
    pages = CareSettingPage.objects.live().filter(care_setting_kind=invitation.transition.destination_kind)
    return pages.filter(locale__language_code=language).first() or pages.first()


@no_referrer  # outermost: the 405 for a POST to a link carries it too
@require_GET
@token_guessing_limited
def invitation_link(request, token: str):
    """Exchange an emailed token for a session, then send the person to a URL without it."""
    invitation = selectors.invitation_for_token(token=token)
    if invitation is None:
        return _link_problem(request)
    request.session.cycle_key()
    page = invitation.page
    _remember(request, SESSION_INVITATIONS, str(page.translation_key), invitation.pk)
    services.invitation_open(invitation=invitation)
    preferred = (
        Page.objects.filter(translation_key=page.translation_key, locale__language_code=invitation.language)
        .live()
        .first()
    )
    target = (preferred or page).specific
    with translation.override(invitation.language):
        url = target.url
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    return response


@csrf_exempt  # anonymous and tied to no session: the form must work on cached pages
@require_POST
def page_feedback(request, page_id: int):
    """Receive "Was this page helpful?" from the end of an education page."""
    from surveys.forms import step_form_class
    from surveys.models import SurveyVersion

    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    page = page.specific
    feedback = selectors.page_feedback_definition(language=page.locale.language_code)
    if feedback is None:
        raise Http404
    form = step_form_class(feedback["questions"])(data=request.POST, prefix="feedback", honeypot=True)
    if not form.is_valid():
        context = {"page": page, "feedback": feedback, "form": form, "action": request.path}
        return _page(request, "surveys/page_feedback.html", context)
    if rate_limit_exceeded(
        request, scope="page-feedback", limit=settings.PAGE_FEEDBACK_PER_HOUR, period_seconds=3600
    ):
        context = {"page": page}
        return _page(request, "surveys/too_many.html", context, status=429)
    version = SurveyVersion.objects.get(pk=feedback["version_id"])
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


@csrf_exempt  # RFC 8058 one-click: mail programs POST here without a form of ours
@no_referrer
def opt_out(request, signed: str):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST stops the emails."""
    from django.core import signing

    from surveys.sending import OPT_OUT_SALT

    try:
        invitation_id = signing.loads(signed, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return _link_problem(request)
    invitation = Invitation.objects.select_related("transition").filter(pk=invitation_id).first()
    if invitation is None:
        return _link_problem(request)
    # Opting out closes the invitation, so its survey link stops working too, and both pages
    # say so: a person who asked us to stop writing is not asked again through the link.
    already = selectors.invitation_opted_out(invitation=invitation)
    if request.method == "POST":
        services.email_opt_out(invitation=invitation)
        return _page(request, "surveys/opted_out.html", {"already": already})
    if already:
        return _page(request, "surveys/opted_out.html", {"already": True})
    return _page(request, "surveys/opt_out.html", {"action": request.path})
