"""A patient's education packet in a real browser: from the emailed link to the list of
pages, the printable handout and the PDF, with zero axe-core violations and no CSP report."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from packets.models import Packet, PacketToken
from surveys.models import token_hash
from tests.packets.conftest import hospital, liaison, packet, transition  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

TOKEN = "an-e2e-token-0123456789abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
def sent_packet(packet):  # noqa: F811 - the fixture imported above
    """Rosa's Spanish packet (a care-setting page in English, the heart failure page in
    Spanish), sent with a link whose token is TOKEN."""
    now = timezone.now()
    PacketToken.objects.create(packet=packet, token_hash=token_hash(TOKEN))
    Packet.objects.filter(pk=packet.pk).update(
        status=Packet.SENT, sent_at=now, expires_at=now + dt.timedelta(days=90)
    )
    return packet


def test_the_link_opens_the_packet_then_its_pages_the_handout_and_the_pdf(
    page, live_server, library, sent_packet, assert_accessible
):
    response = page.goto(f"{live_server.url}/es/p/{TOKEN}/")
    assert response.status == 200
    assert page.url == f"{live_server.url}/es/packet/"
    assert page.locator("html").get_attribute("lang") == "es"
    titles = page.locator(".portal-packet__title")
    assert titles.all_inner_texts() == [library["snf"].title, library["heart_es"].title]
    assert titles.first.get_attribute("lang") == "en"
    assert page.locator(".portal-packet__fallback").count() == 1
    assert_accessible(page)

    # A page opens from the packet, in its own language.
    titles.nth(1).get_by_role("link").click()
    page.wait_for_url(re.compile(re.escape(library["heart_es"].url) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == library["heart_es"].title
    page.go_back()

    # Every page in one printable page, each on a sheet of its own when printed.
    page.locator('a[href="/es/packet/print/"]').first.click()
    page.wait_for_url(f"{live_server.url}/es/packet/print/")
    assert page.locator("article.portal-handout__page").count() == 2
    assert page.locator(".portal-care-card").count() == 2
    assert_accessible(page)
    page.emulate_media(media="print")
    breaks = page.locator("article.portal-handout__page").evaluate_all(
        "pages => pages.map(p => getComputedStyle(p).breakBefore)"
    )
    assert breaks == ["page", "page"]
    assert page.locator(".portal-handout-tools").is_hidden()
    page.emulate_media(media="screen")

    # The PDF, with the reader's session.
    href = page.locator('a[href$="/handout.pdf"]').first.get_attribute("href")
    pdf = page.request.get(live_server.url + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment")
    assert pdf.body().startswith(b"%PDF")


def test_an_expired_link_gets_an_accessible_friendly_page(page, live_server, sent_packet, assert_accessible):
    Packet.objects.filter(pk=sent_packet.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    response = page.goto(f"{live_server.url}/es/p/{TOKEN}/")
    assert response.status == 410
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(page)
