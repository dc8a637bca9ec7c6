"""The care transitions liaisons record, and the addresses that asked for no more email.

Personal data is kept to what an invitation needs: a first name, a contact email (and
optionally a phone), the preferred language, and who answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from content.models.pages import CARE_SETTING_KINDS
from content.models.snippets import CODE_PATTERNS, ICD10CM
from transitions.hooks import TRANSITION_SAVED, hooks_run
from transitions.models.facilities import Facility

DESTINATION_KINDS = CARE_SETTING_KINDS  # the same kinds as the education library's care settings


class CareTransition(models.Model):
    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    PATIENT = "patient"
    PROXY = "proxy"

    external_reference = models.CharField(
        _("reference"),
        max_length=64,
        unique=True,
        help_text=_("The organization's own number for this discharge, such as the encounter number."),
    )
    patient_first_name = models.CharField(_("patient's first name"), max_length=60)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    respondent = models.CharField(
        _("who answers"),
        max_length=10,
        choices=[(PATIENT, _("The patient")), (PROXY, _("A family member or carer"))],
        default=PATIENT,
    )
    proxy_name = models.CharField(_("family member's or carer's name"), max_length=80, blank=True)
    discharging_facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="discharges", verbose_name=_("discharged from")
    )
    destination_kind = models.CharField(_("moving to"), max_length=20, choices=DESTINATION_KINDS)
    receiving_facility = models.ForeignKey(
        Facility,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admissions",
        verbose_name=_("receiving facility"),
    )
    transition_date = models.DateField(_("date of the move"))
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transitions",
        verbose_name=_("responsible liaison"),
    )
    condition_codes = models.CharField(
        _("condition codes"),
        max_length=200,
        blank=True,
        help_text=_("ICD-10-CM codes from the discharge, separated by commas, e.g. I50.9, E11.9."),
    )
    conditions = models.ManyToManyField(
        "content.Condition",
        blank=True,
        related_name="+",
        verbose_name=_("conditions"),
        help_text=_("Or pick the conditions from the library's list."),
    )
    do_not_contact = models.BooleanField(
        _("do not contact"), default=False, help_text=_("No survey or reminder is sent while this is ticked.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by the retention sweep (transitions.retention) when it erased the contact details;
    # the sweep skips erased rows, so running it again changes nothing.
    contact_erased_at = models.DateTimeField(
        _("contact details erased"), null=True, blank=True, editable=False
    )

    class Meta:
        db_table = "surveys_caretransition"  # the table it had in the surveys app
        verbose_name = _("care transition")
        verbose_name_plural = _("care transitions")
        ordering = ["-transition_date", "-pk"]
        indexes = [
            models.Index(fields=["transition_date"]),
            # What the retention sweep reads: old moves whose contact details are still kept.
            models.Index(
                fields=["transition_date"],
                condition=models.Q(contact_erased_at__isnull=True),
                name="transition_contact_kept",
            ),
        ]

    def __str__(self) -> str:
        return self.external_reference

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        hooks_run(TRANSITION_SAVED, self)

    def condition_code_list(self) -> list[str]:
        """The entered codes, cleaned: upper case, no blanks, no repeats, in their order."""
        codes = [code.strip().upper() for code in self.condition_codes.replace(";", ",").split(",")]
        return list(dict.fromkeys(code for code in codes if code))

    def clean(self):
        super().clean()
        bad = [code for code in self.condition_code_list() if not CODE_PATTERNS[ICD10CM].match(code)]
        if bad:
            raise ValidationError(
                {
                    "condition_codes": _(
                        "“%(code)s” is not an ICD-10-CM code. Codes look like I50.9 or E11.65."
                    )
                    % {"code": bad[0][:20]}
                }
            )
        self.condition_codes = ", ".join(self.condition_code_list())


class EmailOptOut(models.Model):
    """An address that asked for no more survey emails (kept only as a hash)."""

    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    email_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "surveys_emailoptout"  # the table it had in the surveys app
        verbose_name = _("email opt-out")

    def __str__(self) -> str:
        return self.email_hash[:12]
