"""The demo library's data files: each loads, each body is a valid StreamField value, every page
keeps its Spanish version. (When the text left Python for these files, the commit that made
them compared the loaded library with the old literals: equal.)"""

import re

import pytest

from content.blocks import EducationStreamBlock
from demo.loader import LIBRARY_DIR, LibraryFileError, library_load, markdown_to_html


def test_every_page_file_is_read():
    library = library_load()
    pages = [*library.condition_pages, *library.care_setting_pages]
    assert {page["slug"] for page in pages} == {path.stem for path in (LIBRARY_DIR / "en").glob("*.md")}
    assert {page["es"]["slug"] for page in pages} == {path.stem for path in (LIBRARY_DIR / "es").glob("*.md")}


def test_every_english_page_keeps_its_spanish_version():
    library = library_load()
    pages = library.condition_pages + library.care_setting_pages
    assert len(pages) == 12 and all(page["es"] is not None for page in pages)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_body_is_a_valid_education_stream(language):
    stream = EducationStreamBlock()
    library = library_load()
    for page in library.condition_pages + library.care_setting_pages:
        version = page if language == "en" else page["es"]
        value = stream.to_python([{"type": kind, "value": value} for kind, value in version["body"]])
        stream.clean(value)


def test_the_text_markdown_becomes_the_editors_rich_text():
    lines = ["## Heading", "A **bold** start & end.", "- one", "- two", "", "### Small", "Last."]
    assert markdown_to_html(lines) == (
        "<h2>Heading</h2><p>A <strong>bold</strong> start &amp; end.</p>"
        "<ul><li>one</li><li>two</li></ul><h3>Small</h3><p>Last.</p>"
    )


def _library_with(tmp_path, english: str):
    (tmp_path / "en").mkdir()
    (tmp_path / "es").mkdir()
    (tmp_path / "glossary.json").write_text("[]")
    (tmp_path / "conditions.json").write_text("[]")
    (tmp_path / "en" / "page.md").write_text(english)
    return library_load.__wrapped__(tmp_path)


FRONT = "---\ntitle: T\naz_name: A\nsummary: S\naudience: patients\nkind: snf\norder: 1\nglossary: G\n---\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: T\n", "front matter"),
        (FRONT.replace("kind: snf\n", ""), "one of condition or kind"),
        (FRONT.replace("title: T", "colour: blue"), "page.md:2"),
        (FRONT + "[in_short]\n* not a list item\n", "page.md:10: [in_short]: every line starts with '- '"),
        (FRONT + "[steps]\n1. one\n2. two\n", "needs a heading"),
        (FRONT + "[faq]\nQ: alone\n", "in pairs"),
        (FRONT + "[sidebar]\n- x\n", "unknown block type 'sidebar'"),
        (FRONT + "stray words\n", "before the first [block_type]"),
    ],
)
def test_a_malformed_page_file_names_the_file_and_what_is_wrong(tmp_path, text, message):
    with pytest.raises(LibraryFileError, match=re.escape(message)):
        _library_with(tmp_path, text)
