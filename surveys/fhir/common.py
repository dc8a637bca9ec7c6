"""What the FHIR modules share: the extension URLs and linkId suffixes of the mapping (see the
package docstring), the import error, and small readers of FHIR elements."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from surveys import definition as d

EXTENSION_BASE = "https://portal.example.org/fhir/StructureDefinition/"
THANK_YOU_EXTENSION = EXTENSION_BASE + "survey-thank-you"
ANONYMOUS_EXTENSION = EXTENSION_BASE + "survey-anonymous"
QUESTION_TYPE_EXTENSION = EXTENSION_BASE + "survey-question-type"
SCORED_EXTENSION = EXTENSION_BASE + "survey-scored"
REVERSE_SCORED_EXTENSION = EXTENSION_BASE + "survey-reverse-scored"
LOW_LABEL_EXTENSION = EXTENSION_BASE + "survey-low-label"
HIGH_LABEL_EXTENSION = EXTENSION_BASE + "survey-high-label"
# On an enableWhen, when the condition's value cannot be read back from the answer itself
# (such as "6.0", or a value on an "is answered" condition).
CONDITION_VALUE_EXTENSION = EXTENSION_BASE + "survey-condition-value"

# On an answer whose value de-identification removed: the item was answered, the value is masked.
DATA_ABSENT_REASON_EXTENSION = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
ITEM_CONTROL_EXTENSION = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
ORDINAL_VALUE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
# Read on import as well: where other systems put an option's value.
OTHER_VALUE_EXTENSIONS = (
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
    "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value",
)

STATUSES = ("draft", "active", "retired", "unknown")
LANGUAGES = ("en", "es")
STEP_PREFIX = "step-"
HELP_SUFFIX = "-help"
CONSENT_SUFFIX = "-consent"
PHONE_SUFFIX = "-phone"

# Types written as one FHIR "choice" item (a matrix is a group of them).
CHOICE_ITEM_TYPES = {d.AGREEMENT, d.RATING, d.NPS, d.YES_NO, d.SINGLE_CHOICE, d.MULTIPLE_CHOICE}
FHIR_TYPES = {
    **dict.fromkeys(CHOICE_ITEM_TYPES, "choice"),
    d.SHORT_TEXT: "string",
    d.LONG_TEXT: "text",
    d.MATRIX: "group",
    d.CALLBACK: "group",
}
COMPARISONS = {d.EQUALS: "=", d.NOT_EQUALS: "!=", d.AT_MOST: "<=", d.AT_LEAST: ">="}
HELP_CONTROLS = {"help", "flyover"}
OPTION_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")

Problem = tuple[str, str]


class Withheld:
    """An answer that was given but is not handed on (a de-identified export's free text or
    call-back phone): written as a masked answer, so that a required question stays answered."""

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()


def masked_answer() -> dict:
    """An answer without its value, marked as removed for privacy (data-absent-reason "masked")."""
    return {"extension": [{"url": DATA_ABSENT_REASON_EXTENSION, "valueCode": "masked"}]}


class QuestionnaireImportError(ValueError):
    """A Questionnaire that cannot become a survey, with every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{link_id}: {message}" if link_id else message for link_id, message in self.problems]
        return "\n".join([_("This questionnaire cannot be imported:"), *(f"- {line}" for line in lines)])


def put_text(target: dict, name: str, text: str | None) -> None:
    # FHIR strings may not be empty: an empty text is left out and read back as "".
    if text:
        target[name] = text


def json_number(value: float | int | Decimal) -> int | float:
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def number_text(value: float | int | Decimal) -> str:
    """A number as a condition value: ``6`` rather than ``6.0``."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


# Import ---------------------------------------------------------------------------------------


def find_extension(element: dict, url: str) -> dict | None:
    for extension in element.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == url:
            return extension
    return None


def extension_value(element: dict, url: str, default: Any = None, kind: type | None = None) -> Any:
    """The value[x] of an element's extension with this URL; ``default`` if missing or not a ``kind``."""
    extension = find_extension(element, url)
    if extension is None:
        return default
    kind = kind or (type(default) if default is not None else object)
    for name, value in extension.items():
        if name.startswith("value"):
            return value if isinstance(value, kind) else default
    return default


def item_controls(item: dict) -> set[str]:
    concept = extension_value(item, ITEM_CONTROL_EXTENSION, {})
    return {coding.get("code") for coding in concept.get("coding") or [] if isinstance(coding, dict)}


def is_help(item: dict) -> bool:
    return item.get("type") == "display" and bool(item_controls(item) & HELP_CONTROLS)


def answer_of(element: dict) -> tuple[str, object] | None:
    """The (kind, value) of an enableWhen answer[x] or a response answer value[x]."""
    for name, kind in (
        ("Coding", "coding"),
        ("Boolean", "boolean"),
        ("Integer", "integer"),
        ("String", "string"),
    ):
        for prefix in ("answer", "value"):
            if prefix + name in element:
                value = element[prefix + name]
                return kind, (value.get("code") if kind == "coding" else value)
    for prefix in ("answer", "value"):
        if prefix + "Decimal" in element:
            return "decimal", element[prefix + "Decimal"]
    if extension_value(element, DATA_ABSENT_REASON_EXTENSION) == "masked":
        return "masked", None
    return None
