"""Everything an import's rows are checked against, fetched in a few queries whatever the
number of rows: the facilities by name, the transitions the file's references already
name, the staff its liaison column names, and the spellings each choice accepts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils.translation import get_language_info

from transitions.csv_import.columns import CHANGE_PERMISSION
from transitions.csv_import.read import ParsedFile
from transitions.models import DESTINATION_KINDS, CareTransition, Facility
from transitions.selectors import facilities_for_user, transitions_for_user


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _column_values(parsed: ParsedFile, column: str) -> list[str]:
    """The column's distinct non-empty values, stripped, in order."""
    index = parsed.columns[column]
    return sorted({cells[index].strip() for _number, cells in parsed.rows if index < len(cells)} - {""})


class Lookups:
    """What the rows are checked against, as ``user`` may see it. With ``lock``, the
    existing transitions are locked until the transaction ends."""

    def __init__(self, *, parsed: ParsedFile, user, lock: bool):
        self.user = user
        self.facilities_by_name: dict[str, list[Facility]] = {}
        for facility in Facility.objects.all():
            self.facilities_by_name.setdefault(facility.name.strip().casefold(), []).append(facility)
            if facility.ccn:  # a provider's Medicare number names it whatever its spelling
                self.facilities_by_name.setdefault(facility.ccn.casefold(), []).append(facility)
        self.mine = list(facilities_for_user(user=user).order_by("name"))
        self.my_ids = {facility.pk for facility in self.mine}
        self.may_change = user.has_perm(CHANGE_PERMISSION)
        self._existing_find(parsed, lock)
        self._liaisons_find(parsed)
        self._choices_spell()

    def _existing_find(self, parsed: ParsedFile, lock: bool) -> None:
        """The transitions the file's references already name, and which of them the user sees."""
        self.existing: dict[str, CareTransition] = {}
        for chunk in _chunks(_column_values(parsed, "external_reference")):
            found = CareTransition.objects.filter(external_reference__in=chunk)
            if lock:
                found = found.select_for_update()
            self.existing.update({transition.external_reference: transition for transition in found})
        pks = [transition.pk for transition in self.existing.values()]
        self.visible: set[int] = set()
        for chunk in _chunks(pks):
            self.visible.update(
                transitions_for_user(user=self.user).filter(pk__in=chunk).values_list("pk", flat=True)
            )

    def _liaisons_find(self, parsed: ParsedFile) -> None:
        """The active staff accounts the liaison column names, by lower-case address."""
        self.users_by_email: dict[str, list] = {}
        if "liaison_email" not in parsed.columns:
            return
        emails = sorted({value.lower() for value in _column_values(parsed, "liaison_email")})
        users = get_user_model().objects.filter(is_active=True).annotate(email_lower=Lower("email"))
        for chunk in _chunks(emails):
            for person in users.filter(email_lower__in=chunk):
                self.users_by_email.setdefault(person.email_lower, []).append(person)

    def _choices_spell(self) -> None:
        """Every spelling (code or label, in any case) each choice column accepts."""
        self.destinations = {}
        for code, label in DESTINATION_KINDS:
            self.destinations[code.casefold()] = code
            self.destinations[str(label).casefold()] = code
        self.languages = {}
        for code, name in settings.LANGUAGES:
            info = get_language_info(code)
            for spelling in (code, name, info["name"], info["name_local"], str(info["name_translated"])):
                self.languages[spelling.casefold()] = code
        self.respondents = {}
        for code, label in CareTransition._meta.get_field("respondent").choices:
            self.respondents[code] = code
            self.respondents[str(label).casefold()] = code

    def facility_names(self) -> str:
        return ", ".join(f"“{facility.name}”" for facility in self.mine[:10]) + (
            " …" if len(self.mine) > 10 else ""
        )
