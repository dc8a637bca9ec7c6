"""The reader's side of a packet: the emailed link, the list of pages, opening a page, the
combined handout (print view and PDF) and stopping the emails."""

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.files.images import ImageFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.images.models import Image

from content.models import ArticlePage
from content.services import education_page_publish
from packets import handout
from packets.models import Packet, PacketItem, PacketToken
from packets.selectors import SESSION_PACKET
from packets.sending import opt_out_link, packets_sweep
from packets.services import packet_save, packet_send, packet_withdraw
from surveys.models import token_hash
from surveys.sending import OPT_OUT_SALT as SURVEY_OPT_OUT_SALT
from tests.library import body, page_fields
from tests.packets.factories import make_transition
from transitions.models import EmailOptOut

pytestmark = pytest.mark.django_db

TOKEN = "a-known-token-for-the-tests-0123456789abcdefghijk"


def sent(packet: Packet, *, token: str = TOKEN, expires_in: dt.timedelta = dt.timedelta(days=30)) -> str:
    """Mark ``packet`` sent with a link whose token is ``token``, as the sweep would."""
    now = timezone.now()
    PacketToken.objects.create(packet=packet, token_hash=token_hash(token))
    Packet.objects.filter(pk=packet.pk).update(status=Packet.SENT, sent_at=now, expires_at=now + expires_in)
    packet.refresh_from_db()
    return token


def opened(client: Client, packet: Packet, *, token: str = TOKEN):
    """Follow the emailed link of a sent packet; returns the redirect."""
    with translation.override(packet.language):
        prefix = "" if packet.language == settings.LANGUAGE_CODE else f"/{packet.language}"
    return client.get(f"{prefix}/p/{token}/")


def in_window() -> dt.datetime:
    """Ten in the morning today, inside the default sending window."""
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)


def prefixed(language: str, path: str) -> str:
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def assert_never_cached(response):
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


# --- the emailed link ------------------------------------------------------------------


def test_the_emailed_link_is_exchanged_for_a_session_and_leaves_the_address(packet, liaison, client):
    packet_send(packet=packet, user=liaison, now=in_window())
    result = packets_sweep(now=in_window() + dt.timedelta(minutes=1), keep_links=True)
    assert result.sent == 1 and len(mail.outbox) == 1
    link = urlsplit(result.links[packet.pk])
    token = link.path.rstrip("/").rsplit("/", 1)[-1]
    assert link.path == f"/es/p/{token}/" and link.path in mail.outbox[0].body

    before = client.session.session_key
    response = client.get(link.path)

    assert response.status_code == 302
    assert response["Location"] == "/es/packet/"
    assert token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert_never_cached(response)
    assert client.session[SESSION_PACKET] == packet.pk
    assert client.session.session_key != before  # a new session key: no fixation
    packet.refresh_from_db()
    assert packet.opened_at is not None


def test_an_english_packet_opens_at_the_address_without_a_language_prefix(library, hospital, liaison, client):
    transition = make_transition(facility=hospital, reference="EN-1", language="en")
    packet = packet_save(transition=transition, pages=[library["heart"]], user=liaison)
    sent(packet)
    response = opened(client, packet)
    assert response.status_code == 302 and response["Location"] == "/packet/"


@pytest.mark.both_databases
def test_opened_at_is_set_the_first_time_only(packet, client):
    sent(packet)
    opened(client, packet)
    packet.refresh_from_db()
    first = packet.opened_at
    assert first is not None
    opened(Client(), packet)
    packet.refresh_from_db()
    assert packet.opened_at == first


def friendly(language: str) -> str:
    with translation.override(language):
        return gettext("This link cannot be used")


