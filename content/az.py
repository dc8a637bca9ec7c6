"""The A to Z of the library's index pages, in the page's language: its alphabet, the
letter a name is listed under, and the order names are listed in (ignoring case and
accents, with Spanish's ñ a letter of its own)."""

from __future__ import annotations

import string
import unicodedata

# Spanish orders ñ as a letter of its own, after n; every other accent is folded away.
_ALPHABETS = {"es": [*string.ascii_uppercase[:14], "Ñ", *string.ascii_uppercase[14:]]}


def az_alphabet(*, language: str) -> list[str]:
    """The letters of the A to Z bar in ``language``."""
    return _ALPHABETS.get(language, list(string.ascii_uppercase))


def _az_fold(name: str, *, language: str) -> str:
    """``name`` in upper case with accents removed (but ñ kept where the alphabet has it)."""
    keep = set(az_alphabet(language=language))
    folded = []
    for char in name.strip().upper():
        if char not in keep:
            char = unicodedata.normalize("NFKD", char)[:1]
        folded.append(char)
    return "".join(folded)


def az_letter(name: str, *, language: str) -> str:
    """The letter ``name`` is listed under: "Úlceras" under U, "Ñame" under Ñ in Spanish."""
    first = _az_fold(name, language=language)[:1]
    return first if first in az_alphabet(language=language) else "#"


def az_sort_key(name: str, *, language: str) -> tuple:
    """Sorts names in ``language``'s alphabetical order, ignoring case and accents."""
    order = {letter: index for index, letter in enumerate(az_alphabet(language=language))}
    folded = _az_fold(name, language=language)
    return tuple((order.get(char, -1 if not char.isalnum() else len(order)), char) for char in folded)


def az_sorted(pages, *, language: str) -> list:
    """Education pages in A to Z order of the name people look for."""
    return sorted(pages, key=lambda page: az_sort_key(page.az_label, language=language))
