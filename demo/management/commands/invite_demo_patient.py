"""Try the survey as a patient would: a demo transition, its invitation sent now through the
normal sweep code, and the link printed."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from surveys.models import Invitation
from surveys.scheduling import rule_pages_for
from surveys.sending import invitations_sweep
from surveys.services import transition_save
from transitions.models import CareTransition, Facility


class Command(BaseCommand):
    help = "Create a demo care transition, email its survey invitation now, and print the link."

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default="en")
        parser.add_argument("--email", default="patient@example.org")
        parser.add_argument("--name", default="Alex")
        parser.add_argument("--destination", default="snf", help="snf, irf, home_health, hospice or ltach")

    def handle(self, *args, language, email, name, destination, **options):
        if not settings.DEBUG:
            raise CommandError("invite_demo_patient runs only with the demo settings (DEBUG on).")
        pages = rule_pages_for(destination_kind=destination)
        if not pages:
            raise CommandError(
                f"No live survey page invites people moving to {destination!r}. Run `manage.py seed_demo` "
                "or tick that destination under 'Email invitations' on a survey page."
            )
        hospital, _created = Facility.objects.get_or_create(
            name="Riverside General Hospital", defaults={"kind": "hospital"}
        )
        days = pages[0].send_after_days
        transition = transition_save(
            transition=CareTransition(
                external_reference=f"DEMO-{secrets.token_hex(4).upper()}",
                patient_first_name=name,
                email=email,
                language=language,
                discharging_facility=hospital,
                destination_kind=destination,
                transition_date=timezone.localdate() - dt.timedelta(days=days),
            )
        )
        invitations = list(Invitation.objects.filter(transition=transition, status=Invitation.SCHEDULED))
        if not invitations:
            raise CommandError("The invitation was not scheduled (is the address opted out?).")
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(due_at=timezone.now())
        result = invitations_sweep(
            invitation_ids=[i.pk for i in invitations], ignore_window=True, keep_links=True
        )
        if not result.sent:
            raise CommandError(f"Nothing was sent ({result}).")
        self.stdout.write(
            self.style.SUCCESS(f"Sent to {email} for transition {transition.external_reference}.")
        )
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"The email is in {settings.EMAIL_FILE_PATH}/ (newest file).")
        for link in result.links.values():
            self.stdout.write(f"Survey link: {link}")
