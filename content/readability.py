"""Plain-language figures for education text: grade level, sentence length, long sentences.

Targets (CDC Clear Communication Index, NIH/MedlinePlus easy-to-read guidance): warn above
grade 6, require a written reason above grade 8 or above 20 words per sentence on average.
textstat is pinned at 0.7.8, the last release that works offline.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass, field

import textstat
from wagtail.rich_text import RichText

GRADE_WARNING = 6.0
GRADE_LIMIT = 8.0
SENTENCE_WORDS_LIMIT = 20.0

# textstat keeps its language in module state; switch it under a lock.
_language_lock = threading.Lock()
_BLOCK_TAGS = re.compile(r"</?(p|li|h[1-6]|div|br|tr|td|th|dt|dd|blockquote|summary|section)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)


# Grade-level formulas made for each language: Flesch-Kincaid for English, Crawford (1984),
# a grade-level formula normed on Spanish text, for Spanish. Flesch-Kincaid on Spanish text
# overstates the grade by four to six years.
GRADE_FORMULAS = {"en": "Flesch-Kincaid", "es": "Crawford"}


@dataclass(frozen=True)
class Readability:
    grade: float
    smog: float
    words: int
    sentences: int
    average_sentence_words: float
    longest_sentences: list[tuple[int, str]] = field(default_factory=list)
    formula: str = "Flesch-Kincaid"

    @property
    def needs_reason(self) -> bool:
        """Publishing needs a written reason: above grade 8 or long sentences on average."""
        return self.grade > GRADE_LIMIT or self.average_sentence_words > SENTENCE_WORDS_LIMIT

    @property
    def above_warning(self) -> bool:
        return self.grade > GRADE_WARNING


def text_from_html(markup: str) -> str:
    """Readable text of rich-text HTML: block elements end lines, tags and entities go."""
    text = _BLOCK_TAGS.sub("\n", markup)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


def split_sentences(text: str) -> list[str]:
    """Sentences, ending at . ! ? or a line break (list items and headings end without a stop)."""
    parts = (part.strip() for part in _SENTENCE_END.split(text))
    return [part for part in parts if _WORD.search(part)]


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def readability_measure(*, text: str, language: str = "en", longest: int = 3) -> Readability:
    """Grade level (Flesch-Kincaid; Crawford for Spanish), SMOG, words per sentence and the
    longest sentences."""
    sentences = split_sentences(text)
    words = sum(count_words(sentence) for sentence in sentences)
    if not words:
        return Readability(grade=0.0, smog=0.0, words=0, sentences=0, average_sentence_words=0.0)
    # textstat counts sentences its own way; joining ours with full stops keeps both agreed.
    normalised = " ".join(s if s[-1] in ".!?" else s + "." for s in sentences)
    with _language_lock:
        textstat.set_lang(language)
        try:
            if language == "es":
                grade = textstat.crawford(normalised)
            else:
                grade = textstat.flesch_kincaid_grade(normalised)
            smog = textstat.smog_index(normalised)
        finally:
            textstat.set_lang("en")
    unique = dict.fromkeys(sentences)  # a sentence repeated on the page is listed once
    ranked = sorted(((count_words(s), s) for s in unique), key=lambda item: item[0], reverse=True)
    return Readability(
        grade=round(grade, 1),
        smog=round(smog, 1),
        words=words,
        sentences=len(sentences),
        average_sentence_words=round(words / len(sentences), 1),
        longest_sentences=ranked[:longest],
        formula=GRADE_FORMULAS.get(language, "Flesch-Kincaid"),
    )


def stream_text(stream) -> str:
    """The reader-facing text of a StreamField, one line per item, without markup."""
    lines: list[str] = []
    for child in stream:
        if isinstance(child.value, RichText):
            lines.append(text_from_html(child.value.source))
        else:
            lines.extend(str(item) for item in child.block.get_searchable_content(child.value))
    return "\n".join(line for line in lines if line.strip())
