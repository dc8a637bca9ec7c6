"""Care transition factories: facilities and the patients' moves between them."""

import datetime as dt

import factory

from transitions.models import CareTransition, Facility


class FacilityFactory(factory.django.DjangoModelFactory):
    """A hospital unless told otherwise."""

    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Hospital {n}")
    kind = "hospital"


class CareTransitionFactory(factory.django.DjangoModelFactory):
    """Ana's move from a hospital to a skilled nursing facility today, reachable by email at
    an address made from the reference (ENC-1 → enc-1@example.org)."""

    class Meta:
        model = CareTransition

    external_reference = factory.Sequence(lambda n: f"ENC-{n + 1}")
    patient_first_name = "Ana"
    email = factory.LazyAttribute(lambda transition: f"{transition.external_reference.lower()}@example.org")
    language = "en"
    discharging_facility = factory.SubFactory(FacilityFactory)
    destination_kind = "snf"
    transition_date = factory.LazyFunction(dt.date.today)
