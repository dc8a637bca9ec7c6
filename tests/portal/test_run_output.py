"""What `make run` and `make help` tell a newcomer: the address, the logins, make invite."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_STAFF

ROOT = Path(__file__).resolve().parents[2]


def test_the_set_up_ends_with_the_address_every_login_and_make_invite():
    out = io.StringIO()
    call_command("demo_summary", url="http://127.0.0.1:18555/", invite="make invite PORT=18555", stdout=out)
    block = out.getvalue()
    assert "http://127.0.0.1:18555/" in block
    assert "http://127.0.0.1:18555/accounts/login/" in block
    assert DEMO_PASSWORD in block
    assert all(email in block for email, *_rest in DEMO_STAFF)
    assert "make invite PORT=18555" in block
    assert len(block.splitlines()) <= 12


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_command_a_user_runs():
    listed = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for target in ("run", "invite", "test", "bench", "stress"):
        assert f"make {target}" in listed, target
