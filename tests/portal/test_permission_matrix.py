"""Least privilege, as a table: every role × every admin URL the resolver knows.

Each admin URL pattern (Wagtail's admin with its generic views, choosers, reports and
settings; the portal's own admin views; the Django admin) is asked for with GET by one
client per role, its parameters filled with real records of facility A (North). What each
role gets is written in EXPECTED, one outcome per role in the order of ROLES:

    200, 403, 404, 405  the status code
    L                   a redirect to a sign-in page
    H                   a redirect to the admin home (Wagtail's "no permission" answer)
    R                   any other redirect (the view's own next step)
    X                   200, or the view's own 500 once past its permission check (below)

A URL pattern missing from EXPECTED fails the test, so a new admin view gets an entry (and a
decision) before it ships. Two rules hold whatever the table says: anonymous visitors are
sent to sign in for every protected address, and the liaison of facility B never reaches a
record of facility A. Deletes and bulk actions are asked with GET, which shows their
confirmation page and changes nothing (a bulk action's page lists the records the user may
not act on; the POST checks each record).

A new URL: run with PERMISSION_MATRIX_DUMP=/tmp/matrix to write what each role got to
/tmp/matrix.<role>, decide whether that is right, and write the row.
"""

from __future__ import annotations

import os

import pytest

from tests.factories import StaffUserFactory, activate_totp
from tests.feedback.factories import cast  # noqa: F401 - fixture
from tests.portal.permission_matrix import ROLES, admin_cases, admin_routes, world_build
from tests.surveys.conftest import snapshot, survey  # noqa: F401 - fixtures

