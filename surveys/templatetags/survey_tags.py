from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from content.routing import cached
from surveys.forms import step_form_class

register = template.Library()


@register.simple_tag(takes_context=True)
def page_feedback_form(context, page):
    """The "Was this page helpful?" form. It carries no CSRF token and nothing personal,
    so the page around it can be served from the page cache; the same form for the same
    page is drawn once until anything is next published (see content.routing)."""
    feedback = context.get("nav_urls", {}).get("page_feedback")
    if not feedback or not getattr(page, "pk", None):
        return ""

    def draw() -> str:
        form = step_form_class(feedback["questions"])(prefix="feedback", honeypot=True)
        action = reverse("page_feedback", kwargs={"page_id": page.pk})
        return render_to_string(
            "surveys/includes/page_feedback.html", {"feedback": feedback, "form": form, "action": action}
        )

    key = (page.pk, feedback.get("version_id", ""))
    return mark_safe(cached("page-feedback", key, draw, request=context.get("request")))
