"""Idle logoff after 30 minutes and an absolute limit of 12 hours (frozen clock)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def signed_in_client(client, user, traveller):
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    return client


def test_request_after_31_idle_minutes_is_sent_back_to_login(client, manager):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, manager, traveller)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SESSION_KEY not in client.session


def test_activity_every_29_minutes_keeps_the_session_until_12_hours(client, manager):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_client(client, manager, traveller)
        for _ in range(24):  # 24 times 29 min = 11 h 36 min
            traveller.shift(dt.timedelta(minutes=29))
            assert client.get("/admin/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))  # 12 h 5 min since sign-in
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
