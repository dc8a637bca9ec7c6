import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from tests.factories import staff

pytestmark = pytest.mark.django_db


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def page_codenames(group_name: str) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group__name=group_name).values_list(
            "permission__codename", flat=True
        )
    )


def test_content_editors_write_pages_but_neither_publish_them_nor_see_responses():
    assert "wagtailadmin.access_admin" in codenames("Content editor")
    assert not {c for c in codenames("Content editor") if c.startswith("surveys.")}
    assert page_codenames("Content editor") == {"add_page", "change_page"}


def test_only_liaison_managers_publish_pages_as_the_clinical_reviewers():
    publishers = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
            "group__name", flat=True
        )
    )
    assert publishers & {"Liaison", "Liaison manager", "Content editor"} == {"Liaison manager"}


@pytest.mark.parametrize("role", ["Liaison manager", "Content editor"])
def test_editors_and_managers_translate_pages_with_wagtail_localize(role):
    assert "wagtail_localize.submit_translation" in codenames(role)


def test_liaisons_do_not_translate_as_that_also_translates_the_library_snippets():
    assert "wagtail_localize.submit_translation" not in codenames("Liaison")


def test_running_the_roles_again_takes_back_publishing_from_editors():
    from django.contrib.auth.models import Permission

    from portal.roles import roles_ensure

    editors = Group.objects.get(name="Content editor")
    root = GroupPagePermission.objects.filter(group=editors).first().page
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.create(group=editors, page=root, permission=publish)
    roles_ensure()
    assert "publish_page" not in page_codenames("Content editor")


def test_liaisons_review_and_export_their_own_facilities_and_submit_pages_for_review():
    perms = codenames("Liaison")
    assert "surveys.review_responses" in perms
    assert "surveys.export_responses" in perms  # their own facilities' responses only
    assert "surveys.review_all_facilities" not in perms
    assert not {"surveys.view_response", "feedback.change_followuprules"} & perms
    assert "publish_page" not in page_codenames("Liaison")


def test_managers_review_all_facilities_export_build_surveys_and_invite_staff():
    perms = codenames("Liaison manager")
    assert {
        "surveys.review_responses",
        "surveys.review_all_facilities",
        "surveys.export_responses",
        "surveys.manage_surveys",
        "auth.add_user",
    } <= perms


@pytest.mark.parametrize("role", ["Content editor", "Liaison manager"])
def test_editors_and_managers_keep_the_glossary_conditions_and_promoted_results(client, role):
    perms = codenames(role)
    for model in (
        "content.%s_condition",
        "content.%s_glossaryterm",
        "wagtailsearchpromotions.%s_searchpromotion",
    ):
        assert {model % action for action in ("add", "change", "delete")} <= perms
    client.force_login(staff(role))
    for url in (
        "/admin/snippets/content/glossaryterm/",
        "/admin/snippets/content/condition/",
        "/admin/searchpicks/",
    ):
        assert client.get(url).status_code == 200, url


def test_liaisons_cannot_change_the_library_snippets(client):
    assert not {c for c in codenames("Liaison") if c.startswith(("content.", "wagtailsearchpromotions."))}
    client.force_login(staff("Liaison"))
    assert client.get("/admin/searchpicks/").status_code in (302, 403)
