"""No link token, reset or confirmation key, or query string survives into any log the
portal writes: Django's loggers (django.security.*, django.request, django.server), our
own, a Celery worker's and gunicorn's, all through portal.log_redaction."""

import io
import logging

import pytest
from django.test import Client

# Each path family, with the secret it carries.
FAMILIES = [
    ("/s/kV3x9QmZ0pLr7TtYwB2nHc5sFg8jDe1aUo4iXyNbRqA/", "kV3x9QmZ0pLr7TtYwB2nHc5sFg8jDe1aUo4iXyNbRqA"),
    ("/es/s/Zm9vYmFyYmF6cXV4c2VjcmV0/", "Zm9vYmFyYmF6cXV4c2VjcmV0"),
    ("/p/pAcKeTtOkEn_abc-DEF123/", "pAcKeTtOkEn_abc-DEF123"),
    ("/stop/eJyrVkosLcnIL8pMzi9KUbJSMjQw:1x2y3z:SiGnEd/", "eJyrVkosLcnIL8pMzi9KUbJSMjQw:1x2y3z:SiGnEd"),
    ("/stop/packet/eJyrPaCkEtStOp:1x2:SiG/", "eJyrPaCkEtStOp:1x2:SiG"),
    ("/accounts/password/reset/key/4-cz1k2j-0f3e9a1b2c3d4e5f6a7b/", "cz1k2j-0f3e9a1b2c3d4e5f6a7b"),
    ("/es/accounts/password/reset/key/7-d00d1e-abcdef0123456789/", "d00d1e-abcdef0123456789"),
    ("/accounts/confirm-email/MQ:1vXyZw:Hm4cK3yC0nF1rMaT10n/", "MQ:1vXyZw:Hm4cK3yC0nF1rMaT10n"),
    ("/admin/password_reset/confirm/NA/cz1k2j-wAgTaIlToKeN99/", "cz1k2j-wAgTaIlToKeN99"),
    ("/search/?q=congestive+heart+failure", "congestive+heart+failure"),
    ("https://portal.example/s/FuLlUrLtOkEn123/?utm_source=mail", "FuLlUrLtOkEn123"),
]
SECRETS = [secret for _path, secret in FAMILIES]

LOGGERS = [
    "django.security.csrf",
    "django.security.DisallowedHost",
    "django.request",
    "django.server",
    "celery.app.trace",
    "surveys.tasks",
    "portal",
]


@pytest.fixture
def log_output():
    """Everything the handlers configured from settings.LOGGING write, as one text."""
    stream = io.StringIO()
    handlers = {
        handler
        for name in ("", *LOGGERS)
        for handler in logging.getLogger(name).handlers
        if type(handler) is logging.StreamHandler  # not pytest's own capturing handlers
    }
    assert handlers
    previous = {handler: handler.setStream(stream) for handler in handlers}
    yield stream
    for handler, old in previous.items():
        handler.setStream(old)


def assert_no_secret(text: str) -> None:
    assert text.strip(), "nothing was logged"
    left = [secret for secret in SECRETS if secret in text]
    assert not left, text


@pytest.mark.parametrize("name", LOGGERS)
def test_every_path_family_is_redacted_in_every_logger(log_output, caplog, name):
    logger = logging.getLogger(name)
    for path, _secret in FAMILIES:
        logger.error("Forbidden (CSRF cookie not set.): %s", path)
        logger.error(f'"GET {path} HTTP/1.1" 403 12')
        try:
            raise ValueError(f"could not serve {path}")
        except ValueError:
            logger.exception("Internal Server Error: %s", path)
    assert_no_secret(log_output.getvalue())
    # Any other handler (here pytest's) sees the record after the filter rewrote it.
    assert not [secret for secret in SECRETS if secret in caplog.text]


@pytest.mark.django_db
def test_a_csrf_failure_on_a_survey_link_logs_no_token(log_output):
    token = "kV3x9QmZ0pLr7TtYwB2nHc5sFg8jDe1aUo4iXyNbRqA"
    response = Client(enforce_csrf_checks=True).post(f"/s/{token}/?from=email", {"answer": "1"})
    assert response.status_code == 403
    text = log_output.getvalue()
    assert "Forbidden" in text and "/s/[redacted]/" in text
    assert token not in text and "from=email" not in text


def test_a_celery_worker_s_own_handlers_redact(monkeypatch):
    from celery.app.log import Logging

    from portal.celery import app

    for name in ("_MP_FORK_LOGLEVEL_", "_MP_FORK_LOGFILE_", "_MP_FORK_LOGFORMAT_"):
        monkeypatch.delenv(name, raising=False)  # set by Celery; put back as they were
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    Logging._setup = False
    try:
        app.log.setup_logging_subsystem(loglevel="INFO", logfile=stream, colorize=False)
        task_logger = logging.getLogger("celery.task")
        for path, _secret in FAMILIES:
            logging.getLogger("celery.worker").error("Rejected %s", path)
            task_logger.error("Task failed for %s", path)
    finally:
        Logging._setup = False
        for handler in logging.getLogger("celery.task").handlers:
            logging.getLogger("celery.task").removeHandler(handler)
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    assert_no_secret(stream.getvalue())


def test_gunicorn_s_error_log_redacts(tmp_path):
    from gunicorn.config import Config

    from portal.access_log import RedactingLogger

    config = Config()
    config.set("errorlog", str(tmp_path / "error.log"))
    logger = RedactingLogger(config)
    for path, _secret in FAMILIES:
        logger.error("Invalid request from %s: %s", "10.0.0.1", path)
    for handler in logger.error_log.handlers:
        handler.flush()
    assert_no_secret((tmp_path / "error.log").read_text())


@pytest.mark.parametrize("path, secret", FAMILIES)
def test_the_one_redaction_keeps_the_shape_of_the_path(path, secret):
    from portal.log_redaction import secrets_redacted

    redacted = secrets_redacted(f"Forbidden: {path} (from {path})")
    assert secret not in redacted
    assert redacted.count("[redacted]") == (0 if "?q=" in path else 2)


def test_ordinary_paths_and_sentences_are_left_alone():
    from portal.log_redaction import secrets_redacted

    for text in (
        "GET /conditions/heart-failure/ 200",
        "/admin/snippets/surveys/survey/ was slow",
        "Sent 3 invitations (0 failed).",
        "Task surveys.tasks.invitations_send_task[1b2c] succeeded",
    ):
        assert secrets_redacted(text) == text
