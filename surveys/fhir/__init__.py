"""FHIR R4 Questionnaire and QuestionnaireResponse for survey definitions (see surveys.definition).

Export writes a Questionnaire that other systems can render and that this module can read back
into exactly the same snapshot; import also accepts Questionnaires from other systems, as far as
they fit what a survey can ask. Nothing here touches the database.

The package is split by what each part does: ``export`` (snapshot and answers to FHIR), ``read``
and ``read_answers`` (a Questionnaire back to a snapshot), ``validate`` (a QuestionnaireResponse
checked against its Questionnaire), ``load`` (a file parsed within bounds) and ``common`` (the
URLs, suffixes and element readers they share). Import from ``surveys.fhir`` itself.

How a snapshot maps to a Questionnaire:

* Every step is a top-level ``group`` item with linkId ``step-1``, ``step-2``, … (by position).
* Every question is an item whose linkId is the question's key; the survey's own question type,
  ``scored``, ``reverse_scored`` and the 0/10 labels are extensions under ``EXTENSION_BASE``.
* Help text is a ``display`` child with linkId ``<key>-help`` and itemControl ``help``.
* A matrix is a ``group`` (linkId = key) holding one ``choice`` item per statement (linkId =
  statement key), all with the same answerOptions.
* A call-back request is a ``group`` (linkId = key) holding a ``boolean`` consent item
  ``<key>-consent`` whose text is the purpose, and a ``string`` phone item ``<key>-phone``
  enabled only when consent is true.
* A de-identified response keeps a withheld answer (free text, a call-back's phone) as an
  answer without a value, marked ``masked`` with the standard data-absent-reason extension: the
  question stays answered, so a required one is not left empty and the consent stays with it.
* Each language of a survey is its own Questionnaire (``questionnaire_url``), with narrative.
* Answer codes use the code system ``<questionnaire url>/answers``; option values are in the
  standard ``ordinalValue`` extension.

Suffixed linkIds (``-help``, ``-consent``, ``-phone``, ``step-N``) contain a hyphen, which a
key never does, so they cannot collide with a question's key.
"""

from surveys.fhir.common import (
    ANONYMOUS_EXTENSION,
    CONDITION_VALUE_EXTENSION,
    EXTENSION_BASE,
    HIGH_LABEL_EXTENSION,
    ITEM_CONTROL_EXTENSION,
    LOW_LABEL_EXTENSION,
    ORDINAL_VALUE_EXTENSION,
    QUESTION_TYPE_EXTENSION,
    REVERSE_SCORED_EXTENSION,
    SCORED_EXTENSION,
    THANK_YOU_EXTENSION,
    WITHHELD,
    Problem,
    QuestionnaireImportError,
)
from surveys.fhir.export import (
    answer_system,
    machine_name,
    questionnaire_from_snapshot,
    questionnaire_response_from_answers,
    questionnaire_url,
)
from surveys.fhir.load import (
    MAX_JSON_DEPTH,
    MAX_JSON_PARTS,
    json_shape_problem,
    parsed_shape_problem,
    questionnaire_json,
)
from surveys.fhir.read import snapshot_from_questionnaire
from surveys.fhir.validate import questionnaire_response_problems

__all__ = [
    "ANONYMOUS_EXTENSION",
    "CONDITION_VALUE_EXTENSION",
    "EXTENSION_BASE",
    "HIGH_LABEL_EXTENSION",
    "ITEM_CONTROL_EXTENSION",
    "LOW_LABEL_EXTENSION",
    "MAX_JSON_DEPTH",
    "MAX_JSON_PARTS",
    "ORDINAL_VALUE_EXTENSION",
    "QUESTION_TYPE_EXTENSION",
    "REVERSE_SCORED_EXTENSION",
    "SCORED_EXTENSION",
    "THANK_YOU_EXTENSION",
    "WITHHELD",
    "Problem",
    "QuestionnaireImportError",
    "answer_system",
    "json_shape_problem",
    "machine_name",
    "parsed_shape_problem",
    "questionnaire_from_snapshot",
    "questionnaire_json",
    "questionnaire_response_from_answers",
    "questionnaire_response_problems",
    "questionnaire_url",
    "snapshot_from_questionnaire",
]
