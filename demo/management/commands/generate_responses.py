"""Fill a database with made-up answers to the care-move survey, for benchmarks and for
trying the review area with a realistic amount of data."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from content.services import home_page_ensure, locale_ensure, page_translation_publish
from demo.library_seed import HOME_ES
from demo.management.commands.seed_demo import DEMO_STAFF
from demo.responses import responses_generate
from demo.surveys_seed import surveys_seed
from feedback.models import FollowUp
from portal.roles import LIAISON
from surveys.models import Answer, Invitation, Response
from transitions.models import CareTransition


class Command(BaseCommand):
    help = (
        "Generate made-up care transitions, invitations and responses to the care-move survey "
        "(creating the demo surveys, facilities and liaisons first if missing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, required=True, help="How many responses to add.")
        parser.add_argument("--months", type=int, default=12, help="Spread them over this many months.")
        parser.add_argument("--seed", type=int, default=7, help="The same seed gives the same answers.")
        parser.add_argument("--batch", type=int, default=5000, help="Rows per insert.")

    def handle(self, *args, responses: int, months: int, seed: int, batch: int, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("generate_responses writes made-up patients; it does not run in production.")
        if responses < 1 or months < 1 or batch < 1:
            raise CommandError("--responses, --months and --batch must be at least 1.")
        started = time.perf_counter()
        demo_surveys_ensure()
        prepared = time.perf_counter()
        responses_generate(count=responses, seed=seed, months=months, batch=batch)
        elapsed = time.perf_counter() - prepared
        counts = {
            "transitions": CareTransition.objects.count(),
            "invitations": Invitation.objects.count(),
            "responses": Response.objects.count(),
            "answers": Answer.objects.count(),
            "follow-ups": FollowUp.objects.count(),
        }
        self.stdout.write(
            self.style.SUCCESS(f"Added {responses} responses in {elapsed:.1f} s")
            + f" (set-up {prepared - started:.1f} s). Now in the database: "
            + ", ".join(f"{count} {name}" for name, count in counts.items())
            + "."
        )


def demo_surveys_ensure() -> None:
    """What the generator needs, as the demo seed makes it: the home page in English and
    Spanish, the demo surveys and their pages, the facilities and the demo liaisons (who
    cannot sign in unless seed_demo gave them a password)."""
    call_command("createcachetable", verbosity=0)  # publishing pages clears the caches
    with transaction.atomic():
        home = home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")
        if home.get_translation_or_none(locale_ensure(language_code="es")) is None:
            page_translation_publish(page=home, language_code="es", slug="inicio", fields=HOME_ES, body=None)
        surveys_seed(home=home, liaisons=_demo_liaisons_ensure())


def _demo_liaisons_ensure() -> list:
    User = get_user_model()
    group = Group.objects.get(name=LIAISON)
    liaisons = []
    for email, first, last, role in DEMO_STAFF:
        if role != LIAISON:
            continue
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
        liaisons.append(user)
    return liaisons
