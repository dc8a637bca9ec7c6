"""What the queue, the follow-up page and the response page show of a case at the top: what
the patient's transition is known by, the comment with the matched words marked, the
call-back request and its phone number, and the reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from feedback.followup_rules import comment_marked
from feedback.models import FollowUp


@dataclass
class CaseSummary:
    reference: str  # the transition's reference; empty for an anonymous response
    comments: list[SafeString] = field(default_factory=list)
    call_back: bool = False
    phones: list[str] = field(default_factory=list)


def matched_words(followup: FollowUp) -> list[str]:
    """The words the keyword rule matched (stored on its reason, never the answer)."""
    return [
        word.strip()
        for reason in followup.reasons.all()
        if reason.kind == FollowUp.KEYWORD
        for word in reason.detail.split(",")
        if word.strip()
    ]


def case_summary(followup: FollowUp, *, answers=None, limit: int = 240) -> CaseSummary:
    """The summary of ``followup``; ``answers`` are its response's answers (the queue
    prefetches the ones with text as ``response.comments``)."""
    response = followup.response
    if answers is None:
        answers = getattr(response, "comments", None)
    if answers is None:
        answers = response.answers.exclude(text="")
    transition = response.transition
    words = matched_words(followup)
    # Free text has no code; a call-back keeps "yes" as its code and the phone as its text.
    return CaseSummary(
        reference=transition.external_reference if transition else "",
        comments=[
            comment_marked(answer.text, words, limit=limit)
            for answer in answers
            if not answer.code and answer.text
        ],
        call_back=any(reason.kind == FollowUp.CALL_BACK for reason in followup.reasons.all()),
        phones=[answer.text for answer in answers if answer.code == "yes" and answer.text],
    )
