from django import template

from surveys import definition

register = template.Library()


@register.filter
def is_scale(question: dict) -> bool:
    """A 0–10 question, shown as a row of numbered tiles."""
    return question.get("type") in (definition.RATING, definition.NPS)


@register.inclusion_tag("surveys/includes/page_feedback.html", takes_context=True)
def page_feedback_form(context, page):
    """The "Was this page helpful?" form. It carries no CSRF token and nothing personal,
    so the page around it can be served from the page cache."""
    from django.urls import reverse

    from surveys.forms import step_form_class

    feedback = context.get("nav_urls", {}).get("page_feedback")
    if not feedback or not getattr(page, "pk", None):
        return {"feedback": None}
    form = step_form_class(feedback["questions"])(prefix="feedback", honeypot=True)
    return {
        "feedback": feedback,
        "form": form,
        "action": reverse("page_feedback", kwargs={"page_id": page.pk}),
    }
