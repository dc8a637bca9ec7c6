"""Shared pieces for the survey tests in a real browser."""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from surveys import definition as d
from tests.factories import STAFF_PASSWORD
from tests.portal.test_login import current_totp_code
from tests.surveys.factories import snapshot_question

PHONE_VIEWPORT = {"width": 390, "height": 844}


def open_page(browser: Browser, *, viewport: dict | None = None, locale: str = "en-US") -> Page:
    """A page in a new browser context (a new device), collecting CSP violations like the
    ``page`` fixture does. Close it with ``page.context.close()``."""
    context = browser.new_context(viewport=viewport or PHONE_VIEWPORT, locale=locale)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page


def sign_in(page: Page, base_url: str, user) -> None:
    """Sign in as ``user`` (password, then the authenticator code) and land in the admin."""
    page.goto(base_url + "/admin/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(current_totp_code(user.totp_secret))
    page.get_by_role("button", name="Sign In").click()
    # The home page gathers each role's work lists: allow for a machine busy with other tests.
    try:
        page.wait_for_url("**/admin/", timeout=45_000)
    except PlaywrightTimeoutError:
        if "/2fa/authenticate/" not in page.url:
            raise
        # The code was turned down (it went stale on a slow machine): one more, from the
        # next 30-second window, as a person would type the new one.
        time.sleep(30 - time.time() % 30 + 1)
        page.get_by_label("Code").fill(current_totp_code(user.totp_secret))
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url("**/admin/", timeout=45_000)


def step_url(survey_page, step) -> str:
    """A step's address in the page's language (/step/1/, or /paso/1/ on a Spanish page)."""
    return survey_page.url + survey_page.subpage_path("step", step=str(step))


# --- answering -----------------------------------------------------------------------------
# Radio buttons are drawn as tiles with the input itself moved off-screen, so a person
# clicks the label; the radio's checked state is read from the input.


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_text(answer, exact=True).click()


def save_button(page: Page):
    """The step's main button ("Save and continue" / "Send my answers"), whatever the language."""
    return page.locator("form.survey-form button[type=submit][data-once]")


def back_button(page: Page):
    return page.locator("form.survey-form button[name=wizard_goto_step]")


def step_heading(page: Page) -> str:
    return page.locator(".usa-step-indicator__heading-text").inner_text().strip()


def current_step_number(page: Page) -> str:
    return page.locator(".usa-step-indicator__current-step").inner_text().strip()


def focused(page: Page) -> dict:
    """A few facts about the element that has the keyboard focus."""
    return page.evaluate(
        """() => { const e = document.activeElement;
        const label = e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
        return {tag: e.tagName, id: e.id, name: e.getAttribute('name'), type: e.getAttribute('type'),
                value: e.value === undefined ? null : e.value, cls: String(e.className),
                label: label ? label.innerText.trim() : null,
                text: (e.innerText || '').trim().slice(0, 80)}; }"""
    )


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# --- the survey of the acceptance scenario, as the manager builds it in the admin ----------

WORDING = {
    "en": {
        "title": "Your move home",
        "introduction": "Tell us how your move from the hospital went. It takes about 3 minutes.",
        "privacy_notice": "Only your care team sees your answers.",
        "thank_you": "Thank you for telling us about your move.",
        "step1": "Before the move",
        "step2": "After the move",
        "step3": "Last questions",
        "preferences": "My wishes were taken into account.",
        "problem": "Did anything go wrong?",
        "overall": "How would you rate the move?",
        "problem_details": "What went wrong?",
        "call_back": "Would you like a call?",
        "purpose": "A nurse calls you within 2 working days.",
        "comment": "Anything else you want to tell us?",
    },
    "es": {
        "title": "Su regreso a casa",
        "introduction": "Cuéntenos cómo fue su salida del hospital. Le tomará unos 3 minutos.",
        "privacy_notice": "Solo su equipo de atención ve sus respuestas.",
        "thank_you": "Gracias por contarnos sobre su traslado.",
        "step1": "Antes del traslado",
        "step2": "Después del traslado",
        "step3": "Últimas preguntas",
        "preferences": "Se tuvieron en cuenta mis deseos.",
        "problem": "¿Salió algo mal?",
        "overall": "¿Cómo calificaría el traslado?",
        "problem_details": "¿Qué salió mal?",
        "call_back": "¿Quiere que le llamemos?",
        "purpose": "Una enfermera le llama en 2 días hábiles.",
        "comment": "¿Algo más que quiera decirnos?",
    },
}


def journey_snapshot(language: str = "en") -> dict:
    """The acceptance survey: agreement and yes/no (``problem``) on step 1; a required 0–10
    rating, a long text asked only if ``problem`` is yes, and a call-back on step 2; a short
    text on step 3. The same keys in every language, the wording from WORDING."""
    w = WORDING[language]
    return {
        "title": w["title"],
        "introduction": w["introduction"],
        "privacy_notice": w["privacy_notice"],
        "thank_you": w["thank_you"],
        "anonymous": False,
        "language": language,
        "steps": [
            {
                "title": w["step1"],
                "questions": [
                    snapshot_question(
                        "preferences",
                        d.AGREEMENT,
                        w["preferences"],
                        scored=True,
                        options=d.agreement_options(4, not_applicable=False),
                    ),
                    snapshot_question("problem", d.YES_NO, w["problem"], options=d.yes_no_options()),
                ],
            },
            {
                "title": w["step2"],
                "questions": [
                    snapshot_question(
                        "overall", d.RATING, w["overall"], scored=True, options=d.scale_options()
                    ),
                    snapshot_question(
                        "problem_details",
                        d.LONG_TEXT,
                        w["problem_details"],
                        max_length=500,
                        show_if={"key": "problem", "operator": d.EQUALS, "value": "yes"},
                    ),
                    snapshot_question(
                        "call_back", d.CALLBACK, w["call_back"], required=False, purpose=w["purpose"]
                    ),
                ],
            },
            {
                "title": w["step3"],
                "questions": [
                    snapshot_question("comment", d.SHORT_TEXT, w["comment"], required=False, max_length=200),
                ],
            },
        ],
    }


# --- "Was this page helpful?" at the foot of education pages -----------------------------


def page_feedback_enable(*, locale):
    """Ask the shipped page-feedback survey on every education page; returns the survey."""
    from django.core.cache import cache, caches

    from demo.survey_templates import template_snapshot
    from surveys.models import SurveySettings
    from surveys.services import survey_create_from_snapshot

    survey = survey_create_from_snapshot(snapshot=template_snapshot("page-feedback", "en"), locale=locale)
    chosen = SurveySettings.load()
    chosen.page_feedback_survey = survey
    chosen.save()
    # The feedback questions are cached with the navigation, and whole pages in the page cache.
    cache.clear()
    caches["pages"].clear()
    return survey
