import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.celery import app as celery_app

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
