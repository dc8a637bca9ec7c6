"""Shared pieces for the Feedback area (survey review) tests in a real browser."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from playwright.sync_api import Browser, Page

from feedback.followups import followups_open
from feedback.models import FollowUp
from surveys.models import Response
from surveys.services import survey_page_ensure
from tests.e2e.survey_helpers import open_page
from tests.factories import StaffUserFactory, activate_totp
from tests.surveys.factories import GOOD, POOR, answered_response
from transitions.models import Facility

DESKTOP_VIEWPORT = {"width": 1400, "height": 1000}
PHONE_VIEWPORT = {"width": 390, "height": 844}

# Markup a patient (or a careless import) could type; it must come back as text and never run.
PAYLOAD = "<img src=x onerror=window.__xss=1>"
SCRIPT_PAYLOAD = "<script>window.__xss=1</script>"
DETAILS = f"Nobody told us about the new medicine. {PAYLOAD}"

CHART_NAMES = {"trend", "questions", "by_facility", "by_destination", "by_liaison"}


# --- the data a reviewer looks at -------------------------------------------------------------


def reviewer(role: str, **fields):
    """A staff account in ``role`` with an authenticator app; ``totp_secret`` holds its secret."""
    user = StaffUserFactory(role=role, **fields)
    user.totp_secret = activate_totp(user)
    return user


@dataclass
class Feedback:
    north: Facility
    south: Facility
    north_liaison: object
    south_liaison: object
    manager: object
    poor: Response
    followup: FollowUp
    references: dict[str, list[str]] = field(default_factory=dict)


def feedback_build(*, home_page, survey) -> Feedback:
    """Five responses over four months at two hospitals; the newest North one is poor, has
    markup in its free text and opened follow-ups. A facility name carries markup too, so
    that the dashboard's tables and chart labels are tried with it."""
    page = survey_page_ensure(parent=home_page, slug="move", title="Move", survey=survey, access="invitation")
    north = Facility.objects.create(name="North Hospital", kind="hospital")
    south = Facility.objects.create(name=f"South Hospital {PAYLOAD}", kind="hospital")
    north_liaison = reviewer("Liaison", first_name="Nora", last_name="North")
    south_liaison = reviewer("Liaison", first_name="Sol", last_name="South")
    north.liaisons.add(north_liaison)
    south.liaisons.add(south_liaison)
    manager = reviewer("Liaison manager", first_name="Max", last_name="Manager")

    now = timezone.now()
    mixed = {**GOOD, "preferences": "3", "overall": "6", "understood_medicines": "3"}
    poor_answers = {**POOR, "problem_details": DETAILS, "comment": SCRIPT_PAYLOAD}
    rows = [
        ("N-1", north, north_liaison, poor_answers, 3, "snf"),
        ("N-2", north, north_liaison, GOOD, 40, "home_health"),
        ("N-3", north, north_liaison, mixed, 100, "snf"),
        ("S-1", south, south_liaison, GOOD, 10, "home_health"),
        ("S-2", south, south_liaison, mixed, 70, "snf"),
    ]
    responses = {}
    for reference, facility, liaison, answers, days_ago, destination in rows:
        responses[reference] = answered_response(
            page=page,
            facility=facility,
            answers=answers,
            reference=reference,
            liaison=liaison,
            when=now - dt.timedelta(days=days_ago),
            destination_kind=destination,
        )
    poor = responses["N-1"]
    followups_open(response_id=poor.pk)
    return Feedback(
        north=north,
        south=south,
        north_liaison=north_liaison,
        south_liaison=south_liaison,
        manager=manager,
        poor=poor,
        followup=FollowUp.objects.filter(response=poor).order_by("pk").first(),
        references={"north": ["N-1", "N-2", "N-3"], "south": ["S-1", "S-2"]},
    )


# --- a browser page that records everything that went wrong on it -----------------------------

_REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
  );
});
"""


def watched_page(browser: Browser, *, viewport: dict | None = None) -> Page:
    """A page in a new context (see ``open_page``) that also records, in ``page.problems``,
    Content-Security-Policy violations (the DOM event), console errors, uncaught script
    errors and any dialog (which it dismisses). Close it with ``page.context.close()``."""
    page = open_page(browser, viewport=viewport or DESKTOP_VIEWPORT)
    problems: dict[str, list[str]] = {"csp": [], "console": [], "script": [], "dialog": []}
    page.problems = problems
    page.expose_function("__reportCspViolation", lambda report: problems["csp"].append(report))
    page.add_init_script(_REPORT_CSP)
    page.on(
        "console",
        lambda message: (
            problems["console"].append(f"{message.text} [{message.location.get('url', '')}]")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems["script"].append(str(error)))

    def dismiss(dialog) -> None:
        problems["dialog"].append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return page


def settle(page: Page) -> None:
    """Let queued events (violation reports, deferred scripts) reach the recorders."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)))")


def problems_seen(page: Page, *, expected_console: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """What went wrong since the last call, by kind (nothing when all went well), then forgets
    it. ``expected_console`` lists console errors the caller knows are right (exact text)."""
    settle(page)
    page.problems["console"][:] = [text for text in page.problems["console"] if text not in expected_console]
    seen = {kind: list(found) for kind, found in page.problems.items() if found}
    for found in page.problems.values():
        found.clear()
    page.csp_violations.clear()
    return seen


def payload_ran(page: Page) -> bool:
    return page.evaluate("() => typeof window.__xss !== 'undefined'")


def charts_and_tables(page: Page) -> list[dict]:
    """Each chart canvas with its accessible name, the table after it in its section (data
    rows, and rows in the JSON the chart draws) and whether Chart.js drew it."""
    return page.evaluate(
        """() => {
        const data = JSON.parse(document.getElementById("review-chart-data").textContent);
        return [...document.querySelectorAll("canvas[data-chart]")].map((canvas) => {
          const name = canvas.dataset.chart;
          const section = canvas.closest("section");
          const table = section && [...section.querySelectorAll("table.listing")].find(
            (candidate) => canvas.compareDocumentPosition(candidate) & Node.DOCUMENT_POSITION_FOLLOWING);
          const rows = table
            ? [...table.tBodies[0].rows].filter((row) => !row.querySelector("[colspan]"))
            : [];
          return {
            name,
            role: canvas.getAttribute("role"),
            label: (canvas.getAttribute("aria-label") || "").trim(),
            table: Boolean(table),
            table_rows: rows.length,
            json_rows: (data[name] || []).length,
            drawn: typeof window.Chart !== "undefined" && window.Chart.getChart(canvas) !== undefined,
          };
        });
    }"""
    )


def cut_off_on_the_right(page: Page, *, within: str = "main .nice-padding") -> list[str]:
    """The outermost elements under ``within`` that reach past the right edge of the screen
    and are not inside a box that scrolls sideways: Wagtail's admin hides the page's sideways
    overflow (``overflow-x: hidden`` on body and main), so such content is cut off, not
    scrolled to, and ``scrollWidth`` alone never shows it."""
    return page.evaluate(
        """(within) => {
        const limit = window.innerWidth + 1;
        const scrollsSideways = (element) => {
          for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(node).overflowX)) return true;
          }
          return false;
        };
        const tooWide = [...document.querySelectorAll(`${within} *`)].filter((element) => {
          const box = element.getBoundingClientRect();
          return box.width > 0 && box.right > limit && !scrollsSideways(element);
        });
        return tooWide
          .filter((element) => !tooWide.includes(element.parentElement))
          .map((element) => {
            const box = element.getBoundingClientRect();
            const classes = element.classList.length ? "." + [...element.classList].join(".") : "";
            const name = element.id ? "#" + element.id : "";
            const caption = element.caption ? ` "${element.caption.textContent.trim()}"` : "";
            return `${element.tagName.toLowerCase()}${name}${classes}${caption} `
              + `(${Math.round(box.left)}–${Math.round(box.right)} px)`;
          });
    }""",
        within,
    )
