from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()


@register.filter
def phone_link(number: str) -> str:
    """A phone number people can tap on a phone, kept on one line."""
    digits = "".join(character for character in number if character.isdigit() or character == "+")
    if not digits:
        return conditional_escape(number)
    return format_html('<a class="portal-phone" href="tel:{}">{}</a>', digits, number)
