"""The demo's fictional organization: the name, numbers and privacy notice every patient
page and email shows, and the demo liaisons' direct lines. Numbers are in the 555-01xx
range kept for fiction; the mail domain ends in .example, which never delivers."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.models import Site

from portal.models import OrganizationSettings, StaffProfile

ORGANIZATION = {
    "name": "Riverside Health",
    "name_es": "Riverside Health",
    "short_name": "Riverside",
    "short_name_es": "Riverside",
    "main_phone": "(410) 555-0100",
    "help_phone": "(410) 555-0142",
    "help_hours": "Monday to Friday, 8 a.m. to 6 p.m.",
    "help_hours_es": "de lunes a viernes, de 8 a. m. a 6 p. m.",
    "sender_name": "Riverside Health Care Transitions",
    "sender_email": "care-transitions@riverside-health.example",
    "postal_address": "1200 Riverbend Avenue, Suite 300\nBaltimore, MD 21201",
    "privacy_notice": (
        "<p>Riverside Health runs this site with Riverside General Hospital and St. Anne's "
        "Community Hospital. This notice says what we collect here and what we do with it.</p>"
        "<h2>Reading health pages</h2>"
        "<p>You can read every health page without giving your name. We keep a count of how "
        "often each page is read, and your answers to “Was this page helpful?”, without "
        "anything that says who you are.</p>"
        "<h2>Surveys and care materials we email you</h2>"
        "<p>When you move from one of our hospitals to your next place of care, we may email "
        "you a short survey or pages chosen for you. We use your email address only for "
        "that. Your answers help us make moves better; staff who follow up on a problem can "
        "see them. We erase your contact details a year after your move.</p>"
        "<p>Every email has a link to stop our emails. Stopping them does not change your care.</p>"
        "<h2>Your rights</h2>"
        "<p>Our Notice of Privacy Practices explains your rights under HIPAA, including how to "
        "see your records. Ask for a copy at any of our hospitals or call our patient help "
        "line.</p>"
    ),
    "privacy_notice_es": (
        "<p>Riverside Health administra este sitio junto con Riverside General Hospital y "
        "St. Anne's Community Hospital. Este aviso explica qué información reunimos aquí y "
        "qué hacemos con ella.</p>"
        "<h2>Leer las páginas de salud</h2>"
        "<p>Puede leer todas las páginas de salud sin dar su nombre. Contamos cuántas veces se "
        "lee cada página y guardamos sus respuestas a “¿Le fue útil esta página?”, sin nada "
        "que diga quién es usted.</p>"
        "<h2>Encuestas y materiales que le enviamos por correo electrónico</h2>"
        "<p>Cuando usted pasa de uno de nuestros hospitales a su próximo lugar de cuidado, "
        "podemos enviarle una encuesta corta o páginas elegidas para usted. Usamos su correo "
        "electrónico solo para eso. Sus respuestas nos ayudan a mejorar los traslados; el "
        "personal que da seguimiento a un problema puede verlas. Borramos sus datos de "
        "contacto un año después de su traslado.</p>"
        "<p>Cada correo tiene un enlace para dejar de recibir nuestros correos. Esto no cambia "
        "su cuidado.</p>"
        "<h2>Sus derechos</h2>"
        "<p>Nuestro Aviso de Prácticas de Privacidad explica sus derechos según la ley HIPAA, "
        "entre ellos cómo ver su historia clínica. Pida una copia en cualquiera de nuestros "
        "hospitales o llame a nuestra línea de ayuda para pacientes.</p>"
    ),
}
# The demo liaisons' direct lines, shown on the packets they send.
LIAISON_PHONES = {
    "liaison@example.org": "(410) 555-0161",
    "liaison2@example.org": "(410) 555-0162",
}


def organization_seed() -> OrganizationSettings:
    """Fill in the demo organization unless someone already named one in the admin."""
    site = Site.objects.get(is_default_site=True)
    row, _created = OrganizationSettings.objects.get_or_create(site=site)
    if not row.name:
        for field, value in ORGANIZATION.items():
            setattr(row, field, value)
        row.save()
    users = get_user_model().objects.filter(username__in=LIAISON_PHONES)
    for user in users:
        StaffProfile.objects.get_or_create(
            user=user, defaults={"direct_phone": LIAISON_PHONES[user.username]}
        )
    return row
