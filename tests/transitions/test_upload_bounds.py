"""The transitions CSV is read only within documented bounds: a file with too many columns
or too large gets a clear error on its form field, quickly, and never a server error
(transitions.csv_import.MAX_COLUMNS)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import StaffUserFactory, activate_totp
from transitions import csv_import as service
from transitions.models import CareTransition

pytestmark = pytest.mark.django_db

# A refusal must not hold a worker: generous for a loaded test machine, far below what
# these files cost before they were bounded (seconds, then a server error).
QUICK_SECONDS = 2.0


@pytest.fixture
def liaison(db):
    user = StaffUserFactory(role="Liaison manager")
    activate_totp(user)
    return user


def post_csv(client, user, content: bytes):
    client.force_login(user)
    upload = SimpleUploadedFile("discharges.csv", content, content_type="text/csv")
    started = time.perf_counter()
    response = client.post(reverse("transition_import:upload"), {"file": upload})
    return response, time.perf_counter() - started


HEADER = ",".join(service.COLUMNS).encode()


@pytest.mark.parametrize(
    "content, says",
    [
        pytest.param(
            HEADER + b"," * (5 * 1024 * 1024 - len(HEADER) - 100) + b"\nA,b\n",
            "Row 1 has more than 200 columns",
            id="header-of-5-million-cells",
        ),
        pytest.param(
            HEADER + b"\nENC-1" + b"," * 300 + b"\n", "Row 2 has more than 200 columns", id="row-of-300-cells"
        ),
        pytest.param(HEADER + b"\n" + b"ENC-1,Ana\n" * 600_000, "too large", id="over-5-MB"),
    ],
)
def test_a_transitions_csv_beyond_the_bounds_is_refused_on_its_field_quickly(client, liaison, content, says):
    response, seconds = post_csv(client, liaison, content)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert says in " ".join(errors["file"])
    assert seconds < QUICK_SECONDS
    assert not CareTransition.objects.exists()
