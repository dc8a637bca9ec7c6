"""Writes for the portal app."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.utils import timezone
from wagtail.models import Site

from portal.models import Heartbeat


def heartbeat_record(*, source: str) -> Heartbeat:
    """Record that ``source`` is alive now; running it twice leaves one row."""
    heartbeat, _created = Heartbeat.objects.update_or_create(
        source=source[:100], defaults={"seen_at": timezone.now()}
    )
    return heartbeat


def sites_follow_base_url(*, organization_name: str) -> None:
    """Point Wagtail's default Site and django.contrib.sites' Site at BASE_URL, so that the
    links Wagtail builds from its Site (the "view the page" link in workflow emails) and
    anything reading the Django Site name the running portal, not localhost or example.com."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (address.hostname, port):
        site.hostname, site.port = address.hostname, port
        site.save()  # through save(): Wagtail forgets its cached site root paths
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": address.netloc, "name": organization_name[:50]}
    )
