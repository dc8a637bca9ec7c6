"""Every JSON-LD block the public pages emit, type-checked against schema.org's vocabulary as
the ``schema-dts`` package publishes it (TypeScript types generated from schema.org's own
vocabulary file), by the TypeScript compiler: both npm dev dependencies, installed by
``make frontend``, nothing fetched at test time. Each block is assigned to the type its
``@type`` names, so an unknown type, a property that type does not have, or a value outside
the property's range (a specialty that is not a MedicalSpecialty member, say) fails here,
independently of the hand-written checks in test_schema_org.py."""

import json
import re
import subprocess
from pathlib import Path

from django.conf import settings
from wagtail.models import Page

from tests.content.test_schema_org import json_ld_of

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
TSC = NODE_MODULES / ".bin" / "tsc"


def typescript_of(blocks: list[tuple[str, dict]]) -> str:
    """A TypeScript module assigning each block to schema-dts's type of the same name."""
    lines = ['import type * as schema from "schema-dts";']
    for number, (url, data) in enumerate(blocks):
        kind = data["@type"]
        assert re.fullmatch(r"[A-Z][A-Za-z]+", kind), f"{url}: @type {kind!r}"
        lines.append(f"// {url}")
        lines.append(f"export const block{number}: schema.WithContext<schema.{kind}> = {json.dumps(data)};")
    return "\n".join(lines) + "\n"


def tsc_problems(source: str, folder: Path) -> list[str]:
    (folder / "json_ld.ts").write_text(source, encoding="utf-8")
    # Resolve "schema-dts" from the project's node_modules wherever the temporary folder is.
    (folder / "node_modules").symlink_to(NODE_MODULES)
    completed = subprocess.run(
        [
            str(TSC),
            "--noEmit",
            "--strict",
            "--skipLibCheck",
            "--target",
            "es2022",
            "--module",
            "esnext",
            "--moduleResolution",
            "bundler",
            "json_ld.ts",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=240,
    )
    return [line for line in completed.stdout.splitlines() if "error TS" in line] + (
        [completed.stderr.strip()] if completed.returncode and not completed.stdout.strip() else []
    )


def test_every_json_ld_block_is_valid_for_schema_dts(client, library, tmp_path):
    blocks = [
        (page.url, data)
        for page in Page.objects.live().filter(depth__gt=1).specific()
        for data in json_ld_of(client, page.url)
    ]
    assert len(blocks) >= 4  # heart failure (both languages), COPD, the nursing facility

    assert tsc_problems(typescript_of(blocks), tmp_path) == []


def test_the_type_check_finds_what_schema_org_does_not_have(tmp_path):
    """The check can fail: a care setting as a specialty, a text reviewer and a made-up
    property are each refused."""
    wrong = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": "Skilled nursing",
        "specialty": "Skilled nursing facility",
        "reviewedBy": {"@type": "Person", "name": "A. Lee, RN", "credentials": "RN"},
    }
    made_up = {"@context": "https://schema.org", "@type": "MedicalWebPage", "careLevel": "high"}
    problems = tsc_problems(typescript_of([("/wrong/", wrong), ("/made-up/", made_up)]), tmp_path)

    assert any("Skilled nursing facility" in problem for problem in problems), problems
    assert any("credentials" in problem for problem in problems), problems
    assert any("careLevel" in problem for problem in problems), problems
