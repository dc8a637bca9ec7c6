"""A burst of 50 worrying answers submitted at once, each through the submit service with its
follow-up task run on commit, a second run of the rules and catch-up sweeps beside them:
one case per response, each with an active owner, one email per case."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from feedback.followups import FOLLOWUP_NOTICE, followups_catch_up, followups_open
from feedback.models import FollowUp
from portal.models import OutboxMessage
from surveys.models import Response, SurveyDraft
from surveys.services import response_submit, survey_page_ensure
from tests.factories import staff
from tests.surveys.factories import POOR, three_step_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]

BURST = 50


def test_a_burst_of_bad_answers_opens_one_owned_case_and_one_email_each(migrated_data):
    from content.services import home_page_ensure
    from surveys.services import survey_create_from_snapshot

    managers = [staff("Liaison manager", first_name=name) for name in ("Max", "Mia")]
    home = home_page_ensure(title="Home", intro="")
    survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home.locale)
    page = survey_page_ensure(parent=home, slug="burst", title="Burst", survey=survey, access="public")
    drafts = [
        SurveyDraft.objects.create(
            version=survey.current_version, data={}, expires_at=timezone.now() + dt.timedelta(days=1)
        )
        for _ in range(BURST)
    ]
    barrier = threading.Barrier(BURST)
    errors = []

    def submit(draft, number):
        try:
            barrier.wait()
            response, _created = response_submit(draft=draft, answers=POOR, page=page, language="en")
            followups_open(response_id=response.pk)  # the task run twice
            if number % 10 == 0:
                followups_catch_up(now=timezone.now() + dt.timedelta(hours=1))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(draft, n)) for n, draft in enumerate(drafts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Response.objects.count() == BURST
    assert FollowUp.objects.count() == BURST
    assert set(FollowUp.objects.values_list("response", flat=True)) == set(
        Response.objects.values_list("pk", flat=True)
    )
    assert not FollowUp.objects.filter(assigned_to__is_active=False).exists()
    assert set(FollowUp.objects.values_list("assigned_to", flat=True)) == {manager.pk for manager in managers}
    assert not Response.objects.filter(followups_checked_at__isnull=True).exists()
    notices = OutboxMessage.objects.filter(kind=FOLLOWUP_NOTICE)
    assert notices.count() == BURST
    assert FollowUp.objects.filter(notified_at__isnull=True).count() == 0
