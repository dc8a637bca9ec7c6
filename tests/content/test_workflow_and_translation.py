"""Clinical review workflow and wagtail-localize translation of education pages."""

import pytest
from wagtail.models import Locale

from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_education_pages_go_through_clinical_review_signed_off_by_managers(library):
    page = library["copd"]
    workflow = page.get_workflow()
    assert workflow.name == "Clinical review"
    task = workflow.tasks.first().specific
    assert [group.name for group in task.groups.all()] == ["Liaison manager"]

    liaison = StaffUserFactory(role="Liaison")
    state = workflow.start(page, liaison)
    assert state.status == "in_progress"
    manager = StaffUserFactory(role="Liaison manager")
    assert {name for name, *_rest in task.get_actions(page, manager)} >= {"approve", "reject"}
    assert task.get_actions(page, liaison) == []


def test_only_managers_the_clinical_reviewers_publish(library):
    liaison = StaffUserFactory(role="Liaison")
    editor = StaffUserFactory(role="Content editor")
    manager = StaffUserFactory(role="Liaison manager")
    page = library["copd"]
    for writer in (liaison, editor):
        assert not page.permissions_for_user(writer).can_publish()
        assert page.permissions_for_user(writer).can_edit()
    assert page.permissions_for_user(manager).can_publish()


def test_wagtail_localize_makes_a_spanish_draft_that_keeps_its_english_source(library):
    from wagtail_localize.models import Translation, TranslationSource

    spanish = Locale.objects.get(language_code="es")
    source, _created = TranslationSource.get_or_create_from_instance(library["copd"])
    translation = Translation.objects.create(source=source, target_locale=spanish)
    translation.save_target(publish=False)

    draft = library["copd"].get_translation(spanish)
    assert draft.translation_key == library["copd"].translation_key
    assert Translation.objects.get(target_locale=spanish, source=source).get_target_instance() == draft
