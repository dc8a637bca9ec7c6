"""Writes for surveys: invitations, drafts, submitted and held responses (the survey itself:
``surveys.survey_services``, whose writes are exported here too)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from statistics import fmean

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from packets.models import Packet
from surveys import audit, definition
from surveys.definition import PHONE_SUFFIX
from surveys.hooks import RESPONSE_FOLLOWUPS_DUE, RESPONSE_STORED
from surveys.models import (
    Answer,
    HeldSubmission,
    Invitation,
    InvitationMessage,
    InvitationToken,
    Response,
    SurveyDraft,
    SurveyPage,
    SurveyVersion,
    token_hash,
)
from surveys.scheduling import transition_schedule
from surveys.survey_services import (  # noqa: F401 (callers import these from here)
    survey_create_from_snapshot,
    survey_import,
    survey_page_ensure,
    survey_translation_publish,
    survey_version_freeze,
)
from transitions.hooks import hooks_run
from transitions.models import CareTransition, EmailOptOut
from transitions.optouts import email_hash


def invitation_create(
    *, page: SurveyPage, language: str, expires_at: dt.datetime | None = None
) -> tuple[Invitation, str]:
    """An invitation handed out directly (not emailed by the sweeps) and its token. The
    token is returned once and stored only hashed."""
    expires_at = expires_at or timezone.now() + dt.timedelta(days=settings.SURVEY_INVITATION_DAYS)
    invitation = Invitation.objects.create(
        page=page, language=language, expires_at=expires_at, status=Invitation.SENT, sent_at=timezone.now()
    )
    return invitation, invitation_token_issue(invitation=invitation)


def invitation_token_issue(*, invitation: Invitation) -> str:
    """A new link token for the invitation (earlier ones stay valid)."""
    token = secrets.token_urlsafe(32)
    InvitationToken.objects.create(invitation=invitation, token_hash=token_hash(token))
    return token


def invitation_open(*, invitation: Invitation) -> None:
    """Record the first time a link was opened."""
    Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=timezone.now())


def draft_save(
    *, draft: SurveyDraft | None, version: SurveyVersion, invitation: Invitation | None, data: dict
) -> SurveyDraft:
    """Save the wizard's answers so far, creating the draft on the first answer (which is
    when an invitation counts as started)."""
    if draft is None:
        expires_at = (
            invitation.expires_at
            if invitation
            else timezone.now() + dt.timedelta(days=settings.SURVEY_PUBLIC_DRAFT_DAYS)
        )
        if invitation is not None:
            Invitation.objects.filter(pk=invitation.pk, started_at__isnull=True).update(
                started_at=timezone.now()
            )
        try:
            with transaction.atomic():
                return SurveyDraft.objects.create(
                    version=version, invitation=invitation, data=data, expires_at=expires_at
                )
        except IntegrityError:
            # The same link opened on two devices at once: both answer into one draft.
            draft = SurveyDraft.objects.get(invitation=invitation)
    SurveyDraft.objects.filter(pk=draft.pk, submitted_at__isnull=True).update(
        data=data, version=version, updated_at=timezone.now()
    )
    draft.data, draft.version = data, version
    return draft


def drafts_expire(*, now: dt.datetime | None = None) -> int:
    """Delete drafts past their expiry (with the answers they held); returns how many."""
    deleted, _by_model = SurveyDraft.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def answer_rows(snapshot: dict, answers: dict[str, object]) -> list[Answer]:
    """One unsaved Answer per answered question: codes and numbers apart from free text."""
    index = definition.question_index(snapshot)
    rows = []
    for key, question in index.items():
        given = answers.get(key)
        if given in (None, "", []):
            continue
        kind = question["type"]
        row = Answer(key=key)
        if kind in definition.TEXT_TYPES:
            row.text = str(given)
        elif kind == definition.MULTIPLE_CHOICE:
            row.code = " ".join(given)
        elif kind == definition.CALLBACK:
            row.code = str(given)
            row.text = str(answers.get(key + PHONE_SUFFIX, "")) if given == "yes" else ""
        else:
            option = next(option for option in question["options"] if option["code"] == given)
            row.code, row.value = option["code"], option["value"]
            row.score = definition.option_score(question, option["value"])
        rows.append(row)
    return rows


def _response_store(
    *,
    version: SurveyVersion,
    answers: dict[str, object],
    page,
    language: str,
    submission_key,
    invitation=None,
    submitted_at=None,
    followup_rules: bool = True,
) -> Response:
    rows = answer_rows(version.definition, answers)
    scores = [row.score for row in rows if row.score is not None]
    if version.definition.get("anonymous"):
        invitation = None
    response = Response(
        version=version,
        page=page,
        invitation=invitation,
        submission_key=submission_key,
        language=language,
        score=round(fmean(scores), 2) if scores else None,
        submitted_at=submitted_at or timezone.now(),
    )
    if not followup_rules:
        response.followups_checked_at = response.submitted_at
    response.copy_transition(invitation.transition if invitation else None)
    response.save(force_insert=True)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    hooks_run(RESPONSE_STORED, response)
    return response


def response_submit(
    *, draft: SurveyDraft, answers: dict[str, object], page, language: str
) -> tuple[Response, bool]:
    """Store one response for the draft; submitting the same draft again stores nothing.

    Returns the response and whether it was created now. A fixed number of queries
    whatever the number of questions (the answers are inserted in one statement).
    """
    invitation = draft.invitation
    try:
        with transaction.atomic():
            response = _response_store(
                version=draft.version,
                answers=answers,
                page=page,
                language=language,
                submission_key=draft.pk,
                invitation=invitation,
            )
            SurveyDraft.objects.filter(pk=draft.pk).update(data={}, submitted_at=response.submitted_at)
            transaction.on_commit(lambda: _followups_enqueue(response.pk))
            if invitation is not None:
                # Answered: no reminder is due any more.
                Invitation.objects.filter(pk=invitation.pk, responded_at__isnull=True).update(
                    responded_at=response.submitted_at,
                    status=Invitation.COMPLETED,
                    due_at=None,
                    closed_at=response.submitted_at,
                )
    except IntegrityError:
        existing = Response.objects.filter(submission_key=draft.pk).first()
        if existing is None and invitation is not None:
            existing = Response.objects.filter(invitation=invitation).first()
        if existing is None:
            raise
        return existing, False
    return response, True


def submission_hold(
    *,
    version: SurveyVersion,
    answers: dict[str, object],
    page,
    language: str,
    draft: SurveyDraft | None = None,
    page_feedback: bool = False,
) -> tuple[HeldSubmission, bool]:
    """Keep answers whose spam trap was filled, apart from the responses, for a manager to
    release or delete. The draft (if any) is closed as a submitted one would be; holding the
    same draft again stores nothing. Returns the held row and whether it was created now."""
    key = draft.pk if draft is not None else uuid.uuid4()
    try:
        with transaction.atomic():
            held = HeldSubmission.objects.create(
                version=version,
                page=page,
                submission_key=key,
                language=language,
                answers=answers,
                page_feedback=page_feedback,
            )
            if draft is not None:
                SurveyDraft.objects.filter(pk=draft.pk).update(data={}, submitted_at=held.received_at)
    except IntegrityError:
        existing = HeldSubmission.objects.filter(submission_key=key).first()
        if existing is None:
            raise
        return existing, False
    return held, True


def held_submission_release(*, held: HeldSubmission, user) -> Response | None:
    """Turn a held submission into a response, submitted when it was received, so it counts
    in the figures and runs the follow-up rules from now on. None if another manager has
    already released or deleted it."""
    with transaction.atomic():
        locked = HeldSubmission.objects.select_for_update().filter(pk=held.pk).first()
        if locked is None:
            return None
        response = _response_store(
            version=locked.version,
            answers=locked.answers,
            page=locked.page,
            language=locked.language,
            submission_key=locked.submission_key,
            submitted_at=locked.received_at,
            followup_rules=not locked.page_feedback,
        )
        audit.held_submission_released(held=locked, response=response, user=user)
        locked.delete()
        if not locked.page_feedback:
            transaction.on_commit(lambda: _followups_enqueue(response.pk))
    return response


def held_submission_delete(*, held: HeldSubmission, user) -> bool:
    """Delete a held submission with its answers; False if it was already gone."""
    with transaction.atomic():
        locked = HeldSubmission.objects.select_for_update().filter(pk=held.pk).first()
        if locked is None:
            return False
        audit.held_submission_deleted(held=locked, user=user)
        locked.delete()
    return True


def _followups_enqueue(response_id: int) -> None:
    """Hand the response to the follow-up rules (feedback queues them)."""
    hooks_run(RESPONSE_FOLLOWUPS_DUE, response_id)


def page_feedback_submit(
    *, version: SurveyVersion, page, answers: dict[str, object], language: str
) -> Response:
    """Store an anonymous "Was this page helpful?" answer about ``page``."""
    with transaction.atomic():
        return _response_store(
            version=version,
            answers=answers,
            page=page,
            language=language,
            submission_key=uuid.uuid4(),
            followup_rules=False,
        )


def transition_save(*, transition, user=None):
    """Save a care transition and bring its invitations up to date in the same transaction."""
    with transaction.atomic():
        transition.full_clean()
        transition.save()
        transition_schedule(transition=transition)
    return transition


def email_opt_out(*, invitation: Invitation) -> int:
    """Stop every pending email to this invitation's address at once, and keep the address
    (hashed) so later transitions do not email it either. Returns how many were stopped."""
    transition = invitation.transition
    now = timezone.now()
    with transaction.atomic():
        if transition is None or not transition.email:
            return Invitation.objects.filter(pk=invitation.pk, status__in=Invitation.PENDING).update(
                status=Invitation.OPTED_OUT, due_at=None, closed_at=now
            )
        return address_opt_out(email=transition.email)


def address_opt_out(*, email: str) -> int:
    """Keep the address (hashed) as opted out and stop every pending survey email and
    education packet to it. Returns how many invitations were stopped."""
    now = timezone.now()
    with transaction.atomic():
        EmailOptOut.objects.get_or_create(email_hash=email_hash(email))
        same_person = CareTransition.objects.filter(email__iexact=email.strip())
        Packet.objects.filter(transition__in=same_person, status=Packet.SCHEDULED).update(
            status=Packet.CANCELLED, due_at=None
        )
        return Invitation.objects.filter(transition__in=same_person, status__in=Invitation.PENDING).update(
            status=Invitation.OPTED_OUT, due_at=None, closed_at=now
        )


def invitation_contact_copies_erase(*, transition_ids) -> None:
    """Clear what invitations, drafts and answers copied of these transitions' contact
    details (retention erases the transitions' own fields)."""
    # A mail server's refusal may quote the address.
    Invitation.objects.filter(transition__in=transition_ids).exclude(last_error="").update(last_error="")
    InvitationMessage.objects.filter(invitation__transition__in=transition_ids).exclude(error="").update(
        error=""
    )
    # A closed invitation cannot be resumed; its draft may still hold raw answers.
    SurveyDraft.objects.filter(invitation__transition__in=transition_ids).delete()
    # The phone number given with a call-back request; the yes/no answer stays.
    responses = Response.objects.filter(transition__in=transition_ids)
    version_ids = set(responses.values_list("version_id", flat=True))
    for version in SurveyVersion.objects.filter(pk__in=version_ids):
        keys = [
            key
            for key, question in definition.question_index(version.definition).items()
            if question["type"] == definition.CALLBACK
        ]
        if keys:
            phones = Answer.objects.filter(response__in=responses.filter(version=version), key__in=keys)
            phones.exclude(text="").update(text="")
