"""The stress run's data, made and counted through the project's own code, with the
production settings of the run (its private PostgreSQL and Redis) plus the demo app whose
library, surveys and staff it seeds (stress/settings.py).

    python stress/dataset.py seed --out FILE --pool N --batch M
    python stress/dataset.py due --ids FILE
    python stress/dataset.py responses --ids FILE --out FILE
    python stress/dataset.py followups --since T --until T --back T --wait S --ids FILE --out FILE
    python stress/dataset.py deliveries --ids FILE --out FILE

Times are Unix seconds. Every command writes JSON; stress/run.py reads it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stress.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

SEARCH_TERMS = {
    "en": ["heart", "heart failure", "COPD", "breathing", "stroke", "diabetes", "blood sugar", "hospice",
           "rehab", "home health", "skilled nursing", "medicine", "knee", "hip", "walker", "swelling",
           "salt", "weight", "oxygen", "falls", "care plan", "nurse", "insulin", "exercise"],
    "es": ["corazón", "insuficiencia cardíaca", "diabetes", "azúcar", "derrame", "hospicio", "oxígeno",
           "medicamento", "rodilla", "cadera", "enfermera", "caídas", "rehabilitación", "sal"],
}  # fmt: skip


def _write(path: str, value) -> None:
    Path(path).write_text(json.dumps(value))


def _read(path: str):
    return json.loads(Path(path).read_text())


def seed(*, out: str, pool: int, batch: int) -> None:
    """The demo site (without the demo's made-up responses), then ``pool`` care transitions
    whose invitations are not yet due, each with a link token for the load client, and
    ``batch`` more whose invitations ``due`` makes due for the worker-kill run."""
    from content.services import home_page_ensure
    from demo.library_seed import library_seed
    from demo.management.commands.seed_demo import demo_liaisons, packet_window_all_day, seed_staff
    from demo.surveys_seed import surveys_seed

    started = time.monotonic()
    with transaction.atomic():
        home = home_page_ensure(
            title="Care after the hospital",
            intro="Clear, trusted information for you and your family about your health.",
        )
        seed_staff(secrets.token_urlsafe(24))
        from django.contrib.auth import get_user_model

        owner = get_user_model().objects.get(username="manager@example.org")
        library_seed(home=home, owner=owner)
        found = surveys_seed(home=home, user=owner, liaisons=demo_liaisons())
        packet_window_all_day()
    seeded = time.monotonic() - started

    move_page = found["move_page"]
    pool_rows = _transitions(count=pool, prefix="STRESS-L")
    batch_rows = _transitions(count=batch, prefix="STRESS-W")
    pages = [
        {"url": page.url, "language": page.locale.language_code, "type": page.specific_class.__name__}
        for page in Page.objects.live().public().filter(depth__gte=2).specific()
        if page.specific_class.__name__ not in ("SurveyPage",) and page.url
    ]
    _write(
        out,
        {
            "seconds": {"seed": round(seeded, 1), "total": round(time.monotonic() - started, 1)},
            "pages": pages,
            "search": {
                language: [_search_path(language), *words] for language, words in SEARCH_TERMS.items()
            },
            "survey_url": move_page.url,
            "pool": pool_rows,
            "batch": [row["invitation"] for row in batch_rows],
        },
    )


def _search_path(language: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse("search")


def _transitions(*, count: int, prefix: str) -> list[dict]:
    """``count`` care transitions moved today (their invitations fall due in a few days),
    each with a link token issued as the emails would carry it."""
    from surveys.models import Invitation
    from surveys.scheduling import rule_pages, transition_schedule
    from surveys.services import invitation_token_issue
    from transitions.models import CareTransition, Facility

    pages = rule_pages()
    hospital = Facility.objects.get(name="Riverside General Hospital")
    liaison = hospital.liaisons.first()
    destinations = ["snf", "irf", "home_health", "hospice", "ltach"]
    rows = []
    # One transaction for the lot: a commit per transition took most of the time.
    with transaction.atomic():
        for number in range(count):
            language = "es" if number % 3 == 2 else "en"
            transition = CareTransition(
                external_reference=f"{prefix}-{number:05d}",
                patient_first_name="Alex",
                email=f"{prefix.lower()}-{number}@example.org",
                language=language,
                discharging_facility=hospital,
                destination_kind=destinations[number % len(destinations)],
                transition_date=timezone.localdate(),
                liaison=liaison,
            )
            transition.full_clean()
            transition.save()
            invitation = transition_schedule(transition=transition, pages=pages)[0]
            if invitation.status != Invitation.SCHEDULED:
                raise SystemExit(f"stress: invitation {invitation.pk} is {invitation.status}, not scheduled")
            token = invitation_token_issue(invitation=invitation)
            rows.append({"invitation": invitation.pk, "token": token, "language": language})
    return rows


def due(*, ids: str) -> None:
    """Make these invitations due now (the window of the demo's survey page is all day)."""
    from surveys.models import Invitation

    Invitation.objects.filter(pk__in=_read(ids)).update(due_at=timezone.now())


def responses(*, ids: str, out: str) -> None:
    """How many responses each of these invitations has (only those with any)."""
    from surveys.models import Response

    counts = (
        Response.objects.filter(invitation_id__in=_read(ids)).values("invitation_id").annotate(n=Count("id"))
    )
    _write(out, {str(row["invitation_id"]): row["n"] for row in counts})


def followups(*, since: float, until: float, back: float, wait: float, ids: str, out: str) -> None:
    """Of the responses to these invitations, which call for follow-ups by the rules in
    force, and whether each has them, waiting up to ``wait`` seconds after ``back`` (the
    broker's return); the ones submitted between ``since`` and ``until`` (the outage, when
    their follow-up task could not be queued) are counted apart."""
    from feedback.followups import followup_reasons
    from feedback.models import FollowUpReason, FollowUpRules
    from surveys.models import Response

    window = (
        dt.datetime.fromtimestamp(since, tz=dt.UTC),
        dt.datetime.fromtimestamp(until, tz=dt.UTC),
    )
    made = list(
        Response.objects.filter(invitation_id__in=_read(ids))
        .select_related("version")
        .prefetch_related("answers")
    )
    during = {response.pk for response in made if window[0] <= response.submitted_at <= window[1]}
    rules = FollowUpRules.load()
    expected = {
        response.pk: {reason.kind for reason in followup_reasons(response=response, rules=rules)}
        for response in made
    }
    expected = {pk: kinds for pk, kinds in expected.items() if kinds}
    seen_after: dict[int, float] = {}
    while True:
        opened: dict[int, set] = {}
        for response_id, kind in FollowUpReason.objects.filter(
            followup__response_id__in=expected
        ).values_list("followup__response_id", "kind"):
            opened.setdefault(response_id, set()).add(kind)
        now = time.time()
        for pk, kinds in expected.items():
            if pk not in seen_after and kinds <= opened.get(pk, set()):
                seen_after[pk] = round(now - back, 1)
        if len(seen_after) == len(expected) or now - back >= wait:
            break
        time.sleep(1)
    due_during = [pk for pk in expected if pk in during]
    _write(
        out,
        {
            "during_outage": {
                "responses": len(during),
                "due": len(due_during),
                "opened": sum(1 for pk in due_during if pk in seen_after),
                "slowest_s": max((seen_after[pk] for pk in due_during if pk in seen_after), default=0),
            },
            "whole_run": {"responses": len(made), "due": len(expected), "opened": len(seen_after)},
        },
    )


def deliveries(*, ids: str, out: str) -> None:
    """Each invitation's messages as the database recorded them: {id: {state: n}}."""
    from surveys.models import InvitationMessage

    states: dict[str, dict[str, int]] = {}
    rows = (
        InvitationMessage.objects.filter(invitation_id__in=_read(ids))
        .values("invitation_id", "state")
        .annotate(n=Count("id"))
    )
    for row in rows:
        states.setdefault(str(row["invitation_id"]), {})[row["state"]] = row["n"]
    _write(out, states)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("seed")
    command.add_argument("--out", required=True)
    command.add_argument("--pool", type=int, required=True)
    command.add_argument("--batch", type=int, required=True)
    command = commands.add_parser("due")
    command.add_argument("--ids", required=True)
    for name in ("responses", "deliveries"):
        command = commands.add_parser(name)
        command.add_argument("--ids", required=True)
        command.add_argument("--out", required=True)
    command = commands.add_parser("followups")
    for option in ("--since", "--until", "--back", "--wait"):
        command.add_argument(option, type=float, required=True)
    command.add_argument("--ids", required=True)
    command.add_argument("--out", required=True)
    arguments = vars(parser.parse_args())
    handler = {
        "seed": seed,
        "due": due,
        "responses": responses,
        "followups": followups,
        "deliveries": deliveries,
    }[arguments.pop("command")]
    handler(**arguments)


if __name__ == "__main__":
    main()
