"""How the patient-facing survey pages are sent: never cached, since each shows one person's
own answers or link."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def never_cached_page(request, template: str, context: dict, *, status: int = 200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def link_problem(request, *, status: int = 404):
    return never_cached_page(request, "surveys/link_problem.html", {}, status=status)
