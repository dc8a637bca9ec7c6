"""Reads for surveys."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from surveys.models import Invitation, Survey, SurveyVersion, token_hash


def survey_versions_with_counts(*, survey: Survey) -> list[SurveyVersion]:
    """The survey's versions, newest first, each with ``response_count``."""
    return list(
        SurveyVersion.objects.filter(survey=survey)
        .annotate(response_count=Count("responses"))
        .order_by("-number")
    )


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation a token belongs to, if it can still be used; None otherwise (expired,
    answered or unknown all look the same to the caller)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("page")
        .filter(
            tokens__token_hash=token_hash(token),
            responded_at__isnull=True,
            status__in=Invitation.PENDING,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def page_feedback_definition(*, language: str) -> dict | None:
    """The questions asked at the end of education pages in ``language`` (falling back to
    the survey's own language), with the version they belong to; None when switched off."""
    from surveys.models import SurveySettings

    chosen = SurveySettings.load().page_feedback_survey
    if chosen is None:
        return None
    survey = (
        Survey.objects.filter(
            translation_key=chosen.translation_key, locale__language_code=language, live=True
        )
        .select_related("current_version")
        .first()
    ) or (chosen if chosen.live else None)
    version = survey.current_version if survey else None
    if version is None:
        return None
    questions = [q for step in version.steps for q in step["questions"]]
    return {"version_id": version.pk, "title": version.definition["title"], "questions": questions}


def response_answers_display(*, response) -> list[dict]:
    """Each answer of a response beside the wording of the version it answered, in the
    version's question order (so old responses keep their meaning after edits)."""
    from surveys import definition

    snapshot = response.version.definition
    given = {answer.key: answer for answer in response.answers.all()}
    rows = []
    for step in snapshot["steps"]:
        for question in step["questions"]:
            labels = {option["code"]: option["label"] for option in question.get("options", [])}
            statements = {s["key"]: s["text"] for s in question.get("statements", [])}
            for key in definition.answer_keys(question):
                answer = given.get(key)
                if answer is None:
                    continue
                shown = (
                    answer.text
                    if question["type"] in definition.TEXT_TYPES
                    else ", ".join(labels.get(code, code) for code in answer.code.split())
                )
                rows.append(
                    {
                        "key": key,
                        "question": question["text"],
                        "statement": statements.get(key, ""),
                        "answer": shown,
                        "phone": answer.text if question["type"] == definition.CALLBACK else "",
                        "value": answer.value,
                        "score": answer.score,
                    }
                )
    return rows


def facilities_for_user(*, user):
    """The facilities a user works with: all of them for managers, else those assigned."""
    from surveys.models import Facility

    if user.is_superuser or user.has_perm("surveys.review_all_facilities"):
        return Facility.objects.all()
    return Facility.objects.filter(liaisons=user)


def transitions_for_user(*, user):
    """Care transitions the user may see: every one for managers; for a liaison, those
    discharged from or received by their facilities, or assigned to them. Deny by default."""
    from django.db.models import Q

    from surveys.models import CareTransition

    if not user.is_authenticated:
        return CareTransition.objects.none()
    if user.is_superuser or user.has_perm("surveys.review_all_facilities"):
        return CareTransition.objects.all()
    mine = facilities_for_user(user=user).values("pk")
    return CareTransition.objects.filter(
        Q(discharging_facility__in=mine) | Q(receiving_facility__in=mine) | Q(liaison=user)
    )


def invitations_for_user(*, user):
    """Invitations for the transitions the user may see."""
    from surveys.models import Invitation

    return Invitation.objects.filter(transition__in=transitions_for_user(user=user).values("pk"))
