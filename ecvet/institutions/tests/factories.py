from __future__ import annotations

import factory

from ecvet.institutions.models import ContactPerson, Institution, InstitutionKind


class InstitutionFactory(factory.django.DjangoModelFactory[Institution]):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    kind = InstitutionKind.VET_SCHOOL
    country = "LV"
    city = "Rīga"


class ContactPersonFactory(factory.django.DjangoModelFactory[ContactPerson]):
    class Meta:
        model = ContactPerson

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Contact Person{n}")
    position = "Coordinator"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
