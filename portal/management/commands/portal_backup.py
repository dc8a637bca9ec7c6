"""Back up the database while the portal runs: a consistent copy of the embedded SQLite
file (SQLite's online backup API), or a ``pg_dump`` custom-format archive of PostgreSQL.
Uploaded files (MEDIA_ROOT) are copied separately; see docs/operations.md."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = (
        "Back up the database to a file while the portal runs: a copy of the SQLite database, "
        "or a pg_dump custom-format archive (restore it with pg_restore) on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The file to write (must not exist yet).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias to back up.")

    def handle(self, *args, output: str, database: str, **options):
        target = Path(output).resolve()
        if target.exists():
            raise CommandError(f"{target} already exists; choose a new file name.")
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        connection = connections[database]
        part = target.with_name(target.name + ".part")
        part.unlink(missing_ok=True)
        # Only the owner may read it: the backup holds patients' contact details and answers.
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            if connection.vendor == "sqlite":
                summary = sqlite_backup(connection=connection, target=part)
            elif connection.vendor == "postgresql":
                summary = postgresql_dump(settings_dict=connection.settings_dict, target=part)
            else:
                raise CommandError(f"Backing up {connection.vendor} is not supported; use its own tools.")
            os.replace(part, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {target} ({target.stat().st_size:,} bytes): {summary}.")
        )


def sqlite_backup(*, connection, target: Path) -> str:
    """Copy the live database into ``target`` in one read transaction (a consistent
    snapshot; in WAL mode writers carry on meanwhile), then check the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no -wal file to carry along with the copy.
        copy.execute("PRAGMA journal_mode=DELETE")
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        tables = copy.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    finally:
        copy.close()
    if problems != ["ok"]:
        raise CommandError(f"The copy failed its integrity check: {'; '.join(problems[:5])}")
    return f"SQLite copy, {tables} tables, integrity check ok"


def postgresql_dump(*, settings_dict: dict, target: Path) -> str:
    """Write a ``pg_dump --format=custom`` archive (one consistent snapshot), then list it
    with ``pg_restore`` to check it can be read back."""
    tools = {tool: shutil.which(tool) for tool in ("pg_dump", "pg_restore")}
    for tool, path in tools.items():
        if path is None:
            raise CommandError(
                f"{tool} was not found; install the PostgreSQL client (the server's major version)."
            )
    env = os.environ.copy()
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    connect = [
        f"--host={settings_dict.get('HOST') or '127.0.0.1'}",
        f"--port={settings_dict.get('PORT') or 5432}",
        f"--username={settings_dict.get('USER') or 'postgres'}",
    ]
    dump = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [
            tools["pg_dump"],
            "--format=custom",
            f"--file={target}",
            *connect,
            "--no-password",
            settings_dict["NAME"],
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if dump.returncode != 0:
        raise CommandError(f"pg_dump failed: {dump.stderr.strip()}")
    listing = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [tools["pg_restore"], "--list", str(target)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise CommandError(f"The archive cannot be read back: {listing.stderr.strip()}")
    tables = sum(1 for line in listing.stdout.splitlines() if " TABLE DATA " in line)
    return f"pg_dump custom-format archive, {tables} tables"
