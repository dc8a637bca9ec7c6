"""Reading an Infobutton request the way MedlinePlus Connect does.

EHRs send what they were configured to send for Connect: repeated or indexed criteria
(``mainSearchCriteria.v.c``, ``.c1``, ``.c2``…, each with its own ``.cs`` and ``.dn``),
ICD-10-CM with or without the dot, ISO 639-1 or -2 language codes with regions, and a
``knowledgeResponseType``. Anything we cannot answer is a ``BadLookup`` that carries the
format the caller asked for, so the error reaches them in a shape they can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from content.models.snippets import CODE_PATTERNS, CODE_SYSTEM_OIDS, ICD10CM

MAX_CRITERIA = 10
MAX_DISPLAY_NAME = 200
ATOM_TYPES = {"text/xml", "application/atom+xml", "application/xml"}
JSON = "application/json"
JSONP = "application/javascript"
# A dotted JavaScript name and nothing else: the callback is written into a script.
SAFE_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,4}$", re.ASCII)
CRITERION_KEY = re.compile(r"^mainSearchCriteria\.v\.(c|cs|dn)([1-9][0-9]?)?$")
# ISO 639-2 (and the 639-2/B variant) for the languages we publish in.
LANGUAGE_ALIASES = {"en": "en", "eng": "en", "es": "es", "spa": "es"}
SYSTEM_OIDS = {system: oid for oid, system in CODE_SYSTEM_OIDS.items()}


class BadLookup(ValueError):
    """A parameter the caller must fix; its message is shown to them in ``response_type``."""

    def __init__(self, message: str, *, response_type: str = "text/xml", callback: str = ""):
        super().__init__(message)
        self.response_type = response_type
        self.callback = callback


@dataclass(frozen=True)
class Criterion:
    """One ``mainSearchCriteria`` (plain or indexed): codes in one system and/or display names."""

    system: str | None
    codes: tuple[str, ...] = ()
    display_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class LookupRequest:
    """What the caller asked for, normalised; ``echo`` is the request as feed categories."""

    criteria: tuple[Criterion, ...]
    language: str
    requested_language: str
    response_type: str
    language_fallback: bool
    callback: str = ""
    echo: tuple[tuple[str, str], ...] = ()


def lookup_request_parse(*, params) -> LookupRequest:
    """The request in ``params`` (a QueryDict), or ``BadLookup`` naming what to fix."""
    response_type, callback = _response_type(params)
    try:
        criteria, echo = _criteria(params)
    except BadLookup as problem:
        raise BadLookup(str(problem), response_type=response_type, callback=callback) from None
    requested = (params.get("informationRecipient.languageCode.c") or "").strip()[:35]
    echo.append(("informationRecipient.languageCode.c", requested or "en"))
    echo.append(("knowledgeResponseType", response_type))
    language = LANGUAGE_ALIASES.get(_primary(requested or "en"))
    return LookupRequest(
        criteria=criteria,
        language=language or "en",
        requested_language=requested,
        language_fallback=language is None,
        response_type=response_type,
        callback=callback,
        echo=tuple(echo),
    )


def _primary(language: str) -> str:
    return re.split(r"[-_]", language.lower(), maxsplit=1)[0]


def _response_type(params) -> tuple[str, str]:
    asked = (params.get("knowledgeResponseType") or "text/xml").strip().lower()
    if asked in ATOM_TYPES:
        return "text/xml", ""
    if asked == JSON:
        return JSON, ""
    if asked != JSONP:
        raise BadLookup(
            _("knowledgeResponseType must be text/xml, application/json or application/javascript.")
        )
    callback = (params.get("callback") or "").strip()
    if not SAFE_CALLBACK.match(callback):
        # No safe name to wrap the error in: answer it as JSON.
        raise BadLookup(
            _("application/javascript needs a callback that is a JavaScript name, such as handleFeed."),
            response_type=JSON,
        )
    return JSONP, callback


def _criteria(params) -> tuple[tuple[Criterion, ...], list[tuple[str, str]]]:
    indexes = sorted(
        {m.group(2) or "" for key in params if (m := CRITERION_KEY.match(key))}, key=_index_order
    )
    criteria, echo = [], []
    for index in indexes:
        criterion = _criterion(params, index)
        if criterion.codes or criterion.display_names:
            criteria.append(criterion)
            echo += [(f"mainSearchCriteria.v.c{index}", code) for code in criterion.codes]
            if criterion.codes:
                echo.append((f"mainSearchCriteria.v.cs{index}", SYSTEM_OIDS[criterion.system]))
            echo += [(f"mainSearchCriteria.v.dn{index}", name) for name in criterion.display_names]
    if not criteria:
        raise BadLookup(
            _(
                "mainSearchCriteria.v.c (an ICD-10-CM or SNOMED CT code) "
                "or mainSearchCriteria.v.dn is required."
            )
        )
    if sum(len(c.codes) + len(c.display_names) for c in criteria) > MAX_CRITERIA:
        raise BadLookup(_("Give at most %(count)s codes and display names.") % {"count": MAX_CRITERIA})
    return tuple(criteria), echo


def _index_order(index: str) -> int:
    return int(index or 0)


def _criterion(params, index: str) -> Criterion:
    raw_codes = [c.strip() for c in params.getlist(f"mainSearchCriteria.v.c{index}") if c.strip()]
    names = [
        " ".join(n.split())[:MAX_DISPLAY_NAME] for n in params.getlist(f"mainSearchCriteria.v.dn{index}")
    ]
    names = tuple(dict.fromkeys(n for n in names if n))
    if not raw_codes:
        return Criterion(system=None, display_names=names)
    system = CODE_SYSTEM_OIDS.get((params.get(f"mainSearchCriteria.v.cs{index}") or "").strip())
    if system is None:
        raise BadLookup(
            _(
                "mainSearchCriteria.v.cs%(index)s must be 2.16.840.1.113883.6.90 (ICD-10-CM) "
                "or 2.16.840.1.113883.6.96 (SNOMED CT)."
            )
            % {"index": index}
        )
    codes = tuple(dict.fromkeys(code_normalise(system=system, code=code) for code in raw_codes))
    bad = [code for code in codes if not CODE_PATTERNS[system].match(code)]
    if bad:
        raise BadLookup(_("Not a valid code for that code system: %(code)s") % {"code": bad[0][:20]})
    return Criterion(system=system, codes=codes, display_names=names)


def code_normalise(*, system: str, code: str) -> str:
    """``code`` as stored: upper case, and ICD-10-CM with its dot (EHRs often send ``I509``)."""
    code = code.strip().upper()
    if system == ICD10CM and "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code
