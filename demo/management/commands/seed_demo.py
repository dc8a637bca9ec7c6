"""Create the demo site: a home page and demo staff, idempotently."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from content.services import home_page_ensure
from demo.library_seed import library_seed
from demo.organization_seed import organization_seed
from demo.providers_seed import demo_choice_list_seed, demo_places_ensure, demo_providers_import
from demo.surveys_seed import demo_responses_seed, surveys_seed
from portal.roles import LIAISON
from portal.services import sites_follow_base_url

DEMO_PASSWORD = "transitions-demo-2026"  # noqa: S105 - printed for the demo, refused in production
DEMO_STAFF = [
    ("manager@example.org", "Morgan", "Manager", "Liaison manager"),
    ("liaison@example.org", "Lee", "Liaison", "Liaison"),
    ("liaison2@example.org", "Sam", "Santos", "Liaison"),
    ("editor@example.org", "Eden", "Editor", "Content editor"),
]


class Command(BaseCommand):
    help = "Seed demo content and demo staff accounts. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password for the demo staff.")

    def handle(self, *args, password: str, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo runs only with the demo settings (DEBUG on).")
        with transaction.atomic():
            home = home_page_ensure(
                title="Care after the hospital",
                intro=(
                    "Clear, trusted information for you and your family about your health "
                    "and your next place of care."
                ),
            )
            seed_staff(password)
            organization = organization_seed()
            sites_follow_base_url(organization_name=organization.name)
            owner = get_user_model().objects.get(username=DEMO_STAFF[0][0])
            library = library_seed(home=home, owner=owner)
            surveys = surveys_seed(home=home, user=owner, liaisons=demo_liaisons())
            packet_window_all_day()
            generated = demo_responses_seed()
            demo_places_ensure()
            providers = demo_providers_import()
            demo_choice_list_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo site ready: home page {home.title!r} and {len(library['pages'])} sample "
                "education pages (English and Spanish), to be reviewed by your clinicians."
            )
        )
        self.stdout.write(
            f"Demo survey: {surveys['move_page'].url} (and in Spanish), page feedback on every page."
        )
        self.stdout.write(
            f"Demo answers: {generated} made-up responses over the last 12 months, with their follow-ups."
            if generated
            else "Demo answers: the move survey has responses already; none were added."
        )
        self.stdout.write(
            f"Demo places of care: {providers} made-up providers around Baltimore, MD, in Medicare's "
            "file formats; search them at /en/care-options/ (try ZIP code 21201)."
        )
        self.stdout.write("Demo staff logins (sign in at /accounts/login/):")
        for email, _first, _last, role in DEMO_STAFF:
            self.stdout.write(f"  {role:<16} {email:<22} password: {password}")


def packet_window_all_day() -> None:
    """The demo sends education packets at any hour, so trying it in the evening works; a
    real organisation keeps the default 08:00–20:00 window (Settings → Education packets)."""
    import datetime as dt

    from packets.models import PacketSettings

    window = PacketSettings.load()
    if (window.send_from, window.send_until) == (dt.time(8), dt.time(20)):
        window.send_from, window.send_until = dt.time(0, 0), dt.time(23, 59)
        window.save()


def demo_liaisons() -> list:
    """The demo liaisons, in the order of DEMO_STAFF (which sets their hospitals)."""
    users = get_user_model().objects.in_bulk(
        [email for email, _first, _last, role in DEMO_STAFF if role == LIAISON], field_name="username"
    )
    return [users[email] for email, _first, _last, role in DEMO_STAFF if role == LIAISON]


def seed_staff(password: str) -> None:
    User = get_user_model()
    for email, first, last, role in DEMO_STAFF:
        user, _created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
