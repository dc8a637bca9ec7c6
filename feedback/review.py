"""The review area's filters and figures. Every figure starts from ``responses_for_user``
and is one grouped query in the database, so the dashboard takes the same number of
queries whatever the number of responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.figures import day_start, figures_refresh, local_day
from feedback.models import DailyFigures
from portal.roles import LIAISON
from surveys import definition
from surveys.models import Response, SurveySettings, SurveyVersion
from surveys.models.responses import PACKET_STATUSES
from surveys.selectors import response_scope, responses_for_user
from transitions.models import DESTINATION_KINDS, Facility
from transitions.selectors import facilities_for_user

DEFAULT_DAYS = 365
# Fewer responses (or answers) than this in a packet group are marked as too few to compare.
PACKET_MIN_GROUP = 10


@dataclass(frozen=True)
class Period:
    start: dt.datetime | None
    end: dt.datetime

    @property
    def previous(self) -> Period | None:
        """The period of the same length just before this one (none for an open start)."""
        if self.start is None:
            return None
        return Period(start=self.start - (self.end - self.start), end=self.start)

    @property
    def first_day(self) -> dt.date | None:
        return local_day(self.start) if self.start else None

    @property
    def last_day(self) -> dt.date:
        return local_day(self.end) - dt.timedelta(days=1)

    def days(self) -> Q:
        """The period as a condition on a day (daily figures)."""
        condition = Q(day__lte=self.last_day)
        if self.start is not None:
            condition &= Q(day__gte=self.first_day)
        return condition

    def q(self, field: str = "submitted_at") -> Q:
        condition = Q(**{f"{field}__lt": self.end})
        if self.start is not None:
            condition &= Q(**{f"{field}__gte": self.start})
        return condition


class ReviewFilterForm(forms.Form):
    """Filters shared by the dashboard, the responses list and the exports. Only choices
    inside the user's scope are offered; a value from outside it is an invalid choice."""

    date_from = forms.DateField(
        label=_("Submitted on or after"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Submitted on or before"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    survey = forms.ChoiceField(label=_("Survey"), required=False)
    version = forms.TypedChoiceField(label=_("Version"), required=False, coerce=int, empty_value=None)
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, required=False, empty_label=_("All my facilities")
    )
    destination = forms.ChoiceField(
        label=_("Moving to"), required=False, choices=[("", _("Anywhere")), *DESTINATION_KINDS]
    )
    liaison = forms.ModelChoiceField(
        label=_("Liaison"), queryset=None, required=False, empty_label=_("Any liaison")
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        facilities = facilities_for_user(user=user).order_by("name")
        self.fields["facility"].queryset = facilities
        liaisons = get_user_model().objects.filter(groups__name=LIAISON).order_by("first_name", "last_name")
        if not (user.is_superuser or user.has_perm("surveys.review_all_facilities")):
            liaisons = liaisons.filter(facilities__in=facilities)
        self.fields["liaison"].queryset = liaisons.distinct()
        self.fields["liaison"].label_from_instance = lambda person: (
            person.get_full_name() or person.get_username()
        )
        self.versions = list(
            SurveyVersion.objects.select_related("survey__locale")
            .only("pk", "number", "definition", "survey__translation_key", "survey__locale__language_code")
            .order_by("survey__locale__language_code", "number")
        )
        surveys = {}
        for version in self.versions:
            # The newest version in the site's own language names the survey.
            if (
                version.survey.translation_key not in surveys
                or version.survey.locale.language_code == settings.LANGUAGE_CODE
            ):
                surveys[version.survey.translation_key] = version.definition["title"]
        feedback_key = _page_feedback_key()
        self.fields["survey"].choices = sorted(
            ((str(key), title) for key, title in surveys.items()),
            # The survey about moves first, the page feedback form last.
            key=lambda choice: (choice[0] == feedback_key, str(choice[1]).lower()),
        )
        self.fields["version"].choices = [("", _("All versions"))] + [
            (
                version.pk,
                _("%(title)s, version %(number)s (%(language)s)")
                % {
                    "title": version.definition["title"],
                    "number": version.number,
                    "language": version.survey.locale.language_code,
                },
            )
            for version in self.versions
        ]

    @classmethod
    def from_query(cls, query, *, user) -> ReviewFilterForm:
        """Bound to the query string; the period defaults to the last year and the survey to
        the first one offered (an empty date means no limit)."""
        data = query.copy()
        if "date_from" not in data:
            data["date_from"] = (timezone.localdate() - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat()
        form = cls(data, user=user)
        if not data.get("survey") and form.fields["survey"].choices:
            # The survey most recently answered in the user's scope, else the first offered.
            newest = (
                responses_for_user(user=user)
                .order_by("-submitted_at")
                .values_list("version__survey__translation_key", flat=True)
                .first()
            )
            offered = {key for key, _title in form.fields["survey"].choices}
            data["survey"] = str(newest) if str(newest) in offered else form.fields["survey"].choices[0][0]
        return form

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Choose a date on or after the first date."))
        version = cleaned.get("version")
        if version and not any(
            v.pk == version and str(v.survey.translation_key) == cleaned.get("survey") for v in self.versions
        ):
            self.add_error("version", _("Choose a version of the chosen survey."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown with its error and not applied)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }

    def period(self) -> Period:
        filters = self.filters()
        end_day = filters.get("date_to") or timezone.localdate()
        start_day = filters.get("date_from")
        return Period(
            start=day_start(start_day) if start_day else None,
            end=day_start(end_day + dt.timedelta(days=1)),
        )

    def version_ids(self) -> list[int]:
        filters = self.filters()
        if "version" in filters:
            return [filters["version"]]
        return [v.pk for v in self.versions if str(v.survey.translation_key) == filters.get("survey")]

    def survey_versions(self) -> list[SurveyVersion]:
        wanted = set(self.version_ids())
        return [v for v in self.versions if v.pk in wanted]

    def query_items(self) -> list[tuple[str, str]]:
        """The applied filters as (name, value) pairs, for links and forms that keep them.
        A cleared start date is kept as an empty value (no limit), not left to the default."""
        items = [
            (name, str(value.pk if hasattr(value, "pk") else value)) for name, value in self.filters().items()
        ]
        if "date_from" not in self.filters():
            items.insert(0, ("date_from", ""))
        return items

    def query_string(self) -> str:
        from urllib.parse import urlencode

        return urlencode(self.query_items())


def _page_feedback_key() -> str | None:
    chosen = SurveySettings.load().page_feedback_survey
    return str(chosen.translation_key) if chosen else None


def responses_filtered(*, user, form: ReviewFilterForm, period: Period | None = None):
    """The user's responses matching the form's filters (all periods unless given one)."""
    conditions = response_conditions(user=user, form=form)
    if conditions is None:
        return Response.objects.none()
    if period is not None:
        conditions &= period.q()
    return Response.objects.filter(conditions)


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


def _invitations_filtered(*, user, form: ReviewFilterForm):
    from surveys.selectors import invitations_for_user
    from transitions.selectors import transition_filter

    filters = form.filters()
    invitations = invitations_for_user(user=user).filter(
        transition_filter(filters), page__survey__translation_key=filters.get("survey")
    )
    if "language" in filters:
        invitations = invitations.filter(language=filters["language"])
    return invitations


def _change(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 1)


def _rounded(value, digits=1):
    return None if value is None else round(value, digits)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _nps(promoters: int, detractors: int, total: int) -> float | None:
    return round(100 * (promoters - detractors) / total, 1) if total else None


def dashboard_figures(*, user, form: ReviewFilterForm) -> dict:
    """Every figure of the dashboard for the form's filters: three grouped queries (the
    daily figures of responses, the daily figures of answers and responses by education
    packet, and the invitations) and two for the names of the facilities and liaisons in
    the breakdowns, whatever the number of responses; first, one query for days with
    responses not yet counted, rebuilt if there are any."""
    figures_refresh()  # responses submitted since the last sweep are counted too
    period = form.period()
    previous = period.previous
    both = period if previous is None else Period(start=previous.start, end=period.end)
    conditions = response_conditions(user=user, form=form)
    figures = DailyFigures.objects.none() if conditions is None else DailyFigures.objects.filter(conditions)
    figures = figures.filter(both.days())
    current_q = period.days()

    # 1. Responses and the transition score for both periods, by month, facility, destination
    # and liaison, in one grouped pass over the daily figures; the totals, trend and
    # breakdowns below add up these few rows (at most months × facilities × destinations ×
    # liaisons × 2).
    grouped = list(
        figures.filter(key="")
        .annotate(current=_flag(current_q), month=TruncMonth("day"))
        .values("current", "month", "facility", "destination_kind", "liaison")
        .annotate(responses=Sum("n"), scored=Sum("score_n"), score_sum=Sum("score_sum"))
        .order_by()
    )
    current_rows = [row for row in grouped if row["current"]]
    previous_rows = [row for row in grouped if not row["current"]]
    totals = {
        "current": sum(row["responses"] for row in current_rows),
        "previous": sum(row["responses"] for row in previous_rows),
        "current_score": _mean_of(current_rows),
        "previous_score": _mean_of(previous_rows),
    }

    # 2. Invitations sent in each period and how many of them were answered.
    invitations = (
        _invitations_filtered(user=user, form=form)
        .filter(both.q("sent_at"))
        .aggregate(
            sent=Count("pk", filter=period.q("sent_at")),
            answered=Count("pk", filter=period.q("sent_at") & Q(responded_at__isnull=False)),
            previous_sent=Count("pk", filter=previous.q("sent_at") if previous else Q(pk__in=[])),
            previous_answered=Count(
                "pk",
                filter=(previous.q("sent_at") if previous else Q(pk__in=[])) & Q(responded_at__isnull=False),
            ),
        )
    )

    # 3. Each scored question (answers, mean, top box and NPS counts) and, under key "", the
    # responses with their transition scores, one row per key, period and education packet
    # status. The questions add up the packet statuses; the split by packet (4) reads this
    # period's rows of responses with a care transition. One pass serves both, as a second
    # grouped pass over the daily figures would cost as much again.
    per_question: dict[str, dict] = {}
    packet_rows = []
    rows = (
        figures.annotate(current=_flag(current_q))
        .values("key", "current", "packet_status")
        .annotate(
            n=Sum("n"),
            value_n=Sum("value_n"),
            value_sum=Sum("value_sum"),
            score_n=Sum("score_n"),
            score_sum=Sum("score_sum"),
            top=Sum("top"),
            promoters=Sum("promoters"),
            detractors=Sum("detractors"),
        )
        .order_by()
    )
    summed: dict[tuple, dict] = {}
    for row in rows:
        if row["current"] and row["packet_status"]:
            packet_rows.append(row)
        if row["key"]:
            total = summed.setdefault((row["key"], row["current"]), dict.fromkeys(SUMMED_FIGURES, 0))
            for name in SUMMED_FIGURES:
                total[name] += row[name] or 0
    for (key, current), row in summed.items():
        question = per_question.setdefault(
            key, {name: None if "mean" in name else 0 for name in QUESTION_FIGURES}
        )
        prefix = "" if current else "previous_"
        question[prefix + "n"] = row["n"]
        question[prefix + "mean"] = row["value_sum"] / row["value_n"] if row["value_n"] else None
        question[prefix + "mean_score"] = row["score_sum"] / row["n"] if row["n"] else None
        for name in ("top", "promoters", "detractors"):
            question[prefix + name] = row[name]
    questions = _questions(form.survey_versions(), per_question)

    # 4. The split by education packet, from the rows of step 3.
    packet = packet_split(packet_rows, questions)

    # The trend by month and the breakdowns, from the grouped rows of step 1.
    destination_labels = dict(DESTINATION_KINDS)
    trend = [
        {"label": month.strftime("%Y-%m"), **figures}
        for month, figures in _sum_by(current_rows, lambda row: row["month"], {})
    ]
    facility_names = dict(
        Facility.objects.filter(pk__in={row["facility"] for row in current_rows}).values_list("pk", "name")
    )
    liaison_names = {
        person.pk: person.get_full_name() or person.get_username()
        for person in get_user_model().objects.filter(pk__in={row["liaison"] for row in current_rows})
    }
    by_facility = [
        {"label": facility_names.get(pk, _("No care transition")), **figures}
        for pk, figures in _sum_by(current_rows, lambda row: row["facility"], facility_names)
    ]
    by_destination = [
        {"label": destination_labels.get(kind, _("No care transition")), **figures}
        for kind, figures in _sum_by(current_rows, lambda row: row["destination_kind"], destination_labels)
    ]
    by_liaison = [
        {"label": liaison_names.get(pk, _("No liaison")), **figures}
        for pk, figures in _sum_by(current_rows, lambda row: row["liaison"], liaison_names)
    ]

    nps_rows = [q for q in questions if q["type"] == definition.NPS]
    promoters = sum(q["promoters"] for q in nps_rows)
    detractors = sum(q["detractors"] for q in nps_rows)
    nps_total = sum(q["n"] for q in nps_rows)
    previous_nps_total = sum(q["previous_n"] for q in nps_rows)
    nps = _nps(promoters, detractors, nps_total)
    previous_nps = _nps(
        sum(q["previous_promoters"] for q in nps_rows),
        sum(q["previous_detractors"] for q in nps_rows),
        previous_nps_total,
    )
    rate = _percent(invitations["answered"], invitations["sent"])
    previous_rate = _percent(invitations["previous_answered"], invitations["previous_sent"])
    score = _rounded(totals["current_score"])
    previous_score = _rounded(totals["previous_score"]) if previous else None
    return {
        "period": period,
        "previous_period": previous,
        "responses": {
            "current": totals["current"],
            "previous": totals["previous"] if previous else None,
            "change": totals["current"] - totals["previous"] if previous else None,
        },
        "score": {"current": score, "previous": previous_score, "change": _change(score, previous_score)},
        "invitations": {
            "sent": invitations["sent"],
            "answered": invitations["answered"],
            "rate": rate,
            "previous_sent": invitations["previous_sent"] if previous else None,
            "previous_rate": previous_rate if previous else None,
            "rate_change": _change(rate, previous_rate) if previous else None,
        },
        "nps": {
            "current": nps,
            "previous": previous_nps if previous else None,
            "change": _change(nps, previous_nps) if previous else None,
            "promoters": promoters,
            "detractors": detractors,
            "passives": nps_total - promoters - detractors,
            "answers": nps_total,
        },
        "questions": questions,
        "trend": trend,
        "by_facility": by_facility,
        "by_destination": by_destination,
        "by_liaison": by_liaison,
        "packet": packet,
    }


SUMMED_FIGURES = ("n", "value_n", "value_sum", "score_sum", "top", "promoters", "detractors")
QUESTION_FIGURES = [
    f"{prefix}{name}"
    for prefix in ("", "previous_")
    for name in ("n", "mean", "mean_score", "top", "promoters", "detractors")
]


def _questions(versions: list[SurveyVersion], rows: dict[str, dict]) -> list[dict]:
    """The scored questions in the newest wording (site language first), each with its
    figures; questions no version scores are left out."""
    ordered = sorted(
        versions,
        key=lambda v: (v.survey.locale.language_code == settings.LANGUAGE_CODE, v.number),
        reverse=True,
    )
    seen: dict[str, dict] = {}
    for version in ordered:
        for step in version.steps:
            for question in step["questions"]:
                if question["type"] not in definition.SCORABLE_TYPES or not question.get("scored", True):
                    continue
                statements = {s["key"]: s["text"] for s in question.get("statements", [])}
                for key in definition.answer_keys(question):
                    if key in seen:
                        continue
                    seen[key] = {
                        "key": key,
                        "type": question["type"],
                        "text": statements.get(key) or question["text"],
                        "group": question["text"] if key in statements else "",
                    }
    result = []
    for key, question in seen.items():
        row = rows.get(key)
        if row is None:
            continue
        top_box = _percent(row["top"], row["n"])
        previous_top_box = _percent(row["previous_top"], row["previous_n"])
        mean = _rounded(row["mean"], 2)
        previous_mean = _rounded(row["previous_mean"], 2)
        result.append(
            {
                **question,
                "n": row["n"],
                "mean": mean,
                "mean_score": _rounded(row["mean_score"]),
                "top_box": top_box,
                "previous_n": row["previous_n"],
                "previous_mean": previous_mean,
                "previous_top_box": previous_top_box,
                "top_box_change": _change(top_box, previous_top_box),
                "promoters": row["promoters"],
                "detractors": row["detractors"],
                "previous_promoters": row["previous_promoters"],
                "previous_detractors": row["previous_detractors"],
            }
        )
    return result


def _flag(condition: Q) -> Case:
    """True where ``condition`` holds: which period a row belongs to, as a grouping column."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _mean_of(rows: list[dict]) -> float | None:
    scored = sum(row["scored"] for row in rows)
    return sum(row["score_sum"] or 0 for row in rows) / scored if scored else None


def _sum_by(rows: list[dict], key, labels: dict) -> list[tuple]:
    """Grouped rows added up by ``key``: responses and the mean transition score, sorted by
    label (or by the key itself when there are no labels), empty keys last."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    ordered = sorted(
        groups.items(),
        key=lambda item: (item[0] in ("", None), str(labels.get(item[0], item[0])).lower()),
    )
    return [
        (name, {"responses": sum(row["responses"] for row in members), "score": _rounded(_mean_of(members))})
        for name, members in ordered
    ]


def packet_split(rows: list[dict], questions: list[dict]) -> dict:
    """The split by education packet from its grouped daily figures ``rows``: for each group
    (no packet, sent or printed, opened online) the responses and transition score, and for
    each of the dashboard's ``questions`` the answers, mean and top box. A group or a cell
    with fewer than PACKET_MIN_GROUP responses or answers is marked ``too_small``."""
    labels = dict(PACKET_STATUSES)
    found = {(row["packet_status"], row["key"]): row for row in rows if row["packet_status"] in labels}
    groups = []
    for status, label in PACKET_STATUSES:
        row = found.get((status, ""))
        responses = row["n"] if row else 0
        groups.append(
            {
                "status": status,
                "label": label,
                "responses": responses,
                "score": _rounded(row["score_sum"] / row["score_n"]) if row and row["score_n"] else None,
                "too_small": responses < PACKET_MIN_GROUP,
            }
        )
    split_questions = []
    for question in questions:
        cells = []
        for status, label in PACKET_STATUSES:
            row = found.get((status, question["key"])) or {}
            answers = row.get("n") or 0
            cells.append(
                {
                    "status": status,
                    "label": label,
                    "n": answers,
                    "mean": _rounded(row["value_sum"] / row["value_n"], 2) if row.get("value_n") else None,
                    "top_box": _percent(row.get("top") or 0, answers),
                    "too_small": answers < PACKET_MIN_GROUP,
                }
            )
        split_questions.append(
            {
                "key": question["key"],
                "text": question["text"],
                "group": question["group"],
                "type": question["type"],
                "groups": cells,
            }
        )
    return {
        "responses": sum(group["responses"] for group in groups),
        "groups": groups,
        "questions": split_questions,
        "min_group": PACKET_MIN_GROUP,
    }


def chart_data(figures: dict) -> dict:
    """The figures the charts draw, as plain JSON (the same numbers as the tables)."""
    return {
        "trend": figures["trend"],
        "questions": [
            {"label": q["text"], "top_box": q["top_box"], "mean_score": q["mean_score"], "n": q["n"]}
            for q in figures["questions"]
        ],
        "by_facility": figures["by_facility"],
        "by_destination": figures["by_destination"],
        "by_liaison": [{**row, "label": str(row["label"])} for row in figures["by_liaison"]],
        "by_packet": [
            {
                "label": str(group["label"]),
                "responses": group["responses"],
                "score": group["score"],
                "too_small": group["too_small"],
            }
            for group in figures["packet"]["groups"]
        ],
    }


def packet_data(figures: dict) -> dict:
    """The split by education packet as plain JSON (for the figures endpoint)."""
    packet = figures["packet"]
    return {
        "min_group": packet["min_group"],
        "groups": [{**group, "label": str(group["label"])} for group in packet["groups"]],
        "questions": [
            {
                **question,
                "groups": [{**cell, "label": str(cell["label"])} for cell in question["groups"]],
            }
            for question in packet["questions"]
        ],
    }
