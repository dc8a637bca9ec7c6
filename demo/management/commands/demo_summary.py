"""The short block `make run` ends its set-up with: where the demo is, who can sign in, and
how to send yourself a survey invitation. Everything else the set-up printed is in a log."""

from django.core.management.base import BaseCommand

from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_STAFF


class Command(BaseCommand):
    help = "Print where the demo runs, its staff logins and how to send a demo invitation."

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="The address the demo is served on.")
        parser.add_argument("--invite", default="make invite", help="The command that sends an invitation.")
        parser.add_argument("--log", default="", help="Where the set-up output was written.")

    def handle(self, *args, url: str, invite: str, log: str, **options):
        base = url.rstrip("/")
        rule = "-" * 78
        lines = [
            rule,
            f"  Demo: {base}/   (Spanish: {base}/es/)",
            f"  Staff sign-in: {base}/accounts/login/   password for all: {DEMO_PASSWORD}",
            *(f"    {role:<17}{email}" for email, _first, _last, role in DEMO_STAFF),
            f"  Send yourself a survey invitation: {invite}   (emails are written to var/mail/)",
            "  Ctrl-C stops the web server, worker and beat." + (f" Set-up output: {log}" if log else ""),
            rule,
        ]
        self.stdout.write("\n".join(lines))
