"""The seeded demo speaks for a real-looking organization, and every address it writes
starts with BASE_URL: no patient page, email or handout says "Your care team",
example.com or localhost, and no internal link of the public site is broken."""

import datetime as dt
import io
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

FORBIDDEN = ("Your care team", "example.com", "no-reply@localhost", "localhost")
ORGANIZATION = "Riverside Health"
HELP_LINE = "(410) 555-0142"
# Not crawled: staff sign-in and the admins (not public), and document downloads (files).
NOT_CRAWLED = ("/admin/", "/django-admin/", "/accounts/", "/es/accounts/", "/documents/")


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks):
    """`make run`'s demo: seed_demo as it runs there (it needs the demo's DEBUG)."""
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    cache.clear()
    caches["pages"].clear()
    mail.outbox.clear()


def invite(**options) -> str:
    """`make invite`: a demo transition and its survey email, sent now; what it printed."""
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("invite_demo_patient", stdout=out, **options)
    return out.getvalue()


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>)]+", text)


def assert_speaks_for_the_organization(what: str, text: str) -> None:
    for word in FORBIDDEN:
        assert word not in text, f"{what} contains {word!r}"
    for link in links_in(text):
        if urlsplit(link).hostname in {"www.w3.org"}:  # XHTML doctype of Wagtail's emails
            continue
        assert link.startswith(settings.WAGTAILADMIN_BASE_URL + "/"), f"{what}: {link}"


def email_text(email) -> str:
    parts = [email.from_email, email.subject, email.body]
    parts += [content for content, _type in getattr(email, "alternatives", [])]
    return "\n".join(parts)


def send_every_email_kind(client: Client, django_capture_on_commit_callbacks) -> dict[str, list]:
    """Every kind of email the demo sends, in both languages where patients get them."""
    from django.contrib.auth import get_user_model

    from content.models import ArticlePage
    from feedback.followups import _notify, followups_escalate
    from feedback.models import FollowUp
    from packets.sending import packets_sweep
    from packets.services import packet_save, packet_send
    from surveys.scheduling import rule_pages_for
    from surveys.sending import _render
    from transitions.models import CareTransition

    users = get_user_model().objects.in_bulk(field_name="username")
    liaison, manager, editor = (
        users["liaison@example.org"],
        users["manager@example.org"],
        users["editor@example.org"],
    )
    kinds: dict[str, list] = {}

    def collect(kind: str) -> None:
        kinds[kind] = list(mail.outbox)
        mail.outbox.clear()

    for language in ("en", "es"):
        invite(language=language, email=f"alex-{language}@example.org")
    collect("invitation")

    page = rule_pages_for(destination_kind="snf")[0]
    kinds["reminder"] = [
        mail.EmailMessage(subject=subject, body=text + html, from_email=sender)
        for subject, text, html, sender in (_render(page, language, "reminder") for language in ("en", "es"))
    ]

    pages = list(ArticlePage.objects.live().filter(locale__language_code="en")[:2])
    for transition in CareTransition.objects.filter(external_reference__startswith="DEMO-"):
        transition.liaison = liaison
        transition.save(update_fields=["liaison"])
        packet_send(packet=packet_save(transition=transition, pages=pages, user=liaison), user=liaison)
    packets_sweep()
    collect("packet")

    followup = FollowUp.objects.first()
    # An open case not yet notified nor escalated (the demo data marks its cases as done).
    FollowUp.objects.filter(pk=followup.pk).update(notified_at=None, escalated_at=None, status=FollowUp.OPEN)
    _notify(followup)
    collect("follow-up notice")
    followups_escalate(now=timezone.now() + dt.timedelta(days=400))
    collect("follow-ups overdue")

    for prefix in ("", "/es"):
        client.post(f"{prefix}/accounts/password/reset/", {"email": "liaison@example.org"})
    collect("password reset")

    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision(user=editor)
        state = article.get_workflow().start(article, editor)
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, manager, "approve")
    collect("workflow")
    return kinds


@pytest.mark.both_databases
def test_every_email_of_the_demo_comes_from_the_organization_with_links_to_base_url(
    demo, client, django_capture_on_commit_callbacks
):
    kinds = send_every_email_kind(client, django_capture_on_commit_callbacks)
    for kind, emails in kinds.items():
        assert emails, f"no {kind} email was sent"
        for email in emails:
            assert_speaks_for_the_organization(f"{kind} email {email.subject!r}", email_text(email))
    for kind in ("invitation", "reminder", "packet"):
        for email in kinds[kind]:
            text = email_text(email)
            assert "Riverside Health Care Transitions <care-transitions@riverside-health.example>" in text
            assert ORGANIZATION in email.subject and HELP_LINE in text, kind
            assert "1200 Riverbend Avenue" in text, kind
    spanish_packet = next(e for e in kinds["packet"] if "alex-es" in e.to[0])
    assert "Su enlace para el traslado es Lee Liaison. Línea directa: (410) 555-0161." in spanish_packet.body
    assert any(f"Hello from {ORGANIZATION}!" in e.body for e in kinds["password reset"])
    # Wagtail's "approved" email links to the live page on the running site.
    assert any(settings.WAGTAILADMIN_BASE_URL + "/health-topics/" in e.body for e in kinds["workflow"])


