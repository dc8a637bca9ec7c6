import logging
import posixpath
import sys

from allauth.mfa.base.views import authenticate
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from portal.celery import app as celery_app
from portal.selectors import organization_for

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.warning("healthz: database unreachable", exc_info=False)
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
        return True
    except Exception:
        logger.warning("healthz: broker unreachable", exc_info=False)
        return False


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the broker answer, 503 otherwise; no details leak."""
    healthy = _database_ok() and _broker_ok()
    return JsonResponse({"status": "ok" if healthy else "unavailable"}, status=200 if healthy else 503)


def csrf_failure(request, reason: str = ""):
    """A form sent without its CSRF cookie or token (a page left open for hours, cookies
    cleared mid-survey): a plain page in the visitor's language instead of Django's
    technical one. The reason is logged (redacted like every log), never shown."""
    logger.warning("form refused: %s", reason)
    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """The 500 handler: a database outage gets the friendly 503 page instead.

    Django calls this for any uncaught exception, in a view or in middleware (a session
    that cannot load), with the exception still being handled, so one place covers both.
    Connections are health-checked, so service resumes once the database is back.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s", type(exception).__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


def mfa_authenticate(request, *args, **kwargs):
    """allauth's "enter your code" step, with a POST that lacks the code field read as an
    empty code: allauth would take it for a security-key answer, which the portal does not
    offer, and draw the page again with no field and no message."""
    if request.method == "POST" and "code" not in request.POST:
        posted = request.POST.copy()
        posted["code"] = ""
        request.POST = posted
    return authenticate(request, *args, **kwargs)


# Uploaded documents are kept here by Wagtail (``upload_to="documents"``).
DOCUMENTS_FOLDER = "documents"


def media_serve(request, path: str):
    """Development only (DEBUG): uploaded images and their renditions from MEDIA_ROOT.

    Never documents: they are served by Wagtail's document view (``/documents/<id>/…``),
    which checks the collection's privacy and sends the file as a sandboxed attachment.
    Served from here, a document would open inline, unsandboxed, to anyone.
    """
    folder = posixpath.normpath(path).lstrip("/").split("/", 1)[0]
    if folder.casefold() == DOCUMENTS_FOLDER:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@require_GET
def privacy_notice(request):
    """The organization's privacy notice (Settings → Organization), in the page's language."""
    organization = organization_for(language=translation.get_language())
    return render(request, "portal/privacy.html", {"organization": organization})
