"""Every page type the project renders passes the Nu Html Checker (vnu.jar) with no error.

The pages are rendered with the test client from the demo content (both languages), written
to one folder, and checked in ONE vnu run: Java starts once, which takes seconds for the
whole folder where a run per page would take minutes. vnu's warnings do not fail the test;
they are listed in pytest's warnings summary, so they stay visible.

vnu.jar comes from the exact-pinned ``vnu-jar`` dev dependency in package.json (``make test``
installs it with ``npm ci``); ``VNU_JAR`` may point at another copy of the same jar. Java is
needed to run it: the test fails, rather than skips, when either is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from content.models import ArticlePage, CareSettingPage, ConditionIndexPage
from demo.library_seed import library_seed
from demo.surveys_seed import surveys_seed
from packets.sending import opt_out_link as packet_opt_out_link
from packets.sending import packets_sweep
from packets.services import packet_save, packet_send
from surveys import sending as survey_sending
from surveys.models import Invitation
from surveys.services import transition_save
from tests.factories import STAFF_PASSWORD, StaffUserFactory
from transitions.models import CareTransition, Facility

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get("VNU_JAR") or Path(settings.BASE_DIR) / "node_modules/vnu-jar/build/dist/vnu.jar"
)
MIN_DOCUMENTS = 40


class HtmlCheckerWarning(UserWarning):
    """A warning of the Nu Html Checker: listed, not failed."""


class _Form(HTMLParser):
    """The fields of a survey step's form, to answer it as a person would: the first option
    of each group, a short text in each box, a phone number where one is asked."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.tel: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if not name or name in ("csrfmiddlewaretoken", "wizard_goto_step") or name.endswith("-website"):
            return
        kind = attrs.get("type", "text") if tag == "input" else tag
        if kind in ("radio", "checkbox"):
            self.data.setdefault(name, attrs.get("value", ""))
        elif kind == "tel":
            self.tel.append(name)
            self.data[name] = "555 201 0123"
        elif kind in ("text", "textarea"):
            self.data[name] = "Fine, thank you."


def _answers(html: str) -> _Form:
    form = _Form()
    form.feed(html)
    return form


