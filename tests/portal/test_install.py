"""The install pins its own installer, so a fresh clone installs the same way next year."""

import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pin(path: Path, name: str) -> tuple[str, set[str]]:
    text = path.read_text()
    block = re.search(rf"^{name}==(\S+)((?:\s*\\\s*--hash=sha256:[0-9a-f]+)+)", text, re.MULTILINE)
    assert block, f"{path.name} has no hash-pinned {name}"
    return block.group(1), set(re.findall(r"sha256:([0-9a-f]+)", block.group(2)))


def test_bootstrap_pip_pin_matches_the_lock():
    assert _pin(ROOT / "requirements-pip.lock", "pip") == _pin(ROOT / "requirements.lock", "pip")


def test_bootstrap_file_holds_only_the_installer():
    requirements = [
        line
        for line in (ROOT / "requirements-pip.lock").read_text().splitlines()
        if re.match(r"^[A-Za-z]", line)
    ]
    assert [line.split("==")[0] for line in requirements] == ["pip"]


def test_the_venv_runs_the_pinned_pip_not_the_one_the_interpreter_bundles():
    pinned, _ = _pin(ROOT / "requirements-pip.lock", "pip")
    assert version("pip") == pinned


def test_the_makefile_installs_the_installer_before_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(VENV)/.installed:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("requirements-pip.lock") < recipe.index("-r requirements.lock")
    assert "--require-hashes --no-deps -r requirements-pip.lock" in recipe


def test_ci_builds_the_venv_from_scratch_without_pip_cache():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "PIP_NO_CACHE_DIR=1" in ci
    assert "rm -rf .venv" in ci
    assert ci.index("rm -rf .venv") < ci.index("make test")
