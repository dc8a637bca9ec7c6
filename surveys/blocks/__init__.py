"""The blocks a manager builds a survey from: steps holding questions of each type.

Keys and option codes are RegexBlocks, which wagtail-localize leaves untranslated, so a
Spanish translation keeps the English keys and results stay comparable. ``snapshot_steps``
turns a survey's blocks into the frozen definition (see surveys.definition);
``stream_from_snapshot`` does the reverse, for FHIR import and shipped templates.

Split into ``base`` (key, codes, condition, the base question block), ``questions`` (one
block per question type) and ``steps``; every name is exported here, where migrations find
the blocks (see ``base.DECONSTRUCT_ALIASES``).
"""

from surveys.blocks.base import KEY_ERROR, KEY_HELP, CodeBlock, KeyBlock, QuestionBlock, ShowIfBlock
from surveys.blocks.questions import (
    AgreementBlock,
    CallbackBlock,
    ChoiceQuestionBlock,
    LongTextBlock,
    MatrixBlock,
    MultipleChoiceBlock,
    OptionBlock,
    RatingBlock,
    RecommendBlock,
    ScaleBlock,
    ShortTextBlock,
    SingleChoiceBlock,
    StatementBlock,
    TextQuestionBlock,
    YesNoBlock,
)
from surveys.blocks.steps import QuestionsBlock, StepBlock, StepsBlock, snapshot_steps, stream_from_snapshot

__all__ = [
    "KEY_ERROR",
    "KEY_HELP",
    "AgreementBlock",
    "CallbackBlock",
    "ChoiceQuestionBlock",
    "CodeBlock",
    "KeyBlock",
    "LongTextBlock",
    "MatrixBlock",
    "MultipleChoiceBlock",
    "OptionBlock",
    "QuestionBlock",
    "QuestionsBlock",
    "RatingBlock",
    "RecommendBlock",
    "ScaleBlock",
    "ShortTextBlock",
    "ShowIfBlock",
    "SingleChoiceBlock",
    "StatementBlock",
    "StepBlock",
    "StepsBlock",
    "TextQuestionBlock",
    "YesNoBlock",
    "snapshot_steps",
    "stream_from_snapshot",
]