def test_every_patient_page_of_the_demo_names_the_organization_and_its_help_line(demo):
    from django.contrib.auth import get_user_model

    from content.models import ArticlePage
    from packets.sending import opt_out_link as packet_opt_out_link
    from packets.sending import packets_sweep
    from packets.services import packet_save, packet_send
    from surveys.models import Invitation
    from surveys.sending import opt_out_link

    survey_link = re.search(r"Survey link: (\S+)", invite(language="es"))[1]
    assert survey_link.startswith(settings.WAGTAILADMIN_BASE_URL + "/es/s/")
    invitation = Invitation.objects.select_related("transition").latest("pk")
    transition = invitation.transition
    transition.liaison = get_user_model().objects.get(username="liaison@example.org")
    transition.save(update_fields=["liaison"])
    pages = list(ArticlePage.objects.live().filter(locale__language_code="en")[:2])
    packet = packet_send(
        packet=packet_save(transition=transition, pages=pages, user=transition.liaison),
        user=transition.liaison,
    )
    packet_link = packets_sweep(keep_links=True).links[packet.pk]
    base = settings.WAGTAILADMIN_BASE_URL

    def page(client: Client, url: str, *, status: int = 200) -> str:
        response = client.get(url.removeprefix(base), follow=True)
        assert response.status_code == status, url
        html = response.content.decode()
        assert_speaks_for_the_organization(url, html.replace('href="/', f'href="{base}/'))
        assert ORGANIZATION in html, url
        return re.sub(r"<[^>]+>", "", html)  # the words, phone links and all

    patient = Client()
    # The stop pages, the link-problem pages (both languages) and the thank-you page.
    for url in (opt_out_link(invitation), packet_opt_out_link(packet)):
        assert HELP_LINE in page(patient, url)
    for url in ("/s/not-a-real-token-0123456789abcdef/", "/p/not-a-real-token-0123456789abcdef/"):
        assert f"call {ORGANIZATION} at {HELP_LINE}" in page(patient, url, status=404)
        assert f"llame a {ORGANIZATION} al {HELP_LINE}" in page(patient, "/es" + url, status=404)
    thank_you_url = patient.get(survey_link.removeprefix(base)).url + "thank-you/"
    Invitation.objects.filter(pk=invitation.pk).update(responded_at=timezone.now())
    assert f"Llame a {ORGANIZATION} al {HELP_LINE}" in page(patient, thank_you_url)

    # The packet page, its print view and its PDF, with the liaison's direct line.
    reader = Client()
    assert "Lee Liaison. Línea directa: (410) 555-0161" in page(reader, packet_link)
    page(reader, "/es/packet/print/")
    pdf = reader.get("/es/packet/handout.pdf")
    assert pdf.status_code == 200
    document = PdfReader(io.BytesIO(pdf.getvalue()))
    text = "\n".join(p.extract_text() for p in document.pages) + str(document.metadata)
    assert ORGANIZATION in text and "(410) 555-0161" in text
    for word in FORBIDDEN:
        assert word not in text


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.links:
        address = urlsplit(href)
        if address.scheme in {"mailto", "tel"} or (address.netloc and address.netloc != "testserver"):
            continue
        path = urldefrag(href)[0]
        if path and not path.startswith(NOT_CRAWLED):
            links.append(path)
    return links


def test_every_internal_link_from_the_home_page_works_in_english_and_spanish(demo, capsys):
    """Follows every link of every page reached from / and /es/ (GET only; forms are not
    submitted): each answers 200, or redirects to a page that does."""
    client = Client()
    seen: dict[str, int] = {}
    queue = ["/", "/es/"]
    followed = 0
    broken = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url, follow=True)
        seen[url] = response.status_code
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        for word in FORBIDDEN:
            assert word not in html, f"{url} contains {word!r}"
        links = internal_links(html)
        followed += len(links)
        queue.extend(link for link in links if link not in seen)
    assert broken == []
    assert "/privacy/" in seen and "/es/privacy/" in seen
    with capsys.disabled():
        print(f"\ncrawl: {len(seen)} pages, {followed} links followed, {len(broken)} broken")


# --- editing it ------------------------------------------------------------------------


def test_a_manager_edits_the_organization_and_direct_lines_in_the_admin_and_a_liaison_cannot(
    client, organization, manager
):
    from tests.factories import StaffUserFactory, activate_totp

    edit = f"/admin/settings/portal/organizationsettings/{organization.site_id}/"
    client.force_login(manager)
    page = client.get(edit)
    assert page.status_code == 200
    assert "Riverside Health" in page.content.decode() and "privacy_notice_es" in page.content.decode()
    assert client.get("/admin/snippets/portal/staffprofile/add/").status_code == 200

    liaison = StaffUserFactory(role="Liaison")
    activate_totp(liaison)
    client.force_login(liaison)
    assert client.get(edit).status_code in {302, 403}
    assert client.get("/admin/snippets/portal/staffprofile/add/").status_code in {302, 403}
    # Each person keeps their own direct line under Account.
    assert 'name="direct_phone-direct_phone"' in client.get("/admin/account/").content.decode()


def test_a_changed_organization_name_shows_on_the_next_page_view(client, organization, library):
    assert "Riverside Health" in client.get("/").content.decode()
    organization.name_es = "Salud Riverside"
    organization.name = "Riverside Health System"
    organization.save()
    assert "Riverside Health System" in client.get("/").content.decode()
    assert "Salud Riverside" in client.get("/es/").content.decode()


def test_the_privacy_page_shows_the_notice_in_the_readers_language(client, organization):
    english, spanish = client.get("/privacy/"), client.get("/es/privacy/")
    assert english.status_code == spanish.status_code == 200
    assert "This notice says what we collect here" in english.content.decode()
    assert "Este aviso explica qué información" in spanish.content.decode()
