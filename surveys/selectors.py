"""Reads for surveys."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import Locale, Page

from content.models import CareSettingPage
from surveys import definition
from surveys.models import (
    HeldSubmission,
    Invitation,
    InvitationMessage,
    Response,
    Survey,
    SurveyDraft,
    SurveyPage,
    SurveySettings,
    SurveyVersion,
    token_hash,
)
from transitions.models import CareTransition, EmailOptOut
from transitions.optouts import email_hash
from transitions.selectors import facilities_for_user, transitions_for_user


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


def survey_page_survey(*, page: SurveyPage) -> Survey | None:
    """The page's survey with its current version: as fetched with the page in this
    request (see SurveyPage.route_related), or read now."""
    survey = page._state.fields_cache.get("survey")
    if survey is not None and "current_version" in survey._state.fields_cache:
        return survey
    return Survey.objects.select_related("current_version").filter(pk=page.survey_id).first()


def invitation_by_id(*, invitation_id: int, related: tuple[str, ...] = ("transition",)) -> Invitation | None:
    """The invitation with this id and the rows named in ``related``, in one query; None if gone."""
    return Invitation.objects.select_related(*related).filter(pk=invitation_id).first()


def draft_by_id(*, draft_id: str) -> SurveyDraft | None:
    """The survey draft with this id, if it is still kept."""
    return SurveyDraft.objects.filter(pk=draft_id).first()


def page_in_language(*, page: Page, language: str) -> Page | None:
    """The live translation of ``page`` in ``language``, if there is one."""
    return (
        Page.objects.filter(translation_key=page.translation_key, locale__language_code=language)
        .live()
        .first()
    )


def thank_you_suggestions(*, page: SurveyPage, invitation: Invitation | None) -> list[Page]:
    """The pages suggested after a survey, led by the page about the place the person moved
    to (in the page's language if it exists). When that place is known, pages about other
    kinds of care are left out: a page about hospice is no advice to someone at home."""
    suggestions = list(page.suggested_pages.live().order_by("title").specific())
    setting_page = None
    if invitation is not None and invitation.transition is not None:
        kind = invitation.transition.destination_kind
        suggestions = [
            other
            for other in suggestions
            if not isinstance(other, CareSettingPage) or other.care_setting_kind == kind
        ]
        pages = CareSettingPage.objects.live().filter(care_setting_kind=kind)
        setting_page = pages.filter(locale__language_code=page.locale.language_code).first() or pages.first()
    if setting_page is not None:
        suggestions = [setting_page] + [other for other in suggestions if other.pk != setting_page.pk]
    return suggestions


def feedback_page(*, page_id: int) -> Page | None:
    """The live, public page that "Was this page helpful?" was sent from, as its own type."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    return page.specific if page is not None else None


def survey_version_with_survey(*, version_id: int) -> SurveyVersion | None:
    """The survey version with this id and its survey, in one query; None if there is none."""
    return SurveyVersion.objects.select_related("survey").filter(pk=version_id).first()


def survey_locales() -> QuerySet[Locale]:
    """The languages a survey can be written in: every locale of the site."""
    return Locale.objects.all()


def survey_version(*, version_id: int) -> SurveyVersion:
    """The survey version with this id (DoesNotExist if there is none)."""
    return SurveyVersion.objects.get(pk=version_id)


def page_feedback_definition(*, language: str) -> dict | None:
    """The questions asked at the end of education pages in ``language`` (falling back to
    the survey's own language), with the version they belong to; None when switched off."""
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


def invitations_for_user(*, user):
    """Invitations for the transitions the user may see (every one for managers)."""
    if user.is_authenticated and (user.is_superuser or user.has_perm("surveys.review_all_facilities")):
        return Invitation.objects.all()
    return Invitation.objects.filter(transition__in=transitions_for_user(user=user).values("pk"))


def invitations_of_transition(*, user, transition: CareTransition) -> QuerySet[Invitation]:
    """The transition's invitations the user may see, each with its page's title and its
    emails (oldest first), in two queries."""
    return (
        invitations_for_user(user=user)
        .filter(transition=transition)
        .annotate(page_title=F("page__title"))
        .prefetch_related(
            Prefetch("messages", queryset=InvitationMessage.objects.order_by("claimed_at", "pk"))
        )
        .order_by("created_at", "pk")
    )


def responses_for_user(*, user):
    """The survey responses a user may see; every review list, detail, chart, export and
    follow-up action starts here. Deny by default: without the review permission, nothing.
    Managers see every response; a liaison those whose care transition left from or went to
    one of their facilities, or is assigned to them (anonymous and public responses, which
    have no transition, only managers see)."""
    scope = response_scope(user=user)
    return Response.objects.none() if scope is None else Response.objects.filter(scope)


def response_scope(*, user, prefix: str = ""):
    """The condition behind ``responses_for_user``, for querying answers through their
    response (``prefix="response__"``) without a second pass over the responses table.
    None means nothing at all."""
    if not user.is_authenticated or not user.is_active or not user.has_perm("surveys.review_responses"):
        return None
    if user.is_superuser or user.has_perm("surveys.review_all_facilities"):
        return Q()
    # The same rule as transitions_for_user, on the copy each response keeps of its transition.
    mine = facilities_for_user(user=user).values("pk")
    return (
        Q(**{f"{prefix}facility__in": mine})
        | Q(**{f"{prefix}receiving_facility__in": mine})
        | Q(**{f"{prefix}liaison": user})
    )


HELD_PERMISSION = "surveys.manage_surveys"


def held_submissions_for_user(*, user):
    """Held submissions (possible automated answers from public pages), newest first, for a
    manager; none for anyone else. They carry no patient's name, but they are answers."""
    if not (user.is_authenticated and user.has_perm(HELD_PERMISSION)):
        return HeldSubmission.objects.none()
    return HeldSubmission.objects.select_related("version__survey", "page").order_by("-received_at")


def held_submissions_count() -> int:
    """How many submissions wait for a manager's decision (shown on the dashboard)."""
    return HeldSubmission.objects.count()


def invitation_opted_out(*, invitation: Invitation) -> bool:
    """Whether the emails behind this invitation are already stopped: the invitation itself,
    or its address (kept only hashed)."""
    if invitation.status == Invitation.OPTED_OUT:
        return True
    transition = invitation.transition
    if transition is None or not transition.email:
        return False
    return EmailOptOut.objects.filter(email_hash=email_hash(transition.email)).exists()


def invitation_retention_blockers() -> list[QuerySet]:
    """What keeps a care transition (``OuterRef("pk")``) from being erased: an invitation
    still scheduled or awaiting an answer, or an email being sent now."""
    return [
        Invitation.objects.filter(transition=OuterRef("pk"), status__in=Invitation.PENDING),
        InvitationMessage.objects.filter(
            invitation__transition=OuterRef("pk"), state=InvitationMessage.CLAIMED
        ),
    ]
