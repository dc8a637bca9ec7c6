"""Every email's headers read cleanly with Python's RFC 5322 parser, on the bytes Django would
send: a long Spanish subject comes back exactly as written (no leading space from a fold right
after "Subject:"), and Date names the portal's real offset, never -0000 ("offset unknown")."""

import datetime as dt
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from allauth.core import context as allauth_context
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.utils import translation

from portal import outbox
from portal.adapters import StaffAccountAdapter
from portal.patient_email import patient_email

SUBJECT = "Cuéntenos cómo le fue en su traslado al centro de enfermería especializada"


def parsed(message) -> object:
    raw = message.message().as_bytes(linesep="\r\n")
    return raw, message_from_bytes(raw, policy=policy.default)


def assert_clean_date(headers) -> None:
    sent = headers["Date"].datetime
    assert "-0000" not in str(headers["Date"])
    assert sent.utcoffset() == sent.astimezone(ZoneInfo(settings.TIME_ZONE)).utcoffset()


def test_a_long_spanish_subject_to_a_patient_parses_back_exactly_as_written():
    email = patient_email(
        rendered=(SUBJECT, "Hola\n", "<p>Hola</p>", "Portal <portal@example.org>"),
        name="Rosa",
        link="https://portal.example/s/x",
        stop="https://portal.example/stop/x",
        to="rosa@example.org",
        message_id="<1@portal.example>",
    )
    raw, headers = parsed(email)
    assert headers["Subject"] == SUBJECT
    assert b"\r\nSubject: =?utf-8?" in raw  # the first encoded word on the header's own line
    assert max(len(line) for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")) <= 78
    assert_clean_date(headers)


@pytest.mark.django_db
def test_a_staff_notice_from_the_outbox_has_a_clean_subject_and_a_real_offset():
    outbox.message_add(kind="followup", to=["liaison@example.org"], subject=SUBJECT, body="Hola\n")
    assert outbox.messages_sweep().sent == 1
    _raw, headers = parsed(mail.outbox[-1])
    assert headers["Subject"] == SUBJECT
    assert_clean_date(headers)


@pytest.mark.django_db
def test_a_staff_account_email_in_spanish_has_a_clean_subject():
    request = RequestFactory().get("/accounts/password/reset/")
    with allauth_context.request_context(request), translation.override("es"):
        email = StaffAccountAdapter(request).render_mail(
            "account/email/password_reset_key",
            "liaison@example.org",
            {"password_reset_url": "https://portal.example/r/x", "current_site": None, "user": None},
        )
    email.subject = SUBJECT  # the longest kind of subject the portal writes
    _raw, headers = parsed(email)
    assert headers["Subject"] == SUBJECT
    assert_clean_date(headers)


def test_the_date_header_is_the_portal_time_with_its_offset():
    assert settings.EMAIL_USE_LOCALTIME is True
    email = mail.EmailMessage(subject="Hello", body="Hi", from_email="a@example.org", to=["b@example.org"])
    _raw, headers = parsed(email)
    now = dt.datetime.now(ZoneInfo(settings.TIME_ZONE))
    assert abs(headers["Date"].datetime - now) < dt.timedelta(minutes=1)
    assert_clean_date(headers)
