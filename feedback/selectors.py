"""What the review area reads: responses, follow-ups and invitations in the user's scope,
filtered as the review filters say, and the choices those filters offer.

Every read starts from ``responses_for_user``, ``invitations_for_user`` or
``transitions_for_user``, so a liaison sees only their facilities whatever view, chart or
export asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce
from wagtail.models import ModelLogEntry

from feedback.audit import RESPONSE_VIEWED
from feedback.models import DailyFigures, FollowUp
from feedback.models.followups import URGENT
from portal.roles import LIAISON
from surveys.models import (
    Answer,
    Invitation,
    Response,
    Survey,
    SurveyPage,
    SurveySettings,
    SurveyVersion,
)
from surveys.selectors import (
    held_submissions_for_user,
    invitations_for_user,
    response_scope,
    responses_for_user,
)
from transitions.models import CareTransition, Facility
from transitions.selectors import transition_filter, transitions_for_user

if TYPE_CHECKING:
    from feedback.review_filters import ReviewFilterForm

OPEN_STATUSES = (FollowUp.OPEN, FollowUp.IN_PROGRESS)

# --- follow-ups --------------------------------------------------------------------------------


def followups_for_user(*, user) -> QuerySet[FollowUp]:
    """Follow-ups on the responses the user may see."""
    return FollowUp.objects.filter(response__in=responses_for_user(user=user).values("pk"))


def followups_open_count(*, user) -> int:
    """Open and in-progress follow-ups assigned to the user (one COUNT query)."""
    if not user.is_authenticated:
        return 0
    return FollowUp.objects.filter(assigned_to=user, status__in=OPEN_STATUSES).count()


def urgent_first(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """Cases in the order they are worked: urgent first, then the soonest due."""
    return queryset.annotate(
        severity_rank=Case(When(severity=URGENT, then=0), default=1, output_field=IntegerField())
    ).order_by("severity_rank", "due_at", "pk")


def followups_queue(*, user) -> QuerySet[FollowUp]:
    """Every case the user may see, with what the queue shows of each: urgent first, then
    the soonest due (the queue's filters narrow it: ``feedback.filters.FollowUpFilterSet``)."""
    return urgent_first(
        followups_for_user(user=user)
        .select_related("assigned_to", "response__transition", "response__facility")
        .prefetch_related("reasons", _comments())
    )


def _comments() -> Prefetch:
    """The free-text and call-back answers of each case's response (``response.comments``)."""
    return Prefetch(
        "response__answers",
        queryset=Answer.objects.exclude(text="").order_by("pk"),
        to_attr="comments",
    )


def followup_for_user(*, user, pk: int) -> FollowUp | None:
    """One case the user may see, with its owner, reasons and response; None otherwise."""
    return (
        followups_for_user(user=user)
        .select_related("assigned_to", "response__transition", "response__version")
        .prefetch_related("reasons")
        .filter(pk=pk)
        .first()
    )


def followup_owners_for_user(*, user) -> QuerySet:
    """The people who own a case the user may see (the queue's owner filter)."""
    return (
        get_user_model()
        .objects.filter(pk__in=followups_for_user(user=user).values("assigned_to"))
        .order_by("first_name", "last_name", "pk")
    )


def followup_history(*, followup: FollowUp) -> QuerySet[ModelLogEntry]:
    """Every recorded change of a follow-up, oldest first."""
    return ModelLogEntry.objects.for_instance(followup).select_related("user").order_by("timestamp")


def response_views(*, response: Response, limit: int) -> QuerySet[ModelLogEntry]:
    """Who viewed a response and when, the newest ``limit`` views."""
    return (
        ModelLogEntry.objects.for_instance(response)
        .filter(action=RESPONSE_VIEWED)
        .select_related("user")
        .order_by("-timestamp")[:limit]
    )


def followups_of_response(*, response: Response) -> QuerySet[FollowUp]:
    """A response's case (one at most), with its owner and reasons."""
    return response.followups.select_related("assigned_to").prefetch_related("reasons").order_by("opened_at")


# --- the review filters' choices ---------------------------------------------------------------


def liaisons_for_review_filter(*, user, facilities: QuerySet[Facility]) -> QuerySet:
    """The liaisons a reviewer may filter by: those of their facilities, or every liaison
    for a reviewer of all facilities."""
    liaisons = get_user_model().objects.filter(groups__name=LIAISON).order_by("first_name", "last_name")
    if not (user.is_superuser or user.has_perm("surveys.review_all_facilities")):
        liaisons = liaisons.filter(facilities__in=facilities)
    return liaisons.distinct()


def survey_versions_for_review_filter() -> list[SurveyVersion]:
    """Every survey version, with just what the filters show of it, by language and number."""
    return list(
        SurveyVersion.objects.select_related("survey__locale")
        .only("pk", "number", "definition", "survey__translation_key", "survey__locale__language_code")
        .order_by("survey__locale__language_code", "number")
    )


def page_feedback_survey_key() -> str | None:
    """The translation key of the survey that collects page feedback, if one is chosen."""
    chosen = SurveySettings.load().page_feedback_survey
    return str(chosen.translation_key) if chosen else None


def newest_answered_survey_key(*, user):
    """The translation key of the survey most recently answered in the user's scope."""
    return (
        responses_for_user(user=user)
        .order_by("-submitted_at")
        .values_list("version__survey__translation_key", flat=True)
        .first()
    )


def held_submission_for_user(*, user, pk):
    """One held submission the user may act on; None otherwise."""
    return held_submissions_for_user(user=user).filter(pk=pk).first()


def survey_for_export(*, translation_key) -> Survey | None:
    """The survey an export is recorded against: the first of its translations."""
    return Survey.objects.filter(translation_key=translation_key).order_by("pk").first()


# --- responses and figures under the review filters --------------------------------------------


def response_conditions(*, user, form: ReviewFilterForm, prefix: str = "") -> Q | None:
    """The user's scope and the form's filters as one condition on responses, or on rows
    that reach them through ``prefix`` (answers: ``"response__"``); None means nothing."""
    conditions = response_scope(user=user, prefix=prefix)
    if conditions is None:
        return None
    filters = form.filters()
    conditions &= Q(**{f"{prefix}version_id__in": form.version_ids()})
    if "facility" in filters:
        facility = filters["facility"]
        conditions &= Q(**{f"{prefix}facility": facility}) | Q(**{f"{prefix}receiving_facility": facility})
    if "destination" in filters:
        conditions &= Q(**{f"{prefix}destination_kind": filters["destination"]})
    if "liaison" in filters:
        conditions &= Q(**{f"{prefix}liaison": filters["liaison"]})
    if "language" in filters:
        conditions &= Q(**{f"{prefix}language": filters["language"]})
    return conditions


def responses_filtered(*, user, form: ReviewFilterForm, period=None) -> QuerySet[Response]:
    """The user's responses matching the form's filters (all periods unless given one)."""
    conditions = response_conditions(user=user, form=form)
    if conditions is None:
        return Response.objects.none()
    if period is not None:
        conditions &= period.q()
    return Response.objects.filter(conditions)


def daily_figures_for_review(*, user, form: ReviewFilterForm) -> QuerySet[DailyFigures]:
    """The daily figures rows of the user's scope under the form's filters (any day)."""
    conditions = response_conditions(user=user, form=form)
    return DailyFigures.objects.none() if conditions is None else DailyFigures.objects.filter(conditions)


def invitations_for_review(*, user, form: ReviewFilterForm) -> QuerySet[Invitation]:
    """The user's invitations to the chosen survey under the form's filters (any time)."""
    filters = form.filters()
    invitations = invitations_for_user(user=user).filter(
        transition_filter(filters), page__survey__translation_key=filters.get("survey")
    )
    if "language" in filters:
        invitations = invitations.filter(language=filters["language"])
    return invitations


RESPONSE_SORTS = {
    "-submitted": ("-submitted_at", "-pk"),
    "submitted": ("submitted_at", "pk"),
    "score": ("score", "-submitted_at"),
    "-score": ("-score", "-submitted_at"),
}


def responses_for_review_list(*, user, form: ReviewFilterForm) -> QuerySet[Response]:
    """The responses list: the filtered responses of the form's period with what each row
    shows and its open follow-ups counted (``open_followups``); the list's own filter and
    order (a key of RESPONSE_SORTS) are ``feedback.filters.ResponseListFilterSet``'s."""
    return (
        responses_filtered(user=user, form=form, period=form.period())
        .select_related("version", "transition__discharging_facility", "transition__liaison")
        .only(
            "pk",
            "submitted_at",
            "language",
            "score",
            "version__number",
            "transition__external_reference",
            "transition__destination_kind",
            "transition__discharging_facility__name",
            "transition__liaison__first_name",
            "transition__liaison__last_name",
            "transition__liaison__username",
        )
        .annotate(open_followups=Count("followups", filter=Q(followups__status__in=OPEN_STATUSES)))
    )


def response_for_review(*, user, pk: int) -> Response | None:
    """One response the user may see, with its survey and care transition; None otherwise."""
    return (
        responses_for_user(user=user)
        .select_related(
            "version__survey",
            "transition__discharging_facility",
            "transition__receiving_facility",
            "transition__liaison",
        )
        .filter(pk=pk)
        .first()
    )


def facility_names_by_id(*, ids) -> dict[int, str]:
    """The names of the given facilities, by id."""
    return dict(Facility.objects.filter(pk__in=ids).values_list("pk", "name"))


def liaison_names_by_id(*, ids) -> dict[int, str]:
    """The full names (else user names) of the given people, by id."""
    return {
        person.pk: person.get_full_name() or person.get_username()
        for person in get_user_model().objects.filter(pk__in=ids)
    }


# --- the site history and retention ------------------------------------------------------------


def log_entries_visible_to(queryset: QuerySet, *, user) -> QuerySet:
    """Log entries about care transitions, invitations, responses and follow-ups only for
    those the user may see; deny by default, so an entry whose record was deleted is shown
    to managers only."""
    if (
        queryset.model is not ModelLogEntry
        or user.is_superuser
        or user.has_perm("surveys.review_all_facilities")
    ):
        return queryset
    visible = {
        CareTransition: transitions_for_user(user=user),
        Invitation: invitations_for_user(user=user),
        Response: responses_for_user(user=user),
        FollowUp: followups_for_user(user=user),
    }
    for model, records in visible.items():
        ids = records.annotate(logged_id=Cast("pk", CharField())).values("logged_id")
        content_type = ContentType.objects.get_for_model(model)
        queryset = queryset.exclude(Q(content_type=content_type) & ~Q(object_id__in=ids))
    return queryset


def transition_retention_blockers() -> list[QuerySet]:
    """Subqueries on a care transition (``OuterRef("pk")``): a response the follow-up rules
    have not run on yet, or a follow-up still open."""
    return [
        Response.objects.filter(transition=OuterRef("pk"), followups_checked_at__isnull=True),
        FollowUp.objects.filter(response__transition=OuterRef("pk"), status__in=OPEN_STATUSES),
    ]


# --- the invitation log ------------------------------------------------------------------------


def survey_pages_for_log_filter() -> QuerySet[SurveyPage]:
    """The survey pages in the site's own language, by title."""
    return SurveyPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("title")


def invitation_counts(invitations: QuerySet[Invitation]) -> dict:
    """Every count for the set in one aggregate query.

    ``scheduled`` is every invitation (each was scheduled), ``waiting`` those not sent yet;
    ``sent`` those whose first email went out (``sent_at`` set); the response rate is the
    completed ones among the sent ones.
    """
    was_sent = Q(sent_at__isnull=False)
    counts = invitations.order_by().aggregate(
        scheduled=Count("pk"),
        waiting=Count("pk", filter=Q(status=Invitation.SCHEDULED)),
        sent=Count("pk", filter=was_sent),
        reminded=Count("pk", filter=Q(reminders_sent__gt=0)),
        reminders=Coalesce(Sum("reminders_sent"), 0),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        started=Count("pk", filter=Q(started_at__isnull=False)),
        completed=Count("pk", filter=Q(status=Invitation.COMPLETED)),
        completed_sent=Count("pk", filter=Q(status=Invitation.COMPLETED) & was_sent),
        expired=Count("pk", filter=Q(status=Invitation.EXPIRED)),
        failed=Count("pk", filter=Q(status=Invitation.FAILED)),
        opted_out=Count("pk", filter=Q(status=Invitation.OPTED_OUT)),
        cancelled=Count("pk", filter=Q(status=Invitation.CANCELLED)),
    )
    sent = counts["sent"]
    counts["response_rate"] = round(100 * counts["completed_sent"] / sent, 1) if sent else None
    return counts


def invitation_log_rows(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """The log's rows: each invitation with its transition's reference, date and destination,
    its page's title and its transition's packet status, newest move first (one query)."""
    return (
        invitations.select_related("transition")
        .only(
            *(field.name for field in Invitation._meta.concrete_fields),
            "transition__external_reference",
            "transition__transition_date",
            "transition__destination_kind",
        )
        .annotate(
            page_title=F("page__title"),
            packet_status=F("transition__packet__status"),
            packet_opened_at=F("transition__packet__opened_at"),
        )
        .order_by("-transition__transition_date", "-pk")
    )
