import re

from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from content import api as content_api
from content import documents as content_documents
from content import search as content_search
from content import views as content_views
from packets import views as packet_views
from portal import views
from portal.audit_log import ScopedLogEntriesView
from portal.two_step import binds_enrolment_to_the_session, fresh_second_factor_required
from surveys import views as survey_views
from transitions.providers import views as provider_views

handler500 = "portal.views.server_error"

# Every staff login goes through allauth, which asks for the second factor; the Wagtail
# and Django admin login pages only forward there (a POST to them logs nobody in). The Django
# admin is for superusers only (portal.admin_site).
to_staff_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/education/", content_api.education_lookup, name="infobutton"),
    path("admin/login/", to_staff_login),
    path("django-admin/login/", to_staff_login),
    path("django-admin/", admin.site.urls),
    # Site history at Wagtail's own addresses (reversed by Wagtail's names), with each
    # person's entries scoped to the records they may see (portal.audit_log).
    path("admin/reports/site-history/", require_admin_access(ScopedLogEntriesView.as_view())),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(ScopedLogEntriesView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document download, sandboxed (the same address, so document.url finds it).
    re_path(r"^documents/(\d+)/(.*)$", content_documents.document_serve),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    # Images from MEDIA_ROOT; documents only through the sandboxed view above.
    media = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media}(?P<path>.*)$", views.media_serve))

# Pages people read carry their language in the URL (/es/…), so links can be shared and
# cached per language; English has no prefix.
urlpatterns += i18n_patterns(
    path("accounts/signup/", RedirectView.as_view(pattern_name="account_login")),
    path("accounts/2fa/authenticate/", views.mfa_authenticate),
    # Enrolling binds the code to this session; changing the second factor, or reading its
    # recovery codes, asks for a fresh code (allauth alone would take a password here).
    path("accounts/2fa/totp/activate/", binds_enrolment_to_the_session(totp_views.activate_totp)),
    path("accounts/2fa/totp/deactivate/", fresh_second_factor_required(totp_views.deactivate_totp)),
    path("accounts/2fa/recovery-codes/", fresh_second_factor_required(recovery_views.view_recovery_codes)),
    path(
        "accounts/2fa/recovery-codes/generate/",
        fresh_second_factor_required(recovery_views.generate_recovery_codes),
    ),
    path(
        "accounts/2fa/recovery-codes/download/",
        fresh_second_factor_required(recovery_views.download_recovery_codes),
    ),
    path("accounts/", include("allauth.urls")),
    path("untranslated/<int:page_id>/", content_views.untranslated, name="untranslated"),
    path("s/<str:token>/", survey_views.invitation_link, name="survey_invitation"),
    path("feedback/page/<int:page_id>/", survey_views.page_feedback, name="page_feedback"),
    path("stop/<str:signed>/", survey_views.opt_out, name="survey_opt_out"),
    path("search/", content_search.search_view, name="search"),
    path("care-options/", provider_views.care_options_view, name="care_options"),
    path("care-options/<int:pk>/", provider_views.care_option_view, name="care_option"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("search/suggest/", content_search.autocomplete_view, name="search_suggest"),
    path("p/<str:token>/", packet_views.packet_link, name="packet_link"),
    path("packet/", packet_views.packet_page, name="packet_page"),
    path("packet/page/<int:item_id>/", packet_views.packet_item, name="packet_item"),
    path("packet/print/", packet_views.packet_print, name="packet_print"),
    path("packet/handout.pdf", packet_views.packet_pdf, name="packet_pdf"),
    path("stop/packet/<str:signed>/", packet_views.opt_out, name="packet_opt_out"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
