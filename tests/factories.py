import factory
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory

STAFF_PASSWORD = "correct-horse-battery-staple-42"


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff account with a verified email address, in the given role (group)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = "Sam"
    last_name = "Staff"
    password = factory.PostGenerationMethodCall("set_password", STAFF_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        self.save()
        EmailAddress.objects.get_or_create(user=self, email=self.email, verified=True, primary=True)
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))


def activate_totp(user) -> str:
    """Give ``user`` an authenticator app; returns the TOTP secret it holds."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def staff(role: str, **fields):
    """A staff account in ``role`` that has set up its authenticator app; the secret is kept
    on ``user.totp_secret`` for tests that sign in with a code."""
    user = StaffUserFactory(role=role, **fields)
    user.totp_secret = activate_totp(user)
    return user


def second_factor_record(client, user) -> None:
    """Record in ``client``'s session that ``user`` entered their authenticator's code, as
    allauth's sign-in does: two-step verification is bound to the session (portal.two_step),
    so a ``force_login`` alone is signed out again at the first staff page."""
    device = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if device is None:
        return
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "mfa", id=device.pk, type=device.type)
    request.session.save()
