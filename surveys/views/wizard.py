"""The step-by-step survey wizard: django-formtools' NamedUrlWizardView with its steps built at
run time from the survey version (and the answers so far), kept in a SurveyDraft row by
``surveys.views.storage.DraftStorage``, ending on a "check your answers" step."""

from __future__ import annotations

from collections import OrderedDict

from django.conf import settings
from django.contrib import messages
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from formtools.wizard.views import NamedUrlWizardView

from portal.ratelimit import rate_limit_exceeded
from surveys import definition, services
from surveys.forms import PHONE_SUFFIX, CheckAnswersForm, StepForm, step_form_class, stored_answers
from surveys.models import SurveyVersion
from surveys.views.attempt import ATTEMPT_FIELD, Attempt, attempt_field_value, mark_submitted, subpage_url
from surveys.views.rendering import never_cached_page

CHECK_STEP = "check"
# Sent with "Send my answers" once the person has confirmed sending no answer at all.
CONFIRM_EMPTY_FIELD = "send_empty"
SESSION_ENDED = _lazy("Your session ended — open the link in your email again to carry on where you stopped.")
# Raw answers kept in a draft are bounded, whatever is posted.
MAX_STORED_VALUE = 5000
MAX_STORED_VALUES = 30


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
    storage_name = "surveys.views.storage.DraftStorage"
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
            return subpage_url(page, "step", step=step)
        return subpage_url(page, "resume")

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
            return never_cached_page(
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
        thank_you = subpage_url(attempt.page, "thank_you")
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
            mark_submitted(request, attempt.group)
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