class Pages:
    """The rendered documents, by file name, in the folder vnu checks."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names: list[str] = []

    def add(self, name: str, response, *, status: int = 200) -> str:
        assert response.status_code == status, (name, response.status_code)
        return self.write(name, response.content.decode())

    def get(self, client: Client, name: str, url: str, *, status: int = 200, **params):
        response = client.get(url, params or None)
        self.add(name, response, status=status)
        return response

    def write(self, name: str, html: str) -> str:
        assert name not in self.names, name
        self.names.append(name)
        (self.folder / f"{len(self.names):02d}-{name}.html").write_text(html, encoding="utf-8")
        return html


@pytest.fixture
def demo(home_page):
    library = library_seed(home=home_page)
    surveys = surveys_seed(home=home_page)
    return {**library, **surveys}


def _public_pages(pages: Pages, demo) -> None:
    client = Client()
    for language, prefix in (("en", ""), ("es", "/es")):
        pages.get(client, f"{language}-home", f"{prefix}/")
        az = ConditionIndexPage.objects.live().get(locale__language_code=language)
        pages.get(client, f"{language}-a-to-z", az.url)
        article = ArticlePage.objects.live().filter(locale__language_code=language).order_by("pk").first()
        pages.get(client, f"{language}-article", article.url)
        setting = CareSettingPage.objects.live().filter(locale__language_code=language).order_by("pk").first()
        pages.get(client, f"{language}-care-setting", setting.url)
        query = "heart failure" if language == "en" else "insuficiencia cardíaca"
        pages.get(client, f"{language}-search-results", f"{prefix}/search/", q=query)
        pages.get(client, f"{language}-search-nothing", f"{prefix}/search/", q="zzqxv")
        pages.get(client, f"{language}-search-empty", f"{prefix}/search/")
        pages.get(client, f"{language}-not-found", f"{prefix}/no-such-page/", status=404)
        refused = Client(enforce_csrf_checks=True).post(f"{prefix}/search/")  # no security cookie
        pages.add(f"{language}-form-without-cookie", refused, status=403)
    english_only = (
        ArticlePage.objects.live()
        .filter(locale__language_code="en")
        .exclude(
            translation_key__in=ArticlePage.objects.filter(locale__language_code="es").values(
                "translation_key"
            )
        )
    )
    if english_only.exists():
        pages.get(client, "es-untranslated", f"/es/untranslated/{english_only.first().pk}/")


def _answer_survey(pages: Pages, client: Client, start_url: str, language: str) -> None:
    """Every step blank, one step with an error, the check page and the thank-you page."""
    pages.get(client, f"{language}-survey-start", start_url)
    url = client.get(start_url + ("continue/")).url
    errors_shown = False
    while not url.endswith(("/check/", "/revisar/")):
        html = pages.get(client, f"{language}-survey-step-{len(pages.names)}", url).content.decode()
        form = _answers(html)
        if form.tel and not errors_shown:
            wrong = {**form.data, **dict.fromkeys(form.tel, "call me maybe")}
            pages.add(f"{language}-survey-step-with-errors", client.post(url, wrong))
            errors_shown = True
        response = client.post(url, form.data)
        assert response.status_code == 302, (url, response.status_code)
        url = response.url
    assert errors_shown, "no step asked for a phone number, so no step with errors was checked"
    pages.get(client, f"{language}-survey-check", url)
    response = client.post(url, {})
    assert response.status_code == 302
    pages.get(client, f"{language}-survey-thank-you", response.url)


def _invitation_links(demo) -> dict[str, str]:
    """Invitations emailed through the normal sweep; their HTML parts are kept too."""
    hospital = Facility.objects.create(name="Riverside General Hospital", kind="hospital")
    for language in ("en", "es"):
        transition_save(
            transition=CareTransition(
                external_reference=f"VNU-{language}",
                patient_first_name="Alex",
                email=f"alex-{language}@example.org",
                language=language,
                discharging_facility=hospital,
                destination_kind="snf",
                transition_date=timezone.localdate() - dt.timedelta(days=3),
            )
        )
    invitations = Invitation.objects.filter(status=Invitation.SCHEDULED)
    invitations.update(due_at=timezone.now())
    result = survey_sending.invitations_sweep(
        invitation_ids=list(invitations.values_list("pk", flat=True)), ignore_window=True, keep_links=True
    )
    assert result.sent == 2
    return {Invitation.objects.get(pk=pk).language: link for pk, link in result.links.items()}


def _survey_pages(pages: Pages, demo) -> None:
    links = _invitation_links(demo)
    for message in mail.outbox:
        (html, _kind), *_rest = message.alternatives
        pages.write(f"email-survey-invitation-{message.to[0].split('@')[0]}", html)
    for language in ("en", "es"):
        # A reminder as the sweep fills it in (the sweep sends none until days later).
        _subject, _text, html, _sender = survey_sending._render(demo["move_page"], language, "reminder")
        html = (
            html.replace(survey_sending.NAME_MARK, "Alex")
            .replace(survey_sending.LINK_MARK, links[language])
            .replace(survey_sending.STOP_MARK, links[language] + "stop/")
        )
        pages.write(f"email-survey-reminder-{language}", html)

    # The public page, anonymously, in English; the personal link, in Spanish.
    _answer_survey(pages, Client(), demo["move_page"].url, "en")
    client = Client()
    path = urlsplit(links["es"]).path
    start = client.get(path)
    assert start.status_code == 302
    _answer_survey(pages, client, start.url, "es")
    used = Client().get(path)
    pages.add("es-survey-link-used", used, status=used.status_code)
    pages.get(
        Client(), "en-survey-link-unknown", "/s/not-a-real-token-0123456789abcdefghijklmnop/", status=404
    )
    expired = Invitation.objects.get(language="en")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    response = Client().get(urlsplit(links["en"]).path)
    pages.add("en-survey-link-expired", response, status=response.status_code)

    stop = urlsplit(survey_sending.opt_out_link(expired)).path
    pages.get(Client(), "en-survey-stop", stop)
    pages.add("en-survey-stopped", Client().post(stop))
    signed = signing.dumps(10**9, salt=survey_sending.OPT_OUT_SALT)
    pages.get(Client(), "en-survey-stop-unknown", f"/stop/{signed}/", status=404)


def _packet_pages(pages: Pages, demo) -> None:
    liaison = StaffUserFactory(role="Liaison")
    hospital = Facility.objects.create(name="North Hospital", kind="hospital")
    hospital.liaisons.add(liaison)
    chosen = [
        *ArticlePage.objects.live().filter(locale__language_code="es").order_by("pk")[:2],
        *ArticlePage.objects.live().filter(locale__language_code="en").order_by("-pk")[:1],
    ]
    transition = CareTransition.objects.create(
        external_reference="VNU-P",
        patient_first_name="Rosa",
        email="rosa@example.org",
        language="es",
        discharging_facility=hospital,
        destination_kind="snf",
        transition_date=timezone.localdate(),
    )
    packet = packet_save(transition=transition, pages=chosen, user=liaison)
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    packet_send(packet=packet, user=liaison, now=now)
    mail.outbox.clear()
    result = packets_sweep(now=now + dt.timedelta(minutes=1), keep_links=True)
    (message,) = mail.outbox
    pages.write("email-packet-es", message.alternatives[0][0])
    client = Client()
    assert client.get(urlsplit(result.links[packet.pk]).path).status_code == 302
    pages.get(client, "es-packet", "/es/packet/")
    first = packet.items.order_by("position").first()
    item = client.get(f"/es/packet/page/{first.pk}/")  # by the item's id, not its place
    assert item.status_code == 302
    pages.get(client, "es-packet-article", item.url)
    pages.get(client, "es-packet-print", "/es/packet/print/")
    pages.get(Client(), "es-packet-without-session", "/es/packet/", status=404)
    stop = urlsplit(packet_opt_out_link(packet)).path
    pages.get(Client(), "es-packet-stop", stop)
    pages.add("es-packet-stopped", Client().post(stop))


def _staff_pages(pages: Pages) -> None:
    from tests.factories import activate_totp

    client = Client()
    pages.get(client, "staff-login", "/accounts/login/")
    pages.add(
        "staff-login-wrong", client.post("/accounts/login/", {"login": "x@example.org", "password": "no"})
    )
    user = StaffUserFactory(role="Liaison manager")
    activate_totp(user)
    response = client.post("/accounts/login/", {"login": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    pages.get(client, "staff-2fa-code", response.url)
    pages.add("staff-2fa-code-wrong", client.post(response.url, {"code": "000000"}))
    pages.get(Client(), "staff-password-reset", "/accounts/password/reset/")
    new = StaffUserFactory(role="Liaison")
    client = Client()
    response = client.post("/accounts/login/", {"login": new.email, "password": STAFF_PASSWORD})
    pages.add("staff-2fa-set-up", client.get(response.url, follow=True))


@pytest.fixture
def java() -> str:
    """Java's path; fails (never skips) without Java or the jar, before seeding anything."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: `make test` installs it (apt-get install default-jre-headless).")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: `make test` installs it (npm ci, the vnu-jar dev dependency).")
    return java


def _run_vnu(folder: Path, *, java: str) -> list[dict]:
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(completed.stderr or completed.stdout)["messages"]


def _where(message: dict, folder: Path) -> str:
    name = Path(urlsplit(message.get("url", "")).path).name
    line = message.get("lastLine", "?")
    return f"{name}:{line}: {message.get('message', '')} [{(message.get('extract') or '').strip()[:80]}]"


def test_every_page_type_is_valid_html(java, demo, tmp_path):
    pages = Pages(tmp_path)
    _public_pages(pages, demo)
    _survey_pages(pages, demo)
    _packet_pages(pages, demo)
    _staff_pages(pages)
    assert len(pages.names) >= MIN_DOCUMENTS, pages.names

    messages = _run_vnu(tmp_path, java=java)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    found = [m for m in messages if m.get("subType") == "warning"]
    for message in found:
        warnings.warn(_where(message, tmp_path), HtmlCheckerWarning, stacklevel=1)
    print(f"vnu: {len(pages.names)} documents, {len(errors)} errors, {len(found)} warnings")
    assert [_where(m, tmp_path) for m in errors] == []
