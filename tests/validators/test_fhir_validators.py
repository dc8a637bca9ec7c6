"""The portal's FHIR checked by validators it did not write (tests/validators/fhir_validate.mjs:
the HL7 R4 JSON schema with Ajv, FHIR.js, and every R4 FHIRPath invariant with fhirpath.js), all
installed as npm dev dependencies and run offline. The resources are the ones the FHIR tests
produce: Questionnaires in both languages (the export fixture of every question type, the demo's
shipped surveys, an answered survey), a QuestionnaireResponse with every kind of answer, and the
responses export as Bundles, identified and de-identified."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from demo.survey_templates import SURVEY_TEMPLATES, template_snapshot
from surveys.fhir import questionnaire_from_snapshot, questionnaire_response_from_answers
from tests.surveys.fhir_samples import fhir_samples
from tests.surveys.test_fhir import AUTHORED, URL, build_snapshot, complete_answers

SCRIPT = Path(__file__).with_name("fhir_validate.mjs")
NODE = shutil.which("node") or "node"  # make test installs the validators with npm, so Node is there


def validate(files: list[Path]) -> dict:
    """The validators' report on ``files``: counts and every problem found."""
    run = subprocess.run(
        [NODE, str(SCRIPT), *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def write(directory: Path, resources: dict[str, dict]) -> list[Path]:
    files = []
    for name, resource in resources.items():
        path = directory / name
        path.write_text(json.dumps(resource, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    return files


def fixture_resources() -> dict[str, dict]:
    """What the FHIR tests export without a database: every question type, and the demo's surveys."""
    snapshot = build_snapshot()
    resources = {
        "every-question-type.json": questionnaire_from_snapshot(
            snapshot, url=URL, version="3", date="2025-03-01"
        ),
        "every-answer.json": questionnaire_response_from_answers(
            snapshot, complete_answers(), questionnaire_url=URL + "|3", authored=AUTHORED
        ),
    }
    for slug, languages in SURVEY_TEMPLATES.items():
        for language in languages:
            resources[f"template-{slug}-{language}.json"] = questionnaire_from_snapshot(
                template_snapshot(slug, language), url=f"{URL}-{slug}-{language}", version="1"
            )
    return resources


@pytest.mark.both_databases
def test_every_questionnaire_and_bundle_passes_the_independent_validators(
    home_page, survey, tmp_path, capsys
):
    resources = fixture_resources() | fhir_samples(home_page=home_page, survey=survey)
    report = validate(write(tmp_path, resources))
    with capsys.disabled():
        print(
            f"\nFHIR validators {report['versions']}: {report['files']} files, {report['resources']} "
            f"resources, {report['checks']['invariants']} invariant evaluations "
            f"({len(report['checks']['invariantKeys'])} invariants), {len(report['problems'])} problems"
        )
    assert report["problems"] == []
    assert report["files"] == len(resources)
    assert report["resources"]["Bundle"] == 2 and report["resources"]["QuestionnaireResponse"] == 7
    assert {"que-1", "qrs-1", "bdl-7", "dom-6", "ele-1", "ext-1", "txt-1"} <= set(
        report["checks"]["invariantKeys"]
    )


def test_the_validators_find_what_the_issue_found(tmp_path):
    """Each tool reports faults of the kind the exports had: a resource without narrative, an
    element R4 does not have, an item nested under both its answer and itself, an empty answer."""
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {
                "linkId": "a",
                "answer": [{"valueString": "x", "item": [{"linkId": "b"}]}],
                "item": [{"linkId": "c"}],
            },
            {"linkId": "d", "answer": [{}]},
        ],
        "colour": "blue",
    }
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": response}]}
    problems = validate(write(tmp_path, {"bundle.json": bundle}))["problems"]
    assert any("schema:" in problem and "colour" in problem for problem in problems)
    assert any("FHIR.js:" in problem and "colour" in problem for problem in problems)
    for key in ("dom-6", "qrs-1", "ele-1"):
        assert any("FHIRPath:" in problem and key in problem for problem in problems), key
