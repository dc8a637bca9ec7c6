import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
