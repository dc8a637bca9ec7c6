"""The Spanish catalogue covers every interface string in the source, not only those already in it.

``makemessages`` runs on a copy of the project, so a string marked for translation that was never
added to ``locale/es/LC_MESSAGES/django.po`` shows up here as untranslated. The real tree is
never written to.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGE = "es"
CATALOGUE = Path("locale") / LANGUAGE / "LC_MESSAGES" / "django.po"
# Never searched for strings: the same folders the documented makemessages command leaves out.
IGNORED = ("node_modules", "build", "var", "media", "staticfiles", "test-results")
COPY_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.sqlite3", "results")


def source_entries(root: Path) -> list[Path]:
    """What a copy of the project needs: every top-level folder that may hold marked strings,
    so a new app is covered without changing this test, and manage.py."""
    folders = [
        entry
        for entry in sorted(root.iterdir())
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in IGNORED
    ]
    return [*folders, root / "manage.py"]


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def regenerated_catalogue(tmp_path_factory) -> Path:
    """The Spanish .po as makemessages leaves it after reading a copy of today's source."""
    real = Path(settings.BASE_DIR)
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext is needed to check the catalogue: `make messages` installs it.")
    copy = tmp_path_factory.mktemp("project")
    for entry in source_entries(real):
        if entry.is_dir():
            shutil.copytree(entry, copy / entry.name, ignore=COPY_IGNORE)
        else:
            shutil.copy2(entry, copy / entry.name)
    before = tree_digest(real / "locale")

    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
    command = [sys.executable, "manage.py", "makemessages", "-l", LANGUAGE, "--no-obsolete", "-v0"]
    command += [f"--ignore={name}" for name in (".venv", *IGNORED)]
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

    assert tree_digest(real / "locale") == before, "the real catalogue must not change"
    return copy / CATALOGUE


def describe(entries: list[polib.POEntry]) -> str:
    lines = []
    for entry in entries:
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
        lines.append(f"  {entry.msgid!r} ({where})")
    return "\n".join(lines)


def test_every_marked_string_in_the_source_has_a_spanish_translation(regenerated_catalogue):
    catalogue = polib.pofile(str(regenerated_catalogue))
    untranslated = catalogue.untranslated_entries()
    fuzzy = catalogue.fuzzy_entries()
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} without a Spanish translation:\n{describe(untranslated)}")
    if fuzzy:
        problems.append(f"{len(fuzzy)} marked fuzzy (check, then remove the flag):\n{describe(fuzzy)}")
    assert not problems, (
        f"Run `manage.py makemessages -l {LANGUAGE}` and translate these in {CATALOGUE}:\n"
        + "\n".join(problems)
    )


def test_spanish_translations_keep_their_placeholders(regenerated_catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(regenerated_catalogue)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
