"""The keyed hashes and date shifts of a de-identified export."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

# Fixed prefixes keep these hashes apart from any other use of the same key. (The names
# are those of the module that first used them; changing them would change every hash.)
REFERENCE_PURPOSE = "feedback.exports.reference"
DATE_SHIFT_PURPOSE = "feedback.exports.date-shift"
MAX_SHIFT_DAYS = 182


class Pseudonyms:
    """Keyed hashes (HMAC-SHA256) standing in for references in a de-identified export, and
    the whole-day date shift of each care transition. The shift comes from a hash of its own,
    so it cannot be worked out from the references the file shows."""

    def __init__(self) -> None:
        key = getattr(settings, "EXPORT_HASH_KEY", "") or settings.SECRET_KEY
        self._mac = hmac.new(key.encode(), digestmod=hashlib.sha256)

    def _digest(self, purpose: str, kind: str, value: object) -> str:
        mac = self._mac.copy()
        mac.update(f"{purpose}:{kind}:{value}".encode())
        return mac.hexdigest()

    def reference(self, kind: str, value: object) -> str:
        return self._digest(REFERENCE_PURPOSE, kind, value)[:16]

    def day_shift(self, kind: str, value: object) -> int:
        """Between -MAX_SHIFT_DAYS and MAX_SHIFT_DAYS days, never 0."""
        spread = int(self._digest(DATE_SHIFT_PURPOSE, kind, value)[:8], 16) % (2 * MAX_SHIFT_DAYS)
        return spread - MAX_SHIFT_DAYS if spread < MAX_SHIFT_DAYS else spread - MAX_SHIFT_DAYS + 1
