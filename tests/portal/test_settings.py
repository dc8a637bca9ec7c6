"""Start-up refuses bad configuration with one clear line, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-key-for-tests-only-0123456789abcdefghij",
    "ALLOWED_HOSTS": "portal.example.org",
    "BASE_URL": "https://portal.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "CELERY_BROKER_URL": "redis://broker.example.org:6379/0",
}


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    left_out = {*PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE", "HOST", "PORT", "SURVEY_FHIR_BASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in left_out}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_load_with_every_required_value():
    result = load_settings("portal.settings.production", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "BASE_URL", "DATABASE_URL", "CELERY_BROKER_URL"]
)
def test_production_settings_refuse_to_load_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = load_settings("portal.settings.production", **env)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["http://portal.example.org", "portal.example.org", "https://"])
def test_production_settings_refuse_a_base_url_that_is_not_https(value):
    result = load_settings("portal.settings.production", **(PRODUCTION_ENV | {"BASE_URL": value}))
    assert result.returncode != 0
    assert "BASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def base_urls(module: str, **env: str) -> list[str]:
    code = f"from {module} import WAGTAILADMIN_BASE_URL as a, SURVEY_FHIR_BASE_URL as f; print(a); print(f)"
    clean = {
        k: v for k, v in os.environ.items() if k not in {"BASE_URL", "HOST", "PORT", "SURVEY_FHIR_BASE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_demo_links_follow_the_port_make_run_serves_on():
    assert base_urls("portal.settings.dev", PORT="18555") == [
        "http://127.0.0.1:18555",
        "http://127.0.0.1:18555/fhir",
    ]
    assert base_urls("portal.settings.dev", HOST="0.0.0.0", PORT="18555")[0] == "http://127.0.0.1:18555"  # noqa: S104


def test_a_command_beside_the_demo_links_to_where_make_run_serves():
    """`manage.py invite_demo_patient` from another terminal, with no address of its own."""
    served = ROOT / "var" / "run-base-url"
    before = served.read_text() if served.exists() else None
    served.parent.mkdir(exist_ok=True)
    served.write_text("http://127.0.0.1:18777\n")
    try:
        assert base_urls("portal.settings.dev") == ["http://127.0.0.1:18777", "http://127.0.0.1:18777/fhir"]
        assert base_urls("portal.settings.dev", PORT="18555")[0] == "http://127.0.0.1:18555"
        assert base_urls("portal.settings.test")[0] != "http://127.0.0.1:18777"
    finally:
        if before is None:
            served.unlink()
        else:
            served.write_text(before)


def make_variable(name: str, *arguments: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"BASE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "--eval",
            f"print-it: ; @echo $${name}",
            "print-it",
            *arguments,
        ],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_gives_the_web_server_worker_and_beat_one_base_url():
    """honcho hands each process of `make run` its own PORT (the worker's is 100 more), so
    the Makefile exports BASE_URL itself: a worker's packet email once linked to :18201."""
    assert make_variable("BASE_URL", "PORT=18555") == "http://127.0.0.1:18555"
    assert make_variable("BASE_URL", "HOST=0.0.0.0", "PORT=18555") == "http://127.0.0.1:18555"
    assert make_variable("BASE_URL", "PORT=18555", BASE_URL="https://demo.example.org") == (
        "https://demo.example.org"
    )


def invite_command(tmp_path, *arguments: str) -> str:
    """What `make invite` would run (make -n), in a folder where `make run` last served on 18101."""
    (tmp_path / "var").mkdir(exist_ok=True)
    (tmp_path / "var" / "run-base-url").write_text("http://127.0.0.1:18101\n")
    clean = {k: v for k, v in os.environ.items() if k not in {"BASE_URL", "HOST", "PORT"}}
    make = [
        "make",
        "-s",
        "-n",
        "-f",
        str(ROOT / "Makefile"),
        "-o",
        "install",
        "-o",
        "messages",
        "-o",
        "migrate",
    ]
    result = subprocess.run(
        [*make, "invite", *arguments], cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_invite_links_to_where_make_run_serves_unless_given_an_address(tmp_path):
    assert "BASE_URL=http://127.0.0.1:18101 " in invite_command(tmp_path)
    assert "BASE_URL=http://127.0.0.1:18555 " in invite_command(tmp_path, "PORT=18555")


def test_an_explicit_base_url_wins_over_host_and_port():
    assert base_urls("portal.settings.dev", PORT="18555", BASE_URL="https://portal.example.org/")[0] == (
        "https://portal.example.org"
    )


def test_production_settings_refuse_a_short_secret_key():
    result = load_settings("portal.settings.production", **(PRODUCTION_ENV | {"SECRET_KEY": "changeme"}))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "postgres://user@host:notaport/db"),
        ("DATABASE_URL", "mongodb://host/db"),
        ("CELERY_BROKER_URL", "redis://host:notaport/0"),
        ("CELERY_BROKER_URL", "carrier-pigeon://loft"),
        ("CACHE_URL", "nonsense"),
        ("EMAIL_URL", "smtp://host:port"),
        ("DEBUG", "maybe"),
    ],
)
def test_malformed_value_stops_start_up_with_one_line_naming_the_variable(variable, value):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings.dev", variable: value}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_passwords_need_twelve_characters_and_no_common_words():
    with pytest.raises(ValidationError):
        validate_password("Sh0rt-pass")
    with pytest.raises(ValidationError):
        validate_password("password1234")
    validate_password("correct-horse-battery-staple-42")


def test_rate_limits_count_in_a_cache_every_process_shares():
    backend = settings.CACHES["default"]["BACKEND"]
    assert "locmem" not in backend.lower()
    assert "dummy" not in backend.lower()


def test_production_always_requires_mfa_and_https_even_if_told_otherwise():
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.PORTAL_REQUIRE_MFA, settings.DEBUG, settings.SECURE_HSTS_SECONDS,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env = (
        clean
        | PRODUCTION_ENV
        | {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "REQUIRE_MFA": "false",
            "DEBUG": "true",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "31536000", "True", "True"]
