"""Writes for the survey itself: a version frozen on publish, a survey made from a snapshot
or an imported Questionnaire, its translations, and the page that shows it. (Answers,
invitations and drafts are written by ``surveys.services``, which also exports these.)"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from content.services import locale_ensure
from surveys.blocks import stream_from_snapshot
from surveys.models import Survey, SurveyPage, SurveyVersion


def survey_version_freeze(*, survey: Survey, user=None) -> SurveyVersion | None:
    """Freeze the survey as it stands into a new version, unless nothing changed since the
    current one. Called when a survey is published; returns the new version or None."""
    snapshot = survey.snapshot()
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        latest = SurveyVersion.objects.filter(survey=locked).order_by("-number").first()
        if latest is not None and latest.definition == snapshot:
            if locked.current_version_id != latest.pk:
                Survey.objects.filter(pk=survey.pk).update(current_version=latest)
            survey.current_version = latest
            return None
        version = SurveyVersion.objects.create(
            survey=locked, number=(latest.number if latest else 0) + 1, definition=snapshot, published_by=user
        )
        Survey.objects.filter(pk=survey.pk).update(current_version=version)
    survey.current_version = version
    return version


def survey_create_from_snapshot(*, snapshot: dict, locale, user=None, publish: bool = True) -> Survey:
    """Create a survey (in ``locale``) holding exactly the snapshot's questions."""
    survey = Survey(locale=locale, live=False)
    _survey_fill(survey, snapshot)
    survey.full_clean()
    with transaction.atomic():
        survey.save()
        revision = survey.save_revision(user=user)
        if publish:
            revision.publish(user=user)
    return Survey.objects.select_related("current_version").get(pk=survey.pk)


# Wording an imported Questionnaire usually lacks (FHIR has no place for it), filled in so
# that the draft can be saved; the import's message asks the manager to check it.
def _imported_text_defaults() -> dict[str, str]:
    return {
        "introduction": _("A few questions about your move to your next place of care."),
        "privacy_notice": _(
            "Your answers are kept private. Only the staff who look after your care can read them."
        ),
        "thank_you": _("Thank you. Your answers have been sent."),
    }


def _imported_title(title: str) -> str:
    """The original's title marked "(imported)", so the draft is not mistaken for the survey it
    was exported from in the listing. A title that fit before is shortened to keep fitting;
    one that never fit is left for the survey's own check to refuse."""
    limit = Survey._meta.get_field("title").max_length
    marked = _("%(title)s (imported)") % {"title": title}
    if len(marked) <= limit or len(title) > limit:
        return marked
    shortened = title[: len(title) - (len(marked) - limit) - 1].rstrip() + "…"
    return _("%(title)s (imported)") % {"title": shortened}


def survey_import(*, snapshot: dict, locale, user=None) -> tuple[Survey, list[str]]:
    """A draft survey from an imported Questionnaire's snapshot, in ``locale``; texts the
    Questionnaire did not carry are filled with plain wording in that language. Returns the
    survey and the names of the fields that were filled."""
    with translation.override(locale.language_code):
        defaults = _imported_text_defaults()
        title = _imported_title(str(snapshot.get("title") or ""))
    filled = [name for name, text in defaults.items() if not str(snapshot.get(name) or "").strip()]
    snapshot = {
        **snapshot,
        **{name: defaults[name] for name in filled},
        "title": title,
        "language": locale.language_code,
    }
    survey = survey_create_from_snapshot(snapshot=snapshot, locale=locale, user=user, publish=False)
    return survey, filled


def _survey_fill(survey: Survey, snapshot: dict) -> None:
    survey.title = snapshot["title"]
    survey.introduction = snapshot.get("introduction", "")
    survey.privacy_notice = snapshot.get("privacy_notice", "")
    survey.thank_you = snapshot.get("thank_you", "")
    survey.anonymous = snapshot.get("anonymous", False)
    survey.steps = stream_from_snapshot(snapshot)


def survey_translation_publish(*, survey: Survey, snapshot: dict, language_code: str, user=None) -> Survey:
    """Create or update ``survey``'s translation (same keys, translated wording) and publish it."""
    locale = locale_ensure(language_code=language_code)
    translated = survey.get_translation_or_none(locale)
    if translated is None:
        translated = survey.copy_for_translation(locale)  # without the source's version
        translated.live = False
    _survey_fill(translated, {**snapshot, "language": language_code})
    translated.full_clean()
    with transaction.atomic():
        translated.save()
        translated.save_revision(user=user).publish(user=user)
    return Survey.objects.get(pk=translated.pk)


def survey_page_ensure(*, parent, slug: str, title: str, survey: Survey, access: str) -> SurveyPage:
    """Create or update the survey page ``slug`` under ``parent`` and publish it."""
    page = SurveyPage.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = SurveyPage(slug=slug, locale=parent.locale, title=title, survey=survey, access=access)
        parent.add_child(instance=page)
    page.title, page.survey, page.access = title, survey, access
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)
