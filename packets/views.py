"""The patient's side of a packet: the emailed link, the list of pages, the combined
handout (to print or as a PDF) and the way to stop the emails.

As with survey invitations, the emailed link's token is exchanged for a session at once and
the reader is sent on to an address without it; every page after that finds the packet in
the session. Nothing here is cached, and nothing about the reader is kept but when the
packet was first opened and how often each of its pages was.
"""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from packets import selectors, services
from packets.handout import handout_html, handout_pdf
from packets.models import Packet
from packets.sending import OPT_OUT_SALT
from portal.ratelimit import rate_limit_exceeded
from portal.selectors import liaison_contact
from portal.token_links import no_referrer, token_guessing_limited
from surveys.sending import greeting_name
from surveys.services import address_opt_out

# Building a PDF takes a good part of a second: plenty for a reader, little for a script.
PDFS_PER_HOUR = 30


def _page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def _link_problem(request, *, status: int = 404) -> HttpResponse:
    """The friendly page for a link that is unknown (404), or expired or withdrawn (410)."""
    response = _page(request, "packets/link_problem.html", {"gone": status == 410}, status=status)
    # The address may hold a token: no page it links to may learn it.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _session_packet(request) -> tuple[Packet | None, HttpResponse | None]:
    """The packet this browser opened, or the response to send instead."""
    packet = selectors.packet_for_session(request)
    if packet is None:
        return None, _link_problem(request, status=404)
    if not packet.usable:
        return None, _link_problem(request, status=410)
    return packet, None


@no_referrer  # outermost: the 405 for a POST to a link carries it too
@require_GET
@token_guessing_limited
def packet_link(request, token: str):
    """Exchange the emailed token for a session, then send the reader to the packet's page
    (in the packet's language) at an address without the token."""
    packet = selectors.packet_for_token(token=token)
    if packet is None:
        return _link_problem(request, status=404)
    if not packet.usable:
        return _link_problem(request, status=410)
    request.session.cycle_key()
    request.session[selectors.SESSION_PACKET] = packet.pk
    services.packet_open(packet=packet)
    with translation.override(packet.language):
        url = reverse("packet_page")
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    return response


@require_GET
def packet_page(request):
    """The packet's pages in the liaison's order, each with a link to open it."""
    packet, problem = _session_packet(request)
    if problem is not None:
        return problem
    transition = packet.transition
    context = {
        "packet": packet,
        "items": selectors.packet_items(packet=packet),
        "choices": selectors.packet_choices(packet=packet),
        "name": greeting_name(transition),
        "is_proxy": transition.respondent == transition.PROXY,
        "liaison": liaison_contact(user=transition.liaison),
    }
    return _page(request, "packets/packet.html", context)


@require_GET
def packet_item(request, item_id: int):
    """Count one opening of a page of the packet, then show the page."""
    packet, problem = _session_packet(request)
    if problem is not None:
        return problem
    item = selectors.packet_item(packet=packet, item_id=item_id)
    url = item.page.get_url(request=request) if item is not None else None
    if url is None:
        raise Http404
    services.item_open(item=item)
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    return response


@require_GET
def packet_print(request):
    """Every page of the packet in one printable page."""
    packet, problem = _session_packet(request)
    if problem is not None:
        return problem
    html = handout_html(packet=packet, request=request, language=translation.get_language())
    response = HttpResponse(html)
    add_never_cache_headers(response)
    return response


@require_GET
def packet_pdf(request):
    """The same handout as a PDF file to save or print."""
    packet, problem = _session_packet(request)
    if problem is not None:
        return problem
    if rate_limit_exceeded(request, scope="packet-pdf", limit=PDFS_PER_HOUR, period_seconds=3600):
        return _page(request, "packets/too_many.html", {}, status=429)
    with translation.override(packet.language):
        filename = f"{slugify(_('care materials')) or 'care-materials'}.pdf"
    response = HttpResponse(handout_pdf(packet=packet), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    add_never_cache_headers(response)
    return response


@csrf_exempt  # RFC 8058 one-click: mail programs POST here without a form of ours
@no_referrer
def opt_out(request, signed: str):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST stops every
    packet and survey email to the address."""
    try:
        packet_id = signing.loads(signed, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return _link_problem(request)
    packet = selectors.packet_with_transition(packet_id=packet_id)
    if packet is None or not packet.transition.email:
        return _link_problem(request)
    if request.method == "POST":
        address_opt_out(email=packet.transition.email)
        return _page(request, "packets/opted_out.html", {})
    return _page(request, "packets/opt_out.html", {"action": request.path})
