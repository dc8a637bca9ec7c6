"""The pieces of a care transition's timeline: the steps each section lists and the
sections the apps above add through ``TRANSITION_TIMELINE_SECTIONS`` (transitions.hooks).
No email body, address or token goes into a step."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def error_shown(error: str) -> str:
    """A delivery error without the email addresses a mail server may quote in it."""
    return _ADDRESS.sub("[address]", error or "").strip()


@dataclass(frozen=True)
class Step:
    label: str
    at: dt.datetime | None = None
    detail: str = ""
    tone: str = ""  # "good", "bad", "pending" or ""


@dataclass(frozen=True)
class TimelineSection:
    """One section of a transition's timeline page: its template sees ``context`` as
    ``section``, next to the page's ``transition`` and ``time_format``."""

    template: str
    context: dict = field(default_factory=dict)