def test_an_unknown_token_gets_the_friendly_page(db, client):
    for path, language in (
        ("/p/not-a-token/", "en"),
        ("/es/p/not-a-token/", "es"),
        (f"/p/{'x' * 300}/", "en"),
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert friendly(language) in response.content.decode()
        assert response["Referrer-Policy"] == "no-referrer"
        assert_never_cached(response)
    assert SESSION_PACKET not in client.session


def test_an_expired_link_gets_the_friendly_page_with_gone(packet, client):
    sent(packet, expires_in=-dt.timedelta(minutes=1))
    response = opened(client, packet)
    assert response.status_code == 410
    with translation.override(packet.language):
        gone = gettext("This link to your care materials has expired or was withdrawn by your care team.")
    assert gone in response.content.decode()
    assert SESSION_PACKET not in client.session
    packet.refresh_from_db()
    assert packet.opened_at is None


def test_a_withdrawn_packet_no_longer_opens(packet, liaison, client):
    sent(packet)
    Packet.objects.filter(pk=packet.pk).update(status=Packet.WITHDRAWN)
    assert opened(client, packet).status_code == 410
    # Withdrawing through the service also forgets the link's token: then it is unknown.
    packet_withdraw(packet=packet, user=liaison)
    assert opened(client, packet).status_code == 404


def test_a_packet_not_yet_sent_does_not_open(packet, client):
    PacketToken.objects.create(packet=packet, token_hash=token_hash(TOKEN))
    assert opened(client, packet).status_code == 410


def test_only_get_exchanges_a_token(packet, client):
    sent(packet)
    assert client.post(f"/es/p/{TOKEN}/").status_code == 405


# --- the packet's page -----------------------------------------------------------------


def test_without_a_session_packet_every_packet_page_is_the_friendly_page(db, client):
    for path in ("/packet/", "/es/packet/print/", "/packet/handout.pdf", "/packet/page/1/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert friendly("es" if path.startswith("/es/") else "en") in response.content.decode()


def test_the_packet_page_lists_the_pages_in_order_with_the_fallback_note(packet, library, client):
    sent(packet)
    opened(client, packet)
    response = client.get("/es/packet/")
    assert response.status_code == 200
    assert_never_cached(response)
    html = response.content.decode()
    assert re.search(r'<html lang="es"', html)
    snf, heart = library["snf"].title, library["heart_es"].title
    # The care setting first (suggested first), then the Spanish heart failure page.
    assert html.index(snf) < html.index(heart)
    assert re.search(rf'<h3 class="portal-packet__title" lang="en"><a href="[^"]+">{snf}</a></h3>', html)
    assert re.search(rf'<h3 class="portal-packet__title" lang="es"><a href="[^"]+">{heart}</a></h3>', html)
    assert f'<p class="portal-packet__summary" lang="en">{library["snf"].summary}</p>' in html
    with translation.override("es"):
        note = gettext("This page is not yet available in your language, so it is shown in English.")
    assert html.count("portal-packet__fallback") == 1 and note in html
    assert "Rosa" in html
    assert 'href="/es/packet/print/"' in html and 'href="/es/packet/handout.pdf"' in html

    # The liaison's order is the reader's order.
    items = list(packet.items.order_by("position"))
    PacketItem.objects.filter(pk=items[0].pk).update(position=5)
    html = client.get("/es/packet/").content.decode()
    assert html.index(heart) < html.index(snf)


def test_the_packet_page_names_the_family_member_who_reads_for_the_patient(
    library, hospital, liaison, client
):
    transition = make_transition(
        facility=hospital, reference="PX-1", language="en", respondent="proxy", proxy_name="Marta"
    )
    packet = packet_save(transition=transition, pages=[library["heart"]], user=liaison)
    sent(packet)
    opened(client, packet)
    html = client.get("/packet/").content.decode()
    assert "Hello Marta." in html and "the person you care for" in html


def test_a_session_packet_withdrawn_later_gets_the_friendly_page(packet, liaison, client):
    sent(packet)
    opened(client, packet)
    packet_withdraw(packet=packet, user=liaison)
    for path in ("/es/packet/", "/es/packet/print/", "/es/packet/handout.pdf"):
        assert client.get(path).status_code == 410, path


def more_pages(library, count: int) -> list:
    return [
        education_page_publish(
            parent=library["topics"],
            model=ArticlePage,
            slug=f"extra-{number}",
            fields=page_fields(f"Extra page {number}", f"Summary of extra page {number}."),
            body=body(),
        )
        for number in range(count)
    ]


def packet_page_queries(client: Client) -> int:
    client.get("/packet/")  # caches what every page caches (the menu's addresses)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/packet/")
    assert response.status_code == 200
    return len(queries)


def test_the_packet_page_takes_the_same_number_of_queries_for_one_page_and_for_five(
    library, hospital, liaison
):
    extra = more_pages(library, 4)
    counts = []
    for reference, pages in (("Q-1", [library["heart"]]), ("Q-5", [library["heart"], *extra])):
        transition = make_transition(facility=hospital, reference=reference, language="en")
        packet = packet_save(transition=transition, pages=pages, user=liaison)
        sent(packet, token=f"token-{reference}-0123456789abcdefghijklmnopqrstuv")
        client = Client()
        opened(client, packet, token=f"token-{reference}-0123456789abcdefghijklmnopqrstuv")
        assert packet.items.count() == len(pages)
        counts.append(packet_page_queries(client))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 6, counts


# --- opening a page --------------------------------------------------------------------


@pytest.mark.both_databases
def test_opening_a_page_counts_it_and_shows_the_page(packet, library, client):
    sent(packet)
    opened(client, packet)
    item = packet.items.get(page=library["heart_es"])
    response = client.get(f"/es/packet/page/{item.pk}/")
    assert response.status_code == 302 and response["Location"] == library["heart_es"].url
    item.refresh_from_db()
    first = item.first_opened_at
    assert item.opened_count == 1 and first is not None
    client.get(f"/es/packet/page/{item.pk}/")
    item.refresh_from_db()
    assert item.opened_count == 2 and item.first_opened_at == first


def test_a_page_of_another_packet_is_not_found(packet, library, hospital, liaison, client):
    sent(packet)
    opened(client, packet)
    other = packet_save(
        transition=make_transition(facility=hospital, reference="OT-1", language="en"),
        pages=[library["copd"]],
        user=liaison,
    )
    item = other.items.get()
    assert client.get(f"/es/packet/page/{item.pk}/").status_code == 404
    item.refresh_from_db()
    assert item.opened_count == 0


# --- the combined handout --------------------------------------------------------------


def test_the_print_view_holds_every_page_in_full_with_its_care_card(packet, library, client, organization):
    sent(packet)
    opened(client, packet)
    response = client.get("/es/packet/print/")
    assert response.status_code == 200
    assert_never_cached(response)
    html = response.content.decode()
    assert re.search(r'<html lang="es"', html)
    for page in (library["snf"], library["heart_es"]):
        assert html.count(page.title) >= 2  # in the list on the cover and as the page's title
    # From the organization, in Spanish, with the liaison responsible for the move.
    assert "Riverside Health eligió estas páginas" in html
    assert "Su enlace para el traslado es Nora North." in html
    assert "Llame a Riverside Health al (410) 555-0142" in re.sub(r"<[^>]+>", "", html)
    # Each page's whole body, its "When to get help" card included.
    assert html.count('class="portal-block portal-care-card portal-care-card--emergency"') == 2
    assert "You cannot breathe." in html and "Get up and use the toilet." in html
    # One h1 (the cover); the pages are h2 and their sections h3.
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r'<h2 class="portal-handout__page-title"', html)
    assert re.search(r'<h3 class="portal-care-card__heading"', html)
    assert not re.search(r'<h2 class="portal-care-card__heading"', html)
    assert re.search(r'<article class="portal-handout__page" id="packet-page-1" lang="en"', html)
    assert re.search(r'<article class="portal-handout__page" id="packet-page-2" lang="es"', html)
    assert "<script>" not in html and "style=" not in html


def test_each_page_of_the_handout_speaks_its_own_language_and_names_its_regions(packet, library, client):
    sent(packet)
    opened(client, packet)
    html = client.get("/es/packet/print/").content.decode()
    english_page, spanish_page = html.split('id="packet-page-2"')
    english_page = english_page.split('id="packet-page-1"')[1]
    # The English page (no Spanish version yet) keeps its blocks' words in English.
    assert ">In short<" in english_page
    with translation.override("es"):
        assert f">{gettext('In short')}<" in spanish_page
    # Regions of the same name on two pages are told apart by their page's title.
    assert re.search(r'aria-labelledby="care-card-[\w-]+ packet-page-1-title"', english_page)
    assert re.search(r'aria-labelledby="in-short-[\w-]+ packet-page-2-title"', spanish_page)


def test_the_handout_for_the_pdf_is_a_document_of_its_own(packet):
    html = handout.handout_html(packet=packet, for_pdf=True)
    with translation.override("es"):
        title = gettext("Your care materials")
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="es">' in html and f"<title>{title}</title>" in html
    assert 'href="/static/css/handout.css"' in html
    assert "portal-header" not in html


def test_the_pdf_has_a_text_layer_a_title_and_the_packets_language(packet, library, client):
    sent(packet)
    opened(client, packet)
    response = client.get("/es/packet/handout.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert re.search(r'filename="[\w-]+\.pdf"', response["Content-Disposition"])
    assert_never_cached(response)
    assert response.content.startswith(b"%PDF")

    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for page in (library["snf"], library["heart_es"]):
        assert page.title in text
    assert "You cannot breathe." in text
    with translation.override("es"):
        assert reader.metadata.title == gettext("Your care materials")
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert len(reader.pages) >= 3  # the cover, then each page on sheets of its own


def test_an_english_packets_pdf_says_english(library, hospital, liaison):
    transition = make_transition(facility=hospital, reference="EN-2", language="en")
    packet = packet_save(transition=transition, pages=[library["heart"], library["copd"]], user=liaison)
    reader = PdfReader(io.BytesIO(handout.handout_pdf(packet=packet)))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Your care materials"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Living with heart failure" in text and "Living with COPD" in text


def test_a_picture_stored_here_goes_into_the_pdf(library, hospital, liaison, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    picture = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(picture, "PNG")
    image = Image.objects.create(title="A scale", file=ImageFile(picture, name="scale.png"))
    page = education_page_publish(
        parent=library["topics"],
        model=ArticlePage,
        slug="weighing",
        fields=page_fields("Weighing yourself", "How to weigh yourself."),
        body=[*body(), ("image", {"image": image, "alt_text": "A bathroom scale", "caption": ""})],
    )
    transition = make_transition(facility=hospital, reference="IM-1", language="en")
    packet = packet_save(transition=transition, pages=[page], user=liaison)
    assert 'src="/media/images/' in handout.handout_html(packet=packet, for_pdf=True)
    reader = PdfReader(io.BytesIO(handout.handout_pdf(packet=packet)))
    assert sum(len(sheet.images) for sheet in reader.pages) >= 1


def test_the_pdf_reads_only_this_servers_own_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "chart.png").write_bytes(b"\x89PNG")
    prefixes = {"static_prefix": "http://portal.test/static/", "media_prefix": "http://portal.test/media/"}
    stylesheet = handout.local_file("http://portal.test/static/css/handout.css", **prefixes)
    assert stylesheet is not None and stylesheet.name == "handout.css"
    assert handout.local_file("http://portal.test/media/images/chart.png?v=1", **prefixes) == (
        tmp_path / "images" / "chart.png"
    )
    for url in (
        "https://images.example.org/chart.png",
        "http://portal.test/media/../../etc/passwd",
        "http://portal.test/static/../../../etc/passwd",
        "http://portal.test/media/images/missing.png",
        "file:///etc/passwd",
    ):
        assert handout.local_file(url, **prefixes) is None, url
    fetcher = handout._fetcher_class()(base_url="http://portal.test/")
    with pytest.raises(ValueError):
        fetcher.fetch("https://images.example.org/chart.png")
    assert fetcher.fetch("http://portal.test/static/css/handout.css").read().strip()


# --- stopping the emails ---------------------------------------------------------------


@pytest.mark.both_databases
def test_the_stop_link_asks_first_then_stops_every_email_to_the_address(packet, hospital, liaison, client):
    stop = urlsplit(opt_out_link(packet)).path
    assert stop.startswith("/es/stop/packet/")
    confirm = client.get(stop)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    assert not EmailOptOut.objects.exists()  # a GET (a link scanner) changes nothing

    other = packet_save(
        transition=make_transition(facility=hospital, reference="HF-2", email=packet.transition.email),
        pages=[packet.items.first().page],
        user=liaison,
    )
    packet_send(packet=other, user=liaison, now=in_window())
    # One-click unsubscribe (RFC 8058): a POST with no CSRF token.
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(stop, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailOptOut.objects.count() == 1
    other.refresh_from_db()
    assert other.status == Packet.CANCELLED


def test_a_stop_link_with_a_bad_signature_gets_the_friendly_page(packet, client):
    survey_signed = signing.dumps(packet.pk, salt=SURVEY_OPT_OUT_SALT, compress=True)
    for path in ("/stop/packet/not-signed/", f"/stop/packet/{survey_signed}/"):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert not EmailOptOut.objects.exists()
