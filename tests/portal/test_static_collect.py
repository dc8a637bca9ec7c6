"""Static files collect as production collects them (fingerprinted and compressed): a
file that names another missing one (such as a source map) stops a deployment."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings


def test_collectstatic_with_the_production_storage_succeeds(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("No database involved: the SQLite run covers it")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("css/portal.*.css.gz"))
