"""Writes for the portal app."""

from django.utils import timezone

from portal.models import Heartbeat


def heartbeat_record(*, source: str) -> Heartbeat:
    """Record that ``source`` is alive now; running it twice leaves one row."""
    heartbeat, _created = Heartbeat.objects.update_or_create(
        source=source[:100], defaults={"seen_at": timezone.now()}
    )
    return heartbeat
