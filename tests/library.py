"""A small education library built through the same services the demo seeding uses."""

import datetime as dt

import pytest

from content.models import ArticlePage, CareSettingPage
from content.services import (
    condition_upsert,
    education_page_publish,
    index_pages_ensure,
    page_translation_publish,
)

TODAY = dt.date.today()


def page_fields(title: str, summary: str, **extra) -> dict:
    return {
        "title": title,
        "summary": summary,
        "audience": "patients",
        "last_reviewed": TODAY - dt.timedelta(days=30),
        "next_review_due": TODAY + dt.timedelta(days=365),
        "reviewer": "A. Reviewer, RN",
        **extra,
    }


def body(*, care_card: bool = True, text: str = "Take your water pill every morning.") -> list:
    blocks = [("in_short", {"items": ["Weigh yourself each day.", "Call us if you gain weight fast."]})]
    blocks.append(("text", f"<p>{text}</p>"))
    if care_card:
        blocks.append(("care_card", {"urgency": "emergency", "symptoms": ["You cannot breathe."]}))
    blocks.append(
        ("steps", {"heading": "Each morning", "steps": ["Get up and use the toilet.", "Weigh yourself."]})
    )
    return blocks


@pytest.fixture
def library(home_page):
    """Home → health topics (heart failure, COPD) and care settings (nursing facility), plus Spanish."""
    topics, settings_index = index_pages_ensure(home=home_page)
    heart = condition_upsert(name="Heart failure", icd10=["I50.9", "I50.20"], snomed=["84114007"])
    copd = condition_upsert(name="COPD", icd10=["J44.9"], snomed=["13645005"])
    heart_page = education_page_publish(
        parent=topics,
        model=ArticlePage,
        slug="heart-failure",
        fields=page_fields("Living with heart failure", "How to care for your heart at home."),
        body=body(text="Heart failure means your heart does not pump as well as it should."),
        conditions=[heart],
    )
    copd_page = education_page_publish(
        parent=topics,
        model=ArticlePage,
        slug="copd",
        fields=page_fields("Living with COPD", "Breathe easier with a daily plan."),
        body=body(text="COPD makes it hard to breathe out."),
        conditions=[copd],
    )
    snf_page = education_page_publish(
        parent=settings_index,
        model=CareSettingPage,
        slug="skilled-nursing-facility",
        fields=page_fields(
            "What to expect in a skilled nursing facility",
            "Nurses and therapists help you get stronger.",
            care_setting_kind="snf",
        ),
        body=body(text="A skilled nursing facility gives you nursing care and therapy."),
    )
    home_es = page_translation_publish(
        page=home_page,
        language_code="es",
        slug="inicio",
        fields={"title": "Cuidado después del hospital"},
        body=None,
    )
    topics_es = page_translation_publish(
        page=topics, language_code="es", slug="temas-de-salud", fields={"title": "Temas de salud"}, body=None
    )
    heart_es = page_translation_publish(
        page=heart_page,
        language_code="es",
        slug="insuficiencia-cardiaca",
        fields=page_fields("Vivir con insuficiencia cardíaca", "Cómo cuidar su corazón en casa."),
        body=body(text="La insuficiencia cardíaca significa que su corazón no bombea tan bien como debería."),
    )
    return {
        "home": home_page,
        "home_es": home_es,
        "topics": topics,
        "topics_es": topics_es,
        "care_settings": settings_index,
        "heart": heart_page,
        "heart_es": heart_es,
        "copd": copd_page,
        "snf": snf_page,
        "conditions": {"heart": heart, "copd": copd},
    }
