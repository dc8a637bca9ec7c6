"""The demo education library, read from its data files in demo/library/.

The page text lives as data so that whoever reviews it reads text, not Python:

    demo/library/glossary.json     [{"term", "definition", "term_es", "definition_es"}]
    demo/library/conditions.json   [{"slug", "name", "name_es", "icd10": [...], "snomed": [...]}]
    demo/library/en/<slug>.md      one English page
    demo/library/es/<slug>.md      its Spanish version (``translation_of`` names the English slug)

A page file starts with front matter between two ``---`` lines, one ``key: value`` a line:

    title, az_name, summary         the page's fields ("az_name" is the name the A to Z lists use)
    audience                        patients or families (English only)
    condition or kind               the condition slug (health topics) or the care setting kind
    order                           its place among its index page's children (English only)
    glossary                        the glossary terms the page uses, separated by "; " (English only)
    translation_of                  the English page's slug (Spanish only)

Then the body, one StreamField block of content.blocks after another, each opened by a line
``[block_type]``, followed by the block's heading or urgency where it has one:

    [in_short]                      "- " key points
    [text]                          a small Markdown: "## ", "### ", "- " items, **bold**, paragraphs
    [steps] Heading                 "1. " steps
    [checklist] Heading             "- " items
    [questions] Heading             "- " questions
    [care_card] urgency             "- " signs; emergency, urgent or routine
    [warning] Heading               one line of text
    [do_dont]                       "Do: " and "Don't: " lines
    [faq]                           "Q: " and "A: " lines, in pairs

``library_load()`` returns what the seeding code (demo.library_seed) reads: a body is a list
of (block_type, value) pairs with the values content.blocks takes, a text block's value its
HTML. A malformed file raises LibraryFileError naming the file and line.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIBRARY_DIR = Path(__file__).resolve().parent / "library"

Block = tuple[str, Any]
ENGLISH_KEYS = {"title", "az_name", "summary", "audience", "condition", "kind", "order", "glossary"}
SPANISH_KEYS = {"translation_of", "title", "az_name", "summary"}
BLOCK_LINE = re.compile(r"^\[(?P<type>[a-z_]+)\](?: (?P<label>.+))?$")
STEP = re.compile(r"^\d+\. (?P<text>.+)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")


class LibraryFileError(ValueError):
    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Library:
    glossary: list[dict[str, str]]
    conditions: list[dict[str, Any]]
    condition_pages: list[dict[str, Any]]
    care_setting_pages: list[dict[str, Any]]
    glossary_on_page: dict[str, list[str]]  # English page slug → the glossary terms it uses


@functools.cache
def library_load(folder: Path = LIBRARY_DIR) -> Library:
    """Every page, term and condition of the demo library, in the order the seed creates them."""
    english = [_page_file(path, ENGLISH_KEYS) for path in sorted((folder / "en").glob("*.md"))]
    spanish = {}
    for path in sorted((folder / "es").glob("*.md")):
        page = _page_file(path, SPANISH_KEYS)
        spanish[page.pop("translation_of")] = page
    unknown = set(spanish) - {page["slug"] for page in english}
    if unknown:
        raise LibraryFileError(folder / "es", f"translation_of names no English page: {sorted(unknown)}")
    glossary_on_page, condition_pages, care_setting_pages = {}, [], []
    for page in sorted(english, key=lambda page: page.pop("order")):
        page["es"] = spanish.get(page["slug"])
        (condition_pages if "condition" in page else care_setting_pages).append(page)
    for page in [*condition_pages, *care_setting_pages]:
        glossary_on_page[page["slug"]] = page.pop("glossary")
    return Library(
        glossary=json.loads((folder / "glossary.json").read_text(encoding="utf-8")),
        conditions=json.loads((folder / "conditions.json").read_text(encoding="utf-8")),
        condition_pages=condition_pages,
        care_setting_pages=care_setting_pages,
        glossary_on_page=glossary_on_page,
    )


def _page_file(path: Path, keys: set[str]) -> dict[str, Any]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        raise LibraryFileError(path, "must start with front matter between two '---' lines")
    end = lines.index("---", 1)
    page: dict[str, Any] = {"slug": path.stem}
    for number, line in enumerate(lines[1:end], start=2):
        key, separator, value = line.partition(": ")
        if not separator or key not in keys or key in page:
            expected = sorted(keys - set(page))
            raise LibraryFileError(path, f"expected one of {expected} as 'key: value'", number)
        page[key] = value
    missing = keys - {"condition", "kind"} - set(page)
    if missing or ("audience" in keys and len({"condition", "kind"} & set(page)) != 1):
        raise LibraryFileError(path, f"front matter lacks {sorted(missing) or 'one of condition or kind'}")
    if "order" in page:
        page["order"] = _number(path, page["order"])
    if "glossary" in page:
        page["glossary"] = page["glossary"].split("; ")
    page["body"] = _body(path, lines, start=end + 1)
    return page


def _number(path: Path, value: str) -> int:
    if not value.isdigit():
        raise LibraryFileError(path, f"order must be a whole number, not {value!r}")
    return int(value)


def _body(path: Path, lines: list[str], *, start: int) -> list[Block]:
    """The blocks after the front matter: each opening line with the lines up to the next one."""
    blocks: list[tuple[int, re.Match, list[str]]] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        opening = BLOCK_LINE.match(line)
        if opening:
            blocks.append((number, opening, []))
        elif blocks:
            blocks[-1][2].append(line)
        elif line.strip():
            raise LibraryFileError(path, "text before the first [block_type] line", number)
    body = []
    for number, opening, content in blocks:
        parse = BLOCK_PARSERS.get(opening["type"])
        if parse is None:
            raise LibraryFileError(path, f"unknown block type {opening['type']!r}", number)
        filled = [line for line in content if line.strip()]
        try:
            body.append((opening["type"], parse(opening["label"], filled)))
        except ValueError as error:
            raise LibraryFileError(path, f"[{opening['type']}]: {error}", number) from error
    return body


def _items(lines: list[str], pattern: re.Pattern | str = "- ") -> list[str]:
    items = []
    for line in lines:
        if isinstance(pattern, str):
            if not line.startswith(pattern):
                raise ValueError(f"every line starts with {pattern!r}: {line!r}")
            items.append(line.removeprefix(pattern))
        else:
            found = pattern.match(line)
            if not found:
                raise ValueError(f"every line is numbered '1. ': {line!r}")
            items.append(found["text"])
    return items


def _labelled(label: str | None) -> str:
    if not label:
        raise ValueError("the opening line needs a heading after the block type")
    return label


def _only_one(lines: list[str]) -> str:
    if len(lines) != 1:
        raise ValueError("takes exactly one line of text")
    return lines[0]


def _do_dont(label: str | None, lines: list[str]) -> dict:
    dos = [line.removeprefix("Do: ") for line in lines if line.startswith("Do: ")]
    donts = [line.removeprefix("Don't: ") for line in lines if line.startswith("Don't: ")]
    if len(dos) + len(donts) != len(lines):
        raise ValueError("every line starts with 'Do: ' or 'Don't: '")
    return {"dos": dos, "donts": donts}


def _faq(label: str | None, lines: list[str]) -> dict:
    questions, answers = lines[0::2], lines[1::2]
    if len(questions) != len(answers) or not all(
        question.startswith("Q: ") and answer.startswith("A: ")
        for question, answer in zip(questions, answers, strict=True)
    ):
        raise ValueError("lines come in pairs, 'Q: ' then 'A: '")
    return {
        "items": [
            {"question": question.removeprefix("Q: "), "answer": answer.removeprefix("A: ")}
            for question, answer in zip(questions, answers, strict=True)
        ]
    }


def markdown_to_html(lines: list[str]) -> str:
    """The small Markdown of a [text] block as the rich text the editor stores: a "## " or
    "### " line a heading, a run of "- " lines a list, any other line a paragraph."""
    parts, items = [], []
    for line in [*lines, ""]:
        if line.startswith("- "):
            items.append(f"<li>{_inline(line[2:])}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.startswith("### "):
            parts.append(f"<h3>{_inline(line[4:])}</h3>")
        elif line.startswith("## "):
            parts.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line:
            parts.append(f"<p>{_inline(line)}</p>")
    return "".join(parts)


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", html.escape(text, quote=False))


BLOCK_PARSERS = {
    "in_short": lambda label, lines: {"items": _items(lines)},
    "text": lambda label, lines: markdown_to_html(lines),
    "steps": lambda label, lines: {"heading": _labelled(label), "steps": _items(lines, STEP)},
    "checklist": lambda label, lines: {"heading": _labelled(label), "items": _items(lines)},
    "questions": lambda label, lines: {"heading": label or "", "questions": _items(lines)},
    "care_card": lambda label, lines: {"urgency": _labelled(label), "symptoms": _items(lines)},
    "warning": lambda label, lines: {"heading": _labelled(label), "text": _only_one(lines)},
    "do_dont": _do_dont,
    "faq": _faq,
}