LOGIN_PATHS = ("/admin/login/", "/accounts/login/", "/django-admin/login/")
# Addresses that need no sign-in (Wagtail's own password reset is switched off: 404).
PUBLIC = {
    "wagtailadmin_sprite",
    "wagtailadmin_login",
    "wagtailadmin_javascript_catalog",
    "admin:logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}


def sign_in(client, user) -> None:
    """Signs ``user`` in the way the rest of the suite does (a finished staff sign-in,
    second factor included)."""
    client.force_login(user)


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(LOGIN_PATHS):
            return "L"
        if location.split("?")[0] in ("/admin/", "/django-admin/"):
            return "H"
        return "R"
    return str(response.status_code)


def matches(expected: str, got: str) -> bool:
    # X: the view is reached and fails on its own (a 500), or answers; see the table's note.
    return got in ("200", "500") if expected == "X" else got == expected


# Addresses that show or change one record of facility A (North).
FACILITY_A_RECORDS = {
    *(
        f"caretransition:{view}"
        for view in ("edit", "delete", "history", "history_results", "usage", "inspect")
    ),
    *(f"facility:{view}" for view in ("edit", "delete", "history", "history_results", "usage")),
    "review:response",
    "review:followup",
    "review:followup_reassign",
    "invitation_log:transition",
    "packets_admin:packet",
    "packets_admin:withdraw",
}

# Roles:        anonymous editor liaison_a liaison_b manager superuser
# Note on X: previewing a revision of an education page fails for everyone but the first
# to render it (content.selectors.related_pages calls .live() on the revision's in-memory
# relation); the permission check before it is what this table is about.
EXPECTED: dict[str, str] = {
    "admin/login/": "L L L L L L",
    "django-admin/login/": "L L L L L L",
    "admin:index": "L 403 403 403 403 200",
    "admin:login": "L L L L L L",
    "admin:password_change": "L 403 403 403 403 200",
    "admin:password_change_done": "L 403 403 403 403 200",
    "admin:autocomplete": "L 403 403 403 403 403",
    "admin:jsi18n": "L 403 403 403 403 200",
    "admin:view_on_site": "L 403 403 403 403 404",
    "admin:wagtaildocs_document_changelist": "L 403 403 403 403 200",
    "admin:wagtaildocs_document_add": "L 403 403 403 403 200",
    "admin:wagtaildocs_document_history": "L 403 403 403 403 200",
    "admin:wagtaildocs_document_delete": "L 403 403 403 403 200",
    "admin:wagtaildocs_document_change": "L 403 403 403 403 200",
    "django-admin/wagtaildocs/document/<path:object_id>/": "L 403 403 403 403 R",
    "admin:wagtailimages_image_changelist": "L 403 403 403 403 200",
    "admin:wagtailimages_image_add": "L 403 403 403 403 200",
    "admin:wagtailimages_image_history": "L 403 403 403 403 200",
    "admin:wagtailimages_image_delete": "L 403 403 403 403 200",
    "admin:wagtailimages_image_change": "L 403 403 403 403 200",
    "django-admin/wagtailimages/image/<path:object_id>/": "L 403 403 403 403 R",
    "admin:taggit_tag_merge_tags": "L 403 403 403 403 200",
    "admin:taggit_tag_changelist": "L 403 403 403 403 200",
    "admin:taggit_tag_add": "L 403 403 403 403 200",
    "admin:taggit_tag_history": "L 403 403 403 403 H",
    "admin:taggit_tag_delete": "L 403 403 403 403 H",
    "admin:taggit_tag_change": "L 403 403 403 403 H",
    "django-admin/taggit/tag/<path:object_id>/": "L 403 403 403 403 R",
    "admin:account_emailaddress_changelist": "L 403 403 403 403 200",
    "admin:account_emailaddress_add": "L 403 403 403 403 200",
    "admin:account_emailaddress_history": "L 403 403 403 403 200",
    "admin:account_emailaddress_delete": "L 403 403 403 403 200",
    "admin:account_emailaddress_change": "L 403 403 403 403 200",
    "django-admin/account/emailaddress/<path:object_id>/": "L 403 403 403 403 R",
    "admin:mfa_authenticator_changelist": "L 403 403 403 403 200",
    "admin:mfa_authenticator_add": "L 403 403 403 403 200",
    "admin:mfa_authenticator_history": "L 403 403 403 403 200",
    "admin:mfa_authenticator_delete": "L 403 403 403 403 200",
    "admin:mfa_authenticator_change": "L 403 403 403 403 200",
    "django-admin/mfa/authenticator/<path:object_id>/": "L 403 403 403 403 R",
    "admin:auth_group_changelist": "L 403 403 403 403 200",
    "admin:auth_group_add": "L 403 403 403 403 200",
    "admin:auth_group_history": "L 403 403 403 403 200",
    "admin:auth_group_delete": "L 403 403 403 403 200",
    "admin:auth_group_change": "L 403 403 403 403 200",
    "django-admin/auth/group/<path:object_id>/": "L 403 403 403 403 R",
    "admin:auth_user_password_change": "L 403 403 403 403 200",
    "admin:auth_user_changelist": "L 403 403 403 403 200",
    "admin:auth_user_add": "L 403 403 403 403 200",
    "admin:auth_user_history": "L 403 403 403 403 200",
    "admin:auth_user_delete": "L 403 403 403 403 200",
    "admin:auth_user_change": "L 403 403 403 403 200",
    "django-admin/auth/user/<path:object_id>/": "L 403 403 403 403 R",
    "admin:sites_site_changelist": "L 403 403 403 403 200",
    "admin:sites_site_add": "L 403 403 403 403 200",
    "admin:sites_site_history": "L 403 403 403 403 200",
    "admin:sites_site_delete": "L 403 403 403 403 200",
    "admin:sites_site_change": "L 403 403 403 403 200",
    "django-admin/sites/site/<path:object_id>/": "L 403 403 403 403 R",
    "admin:app_list": "L 403 403 403 403 404",
    "django-admin/(?P<url>.*)$": "L 403 403 403 403 200",
    "admin/reports/site-history/": "L 200 200 200 200 200",  # portal.audit_log: scoped (finding 3)
    "admin/reports/site-history/results/": "L 200 200 200 200 200",  # portal.audit_log: scoped (finding 3)
    "wagtailadmin_home": "L 200 200 200 200 200",
    "admin/test404/": "L 200 200 200 200 200",
    "wagtailadmin_api:pages:listing": "L 200 200 200 200 200",
    "wagtailadmin_api:pages:detail": "L 200 200 200 200 200",
    "wagtailadmin_api:pages:find": "L 404 404 404 404 404",
    "wagtailadmin_api:pages:action": "L 405 405 405 405 405",
    "wagtailadmin_api:documents:listing": "L 200 200 200 200 200",
    "wagtailadmin_api:documents:detail": "L 200 200 200 200 200",
    "wagtailadmin_api:documents:find": "L 404 404 404 404 404",
    "wagtailadmin_api:images:listing": "L 200 200 200 200 200",
    "wagtailadmin_api:images:detail": "L 200 200 200 200 200",
    "wagtailadmin_api:images:find": "L 404 404 404 404 404",
    "wagtailadmin_error_test": "L 500 500 500 500 500",  # Wagtail's own deliberate error page
    "wagtailadmin_explore_root": "L 200 200 200 200 200",
    "wagtailadmin_explore": "L 200 200 200 200 200",
    "wagtailadmin_explore_results": "L 200 200 200 200 200",
    "wagtail_bulk_action auth.user assign_role": "L H H H 200 200",
    "wagtail_bulk_action auth.user delete": "L H H H 200 200",
    "wagtail_bulk_action auth.user set_active_state": "L H H H 200 200",
    "wagtail_bulk_action content.condition delete": "L 200 200 200 200 200",
    "wagtail_bulk_action content.glossaryterm delete": "L 200 200 200 200 200",
    "wagtail_bulk_action surveys.survey delete": "L 200 200 200 200 200",
    "wagtail_bulk_action portal.staffprofile delete": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtailcore.page delete": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtailcore.page move": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtailcore.page publish": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtailcore.page unpublish": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtaildocs.document add_tags": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtaildocs.document add_to_collection": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtaildocs.document delete": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtailimages.image add_tags": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtailimages.image add_to_collection": "L 200 200 200 200 200",
    "wagtail_bulk_action wagtailimages.image delete": "L 200 200 200 200 200",
    "wagtailadmin_pages:add": "L H H H 200 200",  # a survey page: only the survey permission (finding 10)
    "wagtailadmin_pages:preview_on_add": "L 200 200 200 200 200",
    "wagtailadmin_pages:type_use": "L 200 200 200 200 200",
    "wagtailadmin_pages:choose_parent": "L R R R R R",
    "wagtailadmin_pages:type_use_results": "L 200 200 200 200 200",
    "wagtailadmin_pages:usage": "L 200 200 200 200 200",
    "wagtailadmin_pages:edit": "L 200 200 200 200 200",
    "wagtailadmin_pages:preview_on_edit": "L 200 200 200 200 200",
    "wagtailadmin_pages:view_draft": "L 200 200 200 200 200",
    "wagtailadmin_pages:add_subpage": "L R R R R R",
    "wagtailadmin_pages:delete": "L H H H 200 200",  # a live page: only clinical reviewers
    "wagtailadmin_pages:unpublish": "L H H H 200 200",
    "wagtailadmin_pages:convert_alias": "L 404 404 404 404 404",
    "wagtailadmin_pages:search": "L 200 200 200 200 200",
    "wagtailadmin_pages:search_results": "L 200 200 200 200 200",
    "wagtailadmin_pages:move": "L H H H 200 200",
    "wagtailadmin_pages:move_confirm": "L 200 200 200 200 200",
    "wagtailadmin_pages:set_page_position": "L 405 405 405 405 405",
    "wagtailadmin_pages:copy": "L 200 200 200 200 200",
    "wagtailadmin_pages:workflow_action": "L H H H 200 200",
    "wagtailadmin_pages:collect_workflow_action_data": "L H H H 200 200",
    "wagtailadmin_pages:confirm_workflow_cancellation": "L 200 200 200 200 200",
    "wagtailadmin_pages:workflow_preview": "L H H H X X",  # X: see the note above
    "wagtailadmin_pages:set_privacy": "L H H H 200 200",
    "wagtailadmin_pages:lock": "L 405 405 405 405 405",
    "wagtailadmin_pages:unlock": "L 405 405 405 405 405",
    "wagtailadmin_pages:revisions_index": "L R R R R R",
    "wagtailadmin_pages:revisions_view": "L X X X X X",  # X: see the note above
    "wagtailadmin_pages:revisions_revert": "L 200 200 200 200 200",
    "wagtailadmin_pages:revisions_unschedule": "L H H H 200 200",
    "wagtailadmin_pages:revisions_compare": "L 200 200 200 200 200",
    "wagtailadmin_pages:workflow_history": "L 200 200 200 200 200",
    "wagtailadmin_pages:workflow_history_detail": "L 200 200 200 200 200",
    "wagtailadmin_pages:history": "L 200 200 200 200 200",
    "wagtailadmin_pages:history_results": "L 200 200 200 200 200",
    "wagtailadmin_choose_page": "L 200 200 200 200 200",
    "wagtailadmin_choose_page_child": "L 200 200 200 200 200",
    "wagtailadmin_choose_page_search": "L 200 200 200 200 200",
    "wagtailadmin_choose_page_chosen_multiple": "L 200 200 200 200 200",
    "wagtailadmin_choose_page_external_link": "L 200 200 200 200 200",
    "wagtailadmin_choose_page_email_link": "L 200 200 200 200 200",
    "wagtailadmin_choose_page_phone_link": "L 200 200 200 200 200",
    "wagtailadmin_choose_page_anchor_link": "L 200 200 200 200 200",
    "wagtailadmin_tag_autocomplete": "L 200 200 200 200 200",
    "wagtailadmin_tag_model_autocomplete": "L 404 404 404 404 404",
    "wagtailadmin_collections:index": "L H H H H 200",
    "wagtailadmin_collections:add": "L H H H H 200",
    "wagtailadmin_collections:edit": "L H H H H 200",
    "wagtailadmin_collections:delete": "L 404 404 404 404 200",
    "wagtailadmin_collections:set_privacy": "L H H H H 200",
    "wagtailadmin_workflows:index": "L H H H H 200",
    "wagtailadmin_workflows:index_results": "L H H H H 200",
    "wagtailadmin_workflows:add": "L H H H H 200",
    "wagtailadmin_workflows:enable": "L 405 405 405 405 405",
    "wagtailadmin_workflows:disable": "L H H H H 200",
    "wagtailadmin_workflows:edit": "L H H H H 200",
    "wagtailadmin_workflows:usage": "L H H H H 200",
    "wagtailadmin_workflows:usage_results": "L H H H H 200",
    "wagtailadmin_workflows:remove": "L 405 405 405 405 405",
    "wagtailadmin_workflows:remove#2": "L 405 405 405 405 405",
    "wagtailadmin_workflows:add_task": "L H H H H 200",
    "wagtailadmin_workflows:select_task_type": "L H H H H R",
    "wagtailadmin_workflows:task_index": "L H H H H 200",
    "wagtailadmin_workflows:task_index_results": "L H H H H 200",
    "wagtailadmin_workflows:edit_task": "L H H H H 200",
    "wagtailadmin_workflows:disable_task": "L H H H H 200",
    "wagtailadmin_workflows:enable_task": "L 405 405 405 405 405",
    "wagtailadmin_workflows:task_chooser": "L 200 200 200 200 200",
    "wagtailadmin_workflows:task_chooser_results": "L 200 200 200 200 200",
    "wagtailadmin_workflows:task_chooser_create": "L 200 200 200 200 200",
    "wagtailadmin_workflows:task_chosen": "L 200 200 200 200 200",
    "wagtailadmin_reports:locked_pages": "L H H H 200 200",
    "wagtailadmin_reports:locked_pages_results": "L H H H 200 200",
    "wagtailadmin_reports:workflow": "L 200 200 200 200 200",
    "wagtailadmin_reports:workflow_results": "L 200 200 200 200 200",
    "wagtailadmin_reports:workflow_tasks": "L 200 200 200 200 200",
    "wagtailadmin_reports:workflow_tasks_results": "L 200 200 200 200 200",
    "wagtailadmin_reports:site_history": "L 200 200 200 200 200",
    "wagtailadmin_reports:site_history_results": "L 200 200 200 200 200",
    "wagtailadmin_reports:aging_pages": "L 200 200 200 200 200",
    "wagtailadmin_reports:aging_pages_results": "L 200 200 200 200 200",
    "wagtailadmin_reports:page_types_usage": "L 200 200 200 200 200",
    "wagtailadmin_reports:page_types_usage_results": "L 200 200 200 200 200",
    "wagtailadmin_account": "L 200 200 200 200 200",
    "wagtailadmin_dismissibles": "L 200 200 200 200 200",
    "wagtailadmin_editing_sessions:ping": "L 405 405 405 405 405",
    "wagtailadmin_editing_sessions:release": "L 405 405 405 405 405",
    "wagtailadmin_block_preview": "L 404 404 404 404 404",
    "content_reports:readability": "L 200 200 200 200 200",
    "content_reports:readability_results": "L 200 200 200 200 200",
    "content_reports:review_due": "L 200 200 200 200 200",
    "content_reports:review_due_results": "L 200 200 200 200 200",
    # Only a synced translation may be submitted this way; the page here is English.
    "content_translations:submit": "L H H H H H",
    "survey_admin:fhir_export": "L H H H 200 200",
    "survey_admin:fhir_import": "L H H H 200 200",
    "transition_import:upload": "L H 200 200 200 200",
    "transition_import:template": "L H 200 200 200 200",
    "transition_import:preview": "L H R R R R",  # nobody's import: each import is its owner's
    "transition_import:result": "L H R R R R",
    "transition_import:errors": "L H R R R R",
    # Medicare's provider files: those who may add facilities (managers).
    "provider_import:upload": "L H H H 200 200",
    "provider_import:preview": "L H H H R R",  # nobody's import: each import is its owner's
    "provider_import:result": "L H H H R R",
    # A transition's choice list: those who may change the transition, within their scope.
    "transition_choices:list": "L H 200 404 200 200",
    "transition_choices:print": "L H 200 404 200 200",
    "transition_choices:share": "L H 404 404 404 404",  # a share nobody made
    "invitation_log:index": "L H 200 200 200 200",
    "invitation_log:transition": "L H 200 404 200 200",
    "invitation_log:sent_mail": "L 404 404 404 404 404",  # only with DEBUG and file email (finding 5)
    "invitation_log:sent_mail_detail": "L 404 404 404 404 404",  # only with DEBUG and file email (finding 5)
    "portal_two_step_reset": "L H H H 200 200",  # a colleague's; never one's own or a superuser's
    "held_submissions:index": "L 403 403 403 200 200",
    "held_submissions:release": "L 403 403 403 405 405",  # POST only, asked after the permission
    "held_submissions:delete": "L 403 403 403 405 405",
    "review:dashboard": "L 403 200 200 200 200",
    "review:dashboard_data": "L 403 200 200 200 200",
    "review:responses": "L 403 200 200 200 200",
    "review:response": "L 403 200 404 200 200",
    "review:followups": "L 403 200 200 200 200",
    "review:followup": "L 403 200 404 200 200",
    # POST only (a hand-over); GET is refused after the review permission check.
    "review:followup_reassign": "L 403 405 404 405 405",
    "review:export": "L 403 R R R R",
    "packets_admin:packet": "L 403 200 404 200 200",
    "packets_admin:withdraw": "L 403 404 404 404 404",
    "packet_reports:pages": "L 200 200 200 200 200",
    "packet_reports:pages_results": "L 200 200 200 200 200",
    "packet_reports:page_comments": "L 200 200 200 200 200",
    "wagtail_localize:javascript_catalog": "L 200 200 200 200 200",
    "wagtail_localize:submit_page_translation": "L 200 H H 200 200",
    "wagtail_localize:submit_snippet_translation": "L 200 H H 200 200",
    "wagtail_localize:update_translations": "L 404 H H 404 404",
    # The same address: content's view ahead of the library's ("Publish immediately" for reviewers only).
    "translations_update_reviewed": "L 404 H H 404 404",
    "wagtail_localize:edit_string_translation": "L 405 405 405 405 405",
    "wagtail_localize:edit_override": "L 405 405 405 405 405",
    "wagtail_localize:download_pofile": "L 404 404 404 404 404",
    "wagtail_localize:upload_pofile": "L 405 405 405 405 405",
    "wagtail_localize:machine_translate": "L 405 405 405 405 405",
    "wagtail_localize:preview_translation": "L 404 404 404 404 404",
    "wagtail_localize:preview_translation#2": "L 404 404 404 404 404",
    "wagtail_localize:stop_translation": "L 405 405 405 405 405",
    "wagtail_localize:convert_to_alias": "L 404 404 404 404 404",
    "wagtail_localize:translations_report": "L 200 200 200 200 200",
    "wagtail_localize:snippets_api_listing": "L 200 200 200 200 200",
    "wagtail_localize:snippets_api_detail": "L 200 200 200 200 200",
    "wagtail_localize:translations_report_results": "L 200 200 200 200 200",
    "wagtailforms:index": "L 200 200 200 200 200",
    "wagtailforms:index_results": "L 200 200 200 200 200",
    "wagtailforms:list_submissions": "L 404 404 404 404 404",
    "wagtailforms:list_submissions_results": "L 404 404 404 404 404",
    "wagtailforms:delete_submissions": "L H H H H H",
    "wagtailredirects:index": "L H H H H 200",
    "wagtailredirects:index_results": "L H H H H 200",
    "wagtailredirects:add": "L H H H H 200",
    "wagtailredirects:edit": "L H H H H 200",
    "wagtailredirects:delete": "L H H H H 200",
    "wagtailredirects:start_import": "L H H H H 200",
    "wagtailredirects:process_import": "L H H H H 405",
    # The follow-up rules' address from when they lived in the surveys app: a redirect for all.
    "admin/settings/surveys/followuprules/": "L R R R R R",
    "wagtailsettings:edit": "L R R R R R",  # redirects to the settings record's own address
    "wagtailsettings:edit#2": "L H H H H 200",
    "wagtailsettings:preview_on_edit": "L H H H H 404",
    "wagtailsettings:edit portal.organizationsettings": "L H H H R R",
    "wagtailsettings:edit#2 portal.organizationsettings": "L H H H 200 200",
    "wagtailsettings:preview_on_edit portal.organizationsettings": "L H H H 404 404",
    "wagtailsearchpromotions:index": "L 200 H H 200 200",
    "wagtailsearchpromotions:index_results": "L 200 H H 200 200",
    "wagtailsearchpromotions:add": "L 200 H H 200 200",
    "wagtailsearchpromotions:edit": "L 200 H H 200 200",
    "wagtailsearchpromotions:delete": "L 200 H H 200 200",
    "wagtailsearchpromotions:chooser": "L 200 200 200 200 200",
    "wagtailsearchpromotions:chooserresults": "L 200 200 200 200 200",
    "wagtailsearchpromotions:search_terms": "L H H H H 200",
    "wagtailsearchpromotions:search_terms_results": "L H H H H 200",
    "wagtailembeds:chooser": "L 200 200 200 200 200",
    "wagtailembeds:chooser_upload": "L 200 200 200 200 200",
    "wagtailsnippets:index": "L H H H 200 200",  # staff direct lines are the one snippet listed there
    "wagtaildocs:index": "L 200 200 200 200 200",
    "wagtaildocs:index_results": "L 200 200 200 200 200",
    "wagtaildocs:add": "L 200 200 200 200 200",
    "wagtaildocs:edit": "L 200 H H 200 200",
    "wagtaildocs:delete": "L 200 H H 200 200",
    "wagtaildocs:add_multiple": "L 200 200 200 200 200",
    "wagtaildocs:edit_multiple": "L 405 405 405 405 405",
    "wagtaildocs:create_multiple_from_uploaded_document": "L 405 405 405 405 405",
    "wagtaildocs:delete_multiple": "L 405 405 405 405 405",
    "wagtaildocs:delete_upload_multiple": "L 405 405 405 405 405",
    "wagtaildocs:document_usage": "L 200 H H 200 200",
    "wagtailimages:index": "L 200 200 200 200 200",
    "wagtailimages:index_results": "L 200 200 200 200 200",
    "wagtailimages:edit": "L 200 H H 200 200",
    "wagtailimages:delete": "L 200 H H 200 200",
    "wagtailimages:url_generator": "L 404 404 404 404 404",
    "wagtailimages:url_generator_output": "L 404 404 404 404 404",
    "wagtailimages:preview": "L 200 H H 200 200",
    "wagtailimages:add": "L 200 200 200 200 200",
    "wagtailimages:image_usage": "L 200 H H 200 200",
    "wagtailimages:add_multiple": "L 200 200 200 200 200",
    "wagtailimages:edit_multiple": "L 405 405 405 405 405",
    "wagtailimages:create_multiple_from_uploaded_image": "L 405 405 405 405 405",
    "wagtailimages:delete_multiple": "L 405 405 405 405 405",
    "wagtailimages:delete_upload_multiple": "L 405 405 405 405 405",
    "wagtailsnippets_content_condition:list": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:list_results": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:add": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:edit": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:delete": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:usage": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:history": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:history_results": "L 200 H H 200 200",
    "wagtailsnippets_content_condition:copy": "L 200 H H 200 200",
    "wagtailsnippetchoosers_content_condition:choose": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_condition:choose_results": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_condition:chosen": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_condition:chosen_multiple": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_condition:create": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:list": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:list_results": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:add": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:edit": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:delete": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:usage": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:history": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:history_results": "L 200 H H 200 200",
    "wagtailsnippets_content_glossaryterm:copy": "L 200 H H 200 200",
    "wagtailsnippetchoosers_content_glossaryterm:choose": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_glossaryterm:choose_results": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_glossaryterm:chosen": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_glossaryterm:chosen_multiple": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_content_glossaryterm:create": "L 200 H H 200 200",
    "wagtailsnippets_surveys_survey:list": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:list_results": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:add": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:edit": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:delete": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:usage": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:history": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:history_results": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:copy": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:revisions_revert": "L 404 404 404 404 404",
    "wagtailsnippets_surveys_survey:revisions_compare": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:revisions_unschedule": "L 404 404 404 404 404",
    "wagtailsnippets_surveys_survey:unpublish": "L H H H 200 200",
    "wagtailsnippets_surveys_survey:lock": "L H H H 405 405",
    "wagtailsnippets_surveys_survey:unlock": "L H H H 405 405",
    "wagtailsnippetchoosers_surveys_survey:choose": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_surveys_survey:choose_results": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_surveys_survey:chosen": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_surveys_survey:chosen_multiple": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_surveys_survey:create": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:list": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:list_results": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:add": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:edit": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:delete": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:usage": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:history": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:history_results": "L H H H 200 200",
    "wagtailsnippets_portal_staffprofile:copy": "L H H H 200 200",
    # Wagtail's snippet choosers ask for admin access only, as for every snippet here; this
    # one lists staff names (no phone numbers) and no field chooses a staff profile.
    "wagtailsnippetchoosers_portal_staffprofile:choose": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_portal_staffprofile:choose_results": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_portal_staffprofile:chosen": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_portal_staffprofile:chosen_multiple": "L 200 200 200 200 200",
    "wagtailsnippetchoosers_portal_staffprofile:create": "L H H H 200 200",
    "caretransition:index": "L H 200 200 200 200",
    "caretransition:index_results": "L H 200 200 200 200",
    "caretransition:add": "L H 200 200 200 200",
    "caretransition:edit": "L 404 200 404 200 200",
    "caretransition:delete": "L 404 H 404 200 200",
    "caretransition:history": "L 404 200 404 200 200",
    "caretransition:history_results": "L 404 200 404 200 200",
    "caretransition:usage": "L 404 200 404 200 200",
    "caretransition:inspect": "L 404 200 404 200 200",
    # The receiving facility's chooser: names and towns of facilities and Medicare's providers,
    # no patient data, for anyone with admin access; adding a facility from it needs the
    # permission to add one.
    "facility_chooser:choose": "L 200 200 200 200 200",
    "facility_chooser:choose_results": "L 200 200 200 200 200",
    "facility_chooser:chosen": "L 404 404 404 404 404",
    "facility_chooser:chosen_multiple": "L 200 200 200 200 200",
    "facility_chooser:create": "L H H H 200 200",
    "facility:index": "L H H H 200 200",
    "facility:index_results": "L H H H 200 200",
    "facility:add": "L H H H 200 200",
    "facility:edit": "L H H H 200 200",
    "facility:delete": "L H H H 200 200",
    "facility:history": "L H H H 200 200",
    "facility:history_results": "L H H H 200 200",
    "facility:usage": "L H H H 200 200",
    "wagtaillocales:index": "L H H H H 200",
    "wagtaillocales:index_results": "L H H H H 200",
    "wagtaillocales:add": "L H H H H 200",
    "wagtaillocales:edit": "L H H H H 200",
    "wagtaillocales:delete": "L H H H H 200",
    "wagtaillocales:history": "L H H H H 200",
    "wagtaillocales:history_results": "L H H H H 200",
    "wagtaillocales:usage": "L H H H H 200",
    "wagtaillocales:copy": "L H H H H 200",
    "wagtailsites:index": "L H H H H 200",
    "wagtailsites:index_results": "L H H H H 200",
    "wagtailsites:add": "L H H H H 200",
    "wagtailsites:edit": "L H H H H 200",
    "wagtailsites:delete": "L H H H H 200",
    "wagtailsites:history": "L H H H H 200",
    "wagtailsites:history_results": "L H H H H 200",
    "wagtailsites:usage": "L H H H H 200",
    "wagtailsites:copy": "L H H H H 200",
    "wagtailusers_users:index": "L H H H 200 200",
    "wagtailusers_users:index_results": "L H H H 200 200",
    "wagtailusers_users:add": "L H H H 200 200",  # within the staff roles only (finding 4)
    "wagtailusers_users:edit": "L H H H 200 200",  # within the staff roles only (finding 4)
    "wagtailusers_users:delete": "L H H H H 200",
    "wagtailusers_users:history": "L H H H 200 200",
    "wagtailusers_users:history_results": "L H H H 200 200",
    "wagtailusers_users:usage": "L H H H 200 200",
    "wagtailusers_users:copy": "L H H H 200 200",
    "wagtailusers_groups:index": "L H H H H 200",
    "wagtailusers_groups:index_results": "L H H H H 200",
    "wagtailusers_groups:add": "L H H H H 200",
    "wagtailusers_groups:edit": "L H H H H 200",
    "wagtailusers_groups:delete": "L H H H H 200",
    "wagtailusers_groups:history": "L H H H H 200",
    "wagtailusers_groups:history_results": "L H H H H 200",
    "wagtailusers_groups:usage": "L H H H H 200",
    "wagtaildocs_chooser:choose": "L 200 200 200 200 200",
    "wagtaildocs_chooser:choose_results": "L 200 200 200 200 200",
    "wagtaildocs_chooser:chosen": "L 200 200 200 200 200",
    "wagtaildocs_chooser:chosen_multiple": "L 200 200 200 200 200",
    "wagtaildocs_chooser:create": "L 200 200 200 200 200",
    "wagtailimages_chooser:choose": "L 200 200 200 200 200",
    "wagtailimages_chooser:choose_results": "L 200 200 200 200 200",
    "wagtailimages_chooser:chosen": "L 200 200 200 200 200",
    "wagtailimages_chooser:chosen_multiple": "L 200 200 200 200 200",
    "wagtailimages_chooser:create": "L 200 200 200 200 200",
    "wagtailimages_chooser:select_format": "L 200 200 200 200 200",
    "wagtailadmin_sprite": "200 200 200 200 200 200",
    "wagtailadmin_login": "L L L L L L",
    "wagtailadmin_password_reset": "404 404 404 404 404 404",
    "wagtailadmin_password_reset_done": "404 404 404 404 404 404",
    "wagtailadmin_password_reset_confirm": "404 404 404 404 404 404",
    "wagtailadmin_password_reset_complete": "404 404 404 404 404 404",
    "wagtailadmin_javascript_catalog": "200 200 200 200 200 200",
    "admin/^.*/$": "L 404 404 404 404 404",
    "admin:logout": "H 403 403 403 403 405",  # POST only; refused before that but to superusers
    "wagtailadmin_logout": "L 405 405 405 405 405",
}


@pytest.fixture
def superuser(db):
    user = StaffUserFactory(is_superuser=True, is_staff=True, email="root@example.org")
    activate_totp(user)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_what_the_table_says_at_every_admin_url(client, cast, library, superuser, role):  # noqa: F811
    world = world_build(cast=cast, library=library, superuser=superuser)
    people = {
        "editor": cast.editor,
        "liaison_a": cast.north_liaison,
        "liaison_b": cast.south_liaison,
        "manager": cast.manager,
        "superuser": superuser,
    }
    client.raise_request_exception = False  # a view that fails counts as its 500
    if role != "anonymous":
        sign_in(client, people[role])
    column = ROLES.index(role)
    wrong, seen = [], {}
    for key, path in (case for route in admin_routes() for case in admin_cases(route, world)):
        got = outcome(client.get(path))
        seen[key] = got
        expected = EXPECTED.get(key)
        if expected is None:
            wrong.append(f"{key} ({path}): not in the table; {role} got {got}")
        elif not matches(expected.split()[column], got):
            wrong.append(f"{key} ({path}): {role} expected {expected.split()[column]}, got {got}")
        if role == "anonymous" and key not in PUBLIC and got != "L":
            wrong.append(f"{key} ({path}): anonymous got {got}, not sent to sign in")
        if role == "liaison_b" and key in FACILITY_A_RECORDS and got not in ("403", "404", "H", "L"):
            wrong.append(f"{key} ({path}): the liaison of facility B got {got} for facility A's record")
    if os.environ.get("PERMISSION_MATRIX_DUMP"):
        with open(os.environ["PERMISSION_MATRIX_DUMP"] + f".{role}", "w") as dump:
            for name, got in seen.items():
                dump.write(f"{name}\t{got}\n")
    assert not wrong, "\n".join(wrong)
