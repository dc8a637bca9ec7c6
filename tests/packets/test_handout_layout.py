"""The handout PDF's page breaks, measured in the PDF itself: the stylesheet is compiled from
static/scss/handout.scss for the test, so what is checked is the source, not an older build."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from pypdf import PdfReader

from content.models import ArticlePage
from content.services import education_page_publish
from packets import handout
from packets.services import packet_save
from tests.library import body, page_fields
from tests.packets.factories import make_transition

pytestmark = pytest.mark.django_db

SASS = Path(django_settings.BASE_DIR) / "node_modules" / ".bin" / "sass"
# Answers of one to nine sentences, so that across a few sheets some question falls at the
# foot of a sheet unless the stylesheet keeps it with its answer.
FAQ_ITEMS = [
    {
        "question": f"Question {number} about going home?",
        "answer": f"Answer {number} starts here. "
        + "Your care team will explain this part to you. " * (number % 9 * 3 + 1),
    }
    for number in range(1, 41)
]


@pytest.fixture
def handout_stylesheet(settings, tmp_path):
    """The handout stylesheet compiled from its source, found before any built copy."""
    if not SASS.exists():
        pytest.skip("the front-end tools are not installed (npm ci)")
    target = tmp_path / "css" / "handout.css"
    subprocess.run(
        [
            str(SASS),
            f"--load-path={django_settings.BASE_DIR / 'node_modules/@uswds/uswds/packages'}",
            "--no-source-map",
            f"{django_settings.BASE_DIR / 'static/scss/handout.scss'}:{target}",
        ],
        check=True,
        timeout=60,
    )
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    return target


def _sheet_of(texts: list[str], needle: str) -> int:
    return next(index for index, text in enumerate(texts) if needle in text)


def test_no_question_of_a_faq_is_left_at_the_foot_of_a_sheet_without_its_answer(
    library, hospital, liaison, handout_stylesheet
):
    page = education_page_publish(
        parent=library["topics"],
        model=ArticlePage,
        slug="going-home-questions",
        fields=page_fields("Questions about going home", "What people often ask."),
        body=[*body(), ("faq", {"items": FAQ_ITEMS})],
    )
    transition = make_transition(facility=hospital, reference="FAQ-1", language="en")
    packet = packet_save(transition=transition, pages=[page], user=liaison)
    reader = PdfReader(io.BytesIO(handout.handout_pdf(packet=packet)))
    texts = [re.sub(r"\s+", " ", sheet.extract_text()) for sheet in reader.pages]
    assert len(texts) >= 4  # the cover, then the questions over several sheets
    separated = [
        number
        for number in range(1, len(FAQ_ITEMS) + 1)
        if _sheet_of(texts, f"Question {number} about") != _sheet_of(texts, f"Answer {number} starts")
    ]
    assert separated == []
